"""Data export and account deletion, extended by every app through two registries.

- `register_export(section, function)`: function(user) -> JSON-serialisable data for that section.
- `register_export_files(function)`: function(user) -> iterable of FieldFile the member uploaded.
- `register_erasure(function)`: function(user) called inside delete_account's transaction, to cancel
  or anonymise what that app holds, before the account's own data (profile, addresses) is erased.
  It must never delete anything that belongs to someone else.

Every app registers, in its AppConfig.ready() (its privacy.py), everything it holds about a member;
tests/trust/test_account_erasure.py creates a member with data in every table, deletes the account
and scans every text column and the media folder for what identified them.
"""

import io
import json
import secrets
import zipfile
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.choices import Visibility
from members.backends import forget_signed_in_user
from members.models import DELETED_EMAIL_DOMAIN, Block, Profile, User
from members.services import end_sessions

_EXPORTERS: dict[str, Callable] = {}
_FILE_EXPORTERS: list[Callable] = []
_ERASERS: list[Callable] = []


def register_export(section: str, function: Callable) -> None:
    _EXPORTERS[section] = function


def register_export_files(function: Callable) -> None:
    _FILE_EXPORTERS.append(function)


def register_erasure(function: Callable) -> None:
    if function not in _ERASERS:
        _ERASERS.append(function)


def export_data(user) -> dict:
    return {section: function(user) for section, function in sorted(_EXPORTERS.items())}


def export_zip(user) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(export_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for function in _FILE_EXPORTERS:
            for field_file in function(user):
                if not field_file:
                    continue
                try:
                    with field_file.open("rb") as handle:
                        archive.writestr(f"files/{field_file.name}", handle.read())
                except OSError:
                    continue
    return buffer.getvalue()


def delete_account(user) -> None:
    """Erase the member's personal data and close the account, in one transaction."""
    with transaction.atomic():
        # Every app first (they may still read the name and address, to find and scrub them),
        # the account's own data last.
        for function in [*_ERASERS, *_ACCOUNT_ERASERS]:
            function(user)
        token = secrets.token_hex(8)
        user.email = f"deleted-{user.pk}-{token}{DELETED_EMAIL_DOMAIN}"
        user.handle = f"deleted-{user.pk}-{token}"
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        transaction.on_commit(lambda: end_sessions(user))


# --- What the members app holds ------------------------------------------------------------------


def _export_account(user) -> dict:
    return {
        "email": user.email,
        "handle": user.handle,
        "language": user.language,
        "time_zone": user.time_zone,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "accepted_code_of_conduct_at": user.accepted_code_of_conduct_at,
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
    }


def _export_profile(user) -> dict | None:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = {
        field.name: getattr(profile, field.attname)
        for field in Profile._meta.concrete_fields
        if field.name not in {"search_vector", "skills_text", "user"}
    }
    data["avatar"] = profile.avatar.name if profile.avatar else ""
    data["country_of_origin"] = str(profile.country_of_origin)
    data["country_of_residence"] = str(profile.country_of_residence)
    data["skills"] = sorted(profile.skills.names())
    data["causes"] = sorted(profile.causes.names())
    return data


def _export_blocks(user) -> list:
    return [
        {"blocked": block.blocked.handle, "since": block.created_at}
        for block in Block.objects.filter(blocker=user).select_related("blocked")
    ]


def _avatar_files(user):
    profile = getattr(user, "profile", None)
    return [profile.avatar] if profile is not None and profile.avatar else []


def _erase_profile(user) -> None:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return
    if profile.avatar:
        profile.avatar.delete(save=False)
    profile.display_name = ""
    profile.headline = ""
    profile.bio = ""
    profile.city = ""
    profile.country_of_origin = ""
    profile.country_of_residence = ""
    profile.links = []
    profile.languages = []
    profile.ways_to_help = []
    profile.hours_per_month = 0
    profile.allow_matching = False
    profile.allow_suggestions = False
    profile.show_contributions = False
    profile.is_changemaker = False
    profile.wants_to_be_ambassador = False
    profile.visibility = Visibility.HIDDEN
    profile.avatar = ""
    profile.save()
    profile.skills.clear()
    profile.causes.clear()
    # The denormalised search text holds the name, headline, bio and skills words.
    Profile.objects.filter(pk=profile.pk).update(skills_text="", search_vector=None)
    forget_signed_in_user(user.pk)


def _erase_admin_history(user) -> None:
    """The admin's change history names the account (its email) and the profile (its name)."""

    for model in (User, Profile):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(user.pk)
        ).update(object_repr=f"deleted member #{user.pk}", change_message="")


def _erase_email_addresses(user) -> None:
    user.emailaddress_set.all().delete()
    Authenticator.objects.filter(user=user).delete()


def _erase_blocks(user) -> None:
    Block.objects.filter(blocker=user).delete()


def _export_field_stamp(user) -> str:
    return timezone.now().isoformat()


register_export("exported_at", _export_field_stamp)
register_export("account", _export_account)
register_export("profile", _export_profile)
register_export("blocks", _export_blocks)
register_export_files(_avatar_files)
_ACCOUNT_ERASERS = [_erase_admin_history, _erase_blocks, _erase_email_addresses, _erase_profile]
