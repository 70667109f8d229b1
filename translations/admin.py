from django.contrib import admin

from core.admin import HideableAdmin
from translations.models import Translation


@admin.register(Translation)
class TranslationAdmin(HideableAdmin):
    list_display = ["title", "content_type", "object_id", "language", "status", "translator"]
    list_filter = ["status", "language", "content_type", "is_hidden"]
    search_fields = ["title", "text"]
    raw_id_fields = ["translator", "reviewed_by"]
    readonly_fields = ["content_type", "object_id", "source_language", "created_at", "updated_at"]
