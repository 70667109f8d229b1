from django.contrib import admin

from core.admin import HideableAdmin
from events.models import Event, OrganizationFollow, Registration


@admin.register(Event)
class EventAdmin(HideableAdmin):
    list_display = [
        "title",
        "starts_at",
        "time_zone",
        "format",
        "status",
        "organization",
        "campaign",
    ]
    # Nullable keys, so the changelist would not join them by itself: one query, not one a row.
    list_select_related = ["organization", "campaign"]
    list_filter = ["status", "format", "language"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "campaign", "created_by"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "state", "position", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["event", "user"]


@admin.register(OrganizationFollow)
class OrganizationFollowAdmin(admin.ModelAdmin):
    raw_id_fields = ["user", "organization"]
