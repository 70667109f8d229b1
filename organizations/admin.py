from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import HideableAdmin
from organizations import services
from organizations.models import (
    Invitation,
    JoinRequest,
    Membership,
    Need,
    NeedStatusChange,
    Offer,
    Organization,
    Venture,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(HideableAdmin):
    list_display = ["name", "kind", "verified", "created_at"]
    list_filter = ["verified", "kind"]
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    actions = [*HideableAdmin.actions, "verify", "unverify"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_organization_search([obj.pk])

    @admin.action(description=_("Verify selected organizations"))
    def verify(self, request, queryset):
        count = services.set_verified(organizations=queryset, verified=True, actor=request.user)
        self.message_user(request, _("%(count)d verified.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Remove the verified badge"))
    def unverify(self, request, queryset):
        count = services.set_verified(organizations=queryset, verified=False, actor=request.user)
        self.message_user(
            request, _("%(count)d no longer verified.") % {"count": count}, messages.SUCCESS
        )


@admin.register(Venture)
class VentureAdmin(HideableAdmin):
    list_display = ["name", "organization", "stage"]
    list_filter = ["stage"]
    search_fields = ["name", "slug", "organization__name"]
    raw_id_fields = ["organization", "leads"]


class NeedStatusChangeInline(admin.TabularInline):
    model = NeedStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(HideableAdmin):
    list_display = ["title", "venture", "category", "status", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "status", "category", "is_remote"]
    search_fields = ["title", "venture__name", "venture__organization__name"]
    raw_id_fields = ["venture", "created_by"]
    # Status moves through the team's pages (services.change_need_status records the history).
    readonly_fields = ["status"]
    inlines = [NeedStatusChangeInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_need_search([obj.pk])


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["need", "member", "state", "created_at", "answered_at"]
    list_filter = ["state"]
    search_fields = ["need__title", "member__email"]
    raw_id_fields = ["need", "member", "answered_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "organization__name"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "state", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["organization", "user", "decided_by"]
