"""Welcome a member once their email address is confirmed."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from members.notifications import notify


@receiver(email_confirmed, dispatch_uid="members.notifications.welcome")
def send_welcome(sender, request, email_address, **kwargs):
    notify(recipient=email_address.user, kind="members.welcome", dedupe_key="members.welcome")
