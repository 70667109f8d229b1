"""An email backend that refuses some addresses with a chosen error, and sends the rest to
Django's test outbox. Tests set `RaisingBackend.errors` ({address or "*": exception})."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RaisingBackend(LocmemBackend):
    errors: dict = {}

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                error = self.errors.get(address, self.errors.get("*"))
                if error is not None:
                    raise error
        return super().send_messages(messages)


def outbox_addresses():
    return [address for message in mail.outbox for address in message.to]
