"""Development only: the current two-factor (TOTP) code, for trying the admin without a phone.

manage.py totp_code --secret JBSWY3DPEHPK3PXP   # the secret the activation page shows
manage.py totp_code staff@example.org           # an account whose authenticator is active
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Development only: print the current TOTP code for an account's authenticator, or for "
        "the secret shown while activating one."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="An account with an active authenticator.")
        parser.add_argument("--secret", help="The base32 secret shown on the activation page.")

    def handle(self, *args, email, secret, **options):
        if settings.PRODUCTION:
            raise CommandError("totp_code is for development; it refuses to run in production.")
        if bool(email) == bool(secret):
            raise CommandError("Give either an account's email address or --secret.")
        if email:
            authenticator = Authenticator.objects.filter(
                user__email__iexact=email, type=Authenticator.Type.TOTP
            ).first()
            if authenticator is None:
                raise CommandError(
                    f"{email} has no active authenticator: activate one at /accounts/2fa/ first."
                )
            secret = decrypt(authenticator.data["secret"])
        period = app_settings.TOTP_PERIOD
        now = int(time.time())
        try:
            code = format_hotp_value(hotp_value(secret.replace(" ", ""), now // period))
        except ValueError as error:  # binascii.Error: not base32
            raise CommandError(f"That is not a base32 secret: {error}") from error
        self.stdout.write(code)
        self.stderr.write(f"valid for {period - now % period} more seconds")
