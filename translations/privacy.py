"""What translations holds about a member, for the data export and account deletion."""

from members.privacy import register_erasure, register_export
from translations.models import Translation


def _export_translations(user) -> list:
    return [
        {
            "of": f"{translation.content_type.app_label}.{translation.content_type.model}",
            "object_id": translation.object_id,
            "language": translation.language,
            "translated_from": translation.source_language,
            "title": translation.title,
            "text": translation.text,
            "status": translation.status,
            "is_hidden": translation.is_hidden,
            "created_at": translation.created_at.isoformat(),
        }
        for translation in Translation.objects.filter(translator=user).select_related(
            "content_type"
        )
    ]


def _anonymise_translations(user) -> None:
    """The translation stays for the readers who rely on it; its translator's name goes."""
    Translation.objects.filter(translator=user).update(translator=None)
    Translation.objects.filter(reviewed_by=user).update(reviewed_by=None)


def register() -> None:
    register_export("translations", _export_translations)
    register_erasure(_anonymise_translations)
