"""A need is found by the words of its translations: organizations keeps the need's
`translations_text` in its search vector, and this keeps that text current whenever a translation
changes, however it changed (a service here, or staff hiding it through moderation)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save

from organizations.models import Need
from organizations.services import refresh_need_search
from translations.models import Translation


def refresh_need_translations_text(need_ids) -> None:
    need_type = ContentType.objects.get_for_model(Need)
    for need_id in need_ids:
        texts = (
            Translation.objects.shown()
            .filter(content_type=need_type, object_id=need_id)
            .order_by("language")
            .values_list("title", "text")
        )
        Need.objects.filter(pk=need_id).update(
            translations_text="\n".join(f"{title}\n{text}" for title, text in texts)
        )
    refresh_need_search(need_ids)


def translation_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Need).pk:
        refresh_need_translations_text([instance.object_id])


def connect():
    post_save.connect(translation_changed, sender=Translation, dispatch_uid="translation_saved")
    post_delete.connect(translation_changed, sender=Translation, dispatch_uid="translation_deleted")
