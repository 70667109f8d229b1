from django.apps import apps
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation import services
from moderation.models import AuditLogEntry, Report, ReportStatus, Suspension


def _note(report: Report) -> str:
    """The staff member's outcome note, or the report's reason when they wrote none."""
    return report.outcome_note or _("Breaks the code of conduct: %(reason)s") % {
        "reason": report.get_reason_display()
    }


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "target_type", "target_id", "status", "handled_by"]
    list_filter = ["status", "reason", "target_type"]
    list_select_related = ["target_type", "handled_by"]
    readonly_fields = [
        "reporter",
        "target_type",
        "target_id",
        "reason",
        "text",
        "status",
        "handled_by",
        "handled_at",
        "created_at",
    ]
    fields = readonly_fields[:5] + ["outcome_note"] + readonly_fields[5:]
    actions = ["hide_target", "restore_target", "warn_author", "suspend_author", "dismiss"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("status", "-created_at")

    @admin.action(description=gettext_lazy("Hide the reported content"))
    def hide_target(self, request, queryset):
        for report in queryset:
            target = report.target
            if target is None or not services.is_hideable(target):
                self.message_user(
                    request, _("%(target)s cannot be hidden.") % {"target": report}, messages.ERROR
                )
                continue
            services.hide(actor=request.user, target=target, reason=_note(report), report=report)

    @admin.action(description=gettext_lazy("Restore the reported content"))
    def restore_target(self, request, queryset):
        for report in queryset:
            target = report.target
            if target is not None and services.is_hideable(target):
                services.restore(actor=request.user, target=target, note=report.outcome_note)

    @admin.action(description=gettext_lazy("Warn the author"))
    def warn_author(self, request, queryset):
        for report in queryset:
            author = services.author_of(report.target) if report.target else None
            if author is not None:
                services.warn(
                    actor=request.user, member=author, message=_note(report), report=report
                )

    @admin.action(description=gettext_lazy("Suspend the author"))
    def suspend_author(self, request, queryset):
        for report in queryset:
            author = services.author_of(report.target) if report.target else None
            if author is not None and not author.is_staff:
                services.suspend(
                    actor=request.user, member=author, reason=_note(report), report=report
                )

    @admin.action(description=gettext_lazy("Dismiss the report"))
    def dismiss(self, request, queryset):
        for report in queryset.filter(status=ReportStatus.OPEN):
            services.dismiss(actor=request.user, report=report, note=report.outcome_note)


# --- Hiding straight from each hideable model's own admin ----------------------------------------
# Staff may also hide a profile, organization, venture, need or event without a report. The
# actions go through the same services (audit log entry, author told), and the hidden fields are
# read-only in those admins so no edit bypasses the audit log.
HIDEABLE_IN_ADMIN = (
    "members.profile",
    "organizations.organization",
    "organizations.venture",
    "organizations.need",
    "campaigns.event",
)


@admin.action(description=gettext_lazy("Hide (moderation: audited, the author is told why)"))
def hide(modeladmin, request, queryset):
    reason = _("Breaks the code of conduct.")
    count = 0
    for target in queryset:
        if not services.is_hidden(target):
            services.hide(actor=request.user, target=target, reason=reason)
            count += 1
    modeladmin.message_user(request, _("%(count)d hidden.") % {"count": count}, messages.SUCCESS)


@admin.action(description=gettext_lazy("Restore (moderation: audited)"))
def restore(modeladmin, request, queryset):
    for target in queryset:
        if services.is_hidden(target):
            services.restore(actor=request.user, target=target)


def _audit_hidden_field_edits(model_admin, fields):
    """Story's admin form edits its hidden fields itself (a reason is required there): wrap its
    save so every such edit is audited and the author told."""
    save_model = model_admin.save_model

    flag = fields[0]

    def audited_save_model(request, obj, form, change):
        save_model(request, obj, form, change)
        changed = set(form.changed_data)
        # Hidden or restored, or the reason of hidden content edited; a reason typed on visible
        # content changes nothing members see.
        if flag in changed or (services.is_hidden(obj) and set(fields) & changed):
            services.record_admin_edit(actor=request.user, target=obj)

    model_admin.save_model = audited_save_model


def _extend_hideable_admins(site=admin.site):
    for key in HIDEABLE_IN_ADMIN:
        model_admin = site._registry.get(apps.get_model(key))
        if model_admin is None:
            continue
        model_admin.actions = [*(model_admin.actions or []), hide, restore]
        model_admin.readonly_fields = [
            *model_admin.readonly_fields,
            *(
                name
                for name in ("is_hidden", "hidden_reason")
                if name not in model_admin.readonly_fields
            ),
        ]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_label"]
    list_filter = ["action"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "suspended_by"]
    readonly_fields = ["user", "reason", "suspended_by", "created_at"]

    def has_add_permission(self, request):
        return False


_extend_hideable_admins()
_story_admin = admin.site._registry.get(apps.get_model("campaigns.story"))
if _story_admin is not None:
    _audit_hidden_field_edits(_story_admin, ["hidden_by_staff", "hidden_reason"])
