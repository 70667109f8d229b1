from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.dispatch import enqueue
from notifications import delivery
from notifications.models import Notification
from notifications.tasks import email_notification


class DeliveryFilter(admin.SimpleListFilter):
    title = _("email delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed")),
            ("pending", _("Not sent yet")),
            ("sent", _("Sent")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        if self.value() == "pending":
            return queryset.filter(emailed_at__isnull=True, failed_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient",
        "email",
        "email_frequency",
        "emailed_at",
        "email_attempts",
        "failed_at",
        "failure",
    ]
    list_filter = [DeliveryFilter, "email_frequency", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "email", "kind"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry"]
    # A delivery record: read, never edited by hand (the retry action resets it).
    readonly_fields = [field.name for field in Notification._meta.fields if field.name != "id"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry sending the email"))
    def retry(self, request, queryset):
        ids = list(queryset.filter(failed_at__isnull=False).values_list("id", flat=True))
        for notification_id in delivery.retry_failed(ids):
            enqueue(email_notification, notification_id)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.",
                "%(count)d emails will be sent again.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )
