from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html
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
    readonly_fields = [*readonly_fields, "reported_content"]
    fields = readonly_fields[:5] + ["reported_content", "outcome_note"] + readonly_fields[5:-1]
    actions = ["hide_target", "restore_target", "warn_author", "suspend_author", "dismiss"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Reported content"))
    def reported_content(self, report):
        """What was reported, in its context: private content (a message) links to where staff
        read it, which is audited there."""
        target = report.target
        if target is None:
            return _("It no longer exists.")
        author = services.author_of(target)
        text = format_html("<blockquote>{}</blockquote>", str(target))
        if author is not None:
            text = format_html("{}<p>{}: {}</p>", text, _("Author"), author.get_full_name())
        if hasattr(target, "moderation_review_url"):
            text = format_html(
                '{}<p><a href="{}">{}</a></p>',
                text,
                target.moderation_review_url(report.pk),
                _("Read it in its conversation (recorded in the audit log)"),
            )
        return text

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
        """Asks for confirmation first (an intermediate page), then suspends."""
        pairs = []
        for report in queryset:
            author = services.author_of(report.target) if report.target else None
            if author is not None and not author.is_staff and author.is_active:
                pairs.append((report, author))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/moderation/report/suspend_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Suspend these members?"),
                    "opts": self.model._meta,
                    "pairs": pairs,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for report, author in pairs:
            services.suspend(actor=request.user, member=author, reason=_note(report), report=report)
        return None

    @admin.action(description=gettext_lazy("Dismiss the report"))
    def dismiss(self, request, queryset):
        for report in queryset.filter(status=ReportStatus.OPEN):
            services.dismiss(actor=request.user, report=report, note=report.outcome_note)


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
    list_display = ["created_at", "user", "suspended_by", "lifted_at", "lifted_by"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["user", "reason", "suspended_by", "created_at", "lifted_at", "lifted_by"]
    actions = ["lift"]

    @admin.action(description=gettext_lazy("Lift the suspension"))
    def lift(self, request, queryset):
        """The one way back (the user admin does not edit `is_active`): audited."""
        for suspension in queryset.filter(lifted_at__isnull=True).select_related("user"):
            services.lift_suspension(actor=request.user, member=suspension.user)

    def has_add_permission(self, request):
        return False
