"""The admin side of `core.models.Hideable`: hide and restore actions for each hideable model's
own admin. Moderation (a higher layer) registers what hiding does (audit log, authors told) with
`register_moderation`; core only knows that someone does."""

from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HIDDEN_FIELDS = ("is_hidden", "hidden_reason")


@dataclass(frozen=True)
class ModerationActions:
    hide: Any  # hide(*, actor, target, reason)
    restore: Any  # restore(*, actor, target)
    record_edit: Any  # record_edit(*, actor, target): the hidden fields were edited in a form


_moderation: ModerationActions | None = None


def register_moderation(actions: ModerationActions) -> None:
    global _moderation
    _moderation = actions


def moderation() -> ModerationActions:
    if _moderation is None:
        raise RuntimeError("No moderation registered: is the moderation app installed?")
    return _moderation


class HideableAdmin(admin.ModelAdmin):
    """Staff hide or restore content from its own admin without a report. Every change goes
    through moderation, so the hidden fields are read-only here unless `edit_hidden_fields` is
    set (then saving a change of them is recorded the same way)."""

    edit_hidden_fields = False
    actions = ["hide", "restore"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.edit_hidden_fields:
            return fields
        return [*fields, *(name for name in HIDDEN_FIELDS if name not in fields)]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = set(form.changed_data)
        # Hidden or restored, or the reason of hidden content edited; a reason typed on visible
        # content changes nothing members see.
        if "is_hidden" in changed or (obj.is_hidden and "hidden_reason" in changed):
            moderation().record_edit(actor=request.user, target=obj)

    @admin.action(description=gettext_lazy("Hide (moderation: audited, the author is told why)"))
    def hide(self, request, queryset):
        reason = _("Breaks the code of conduct.")
        count = 0
        for target in queryset.filter(is_hidden=False):
            moderation().hide(actor=request.user, target=target, reason=reason)
            count += 1
        self.message_user(request, _("%(count)d hidden.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Restore (moderation: audited)"))
    def restore(self, request, queryset):
        for target in queryset.filter(is_hidden=True):
            moderation().restore(actor=request.user, target=target)
