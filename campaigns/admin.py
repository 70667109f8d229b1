"""Staff curation of campaigns, fellows, ambassadors and stories."""

from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from campaigns import services
from campaigns.forms import AddToCampaignForm
from campaigns.models import (
    AmbassadorApplication,
    ApplicationStatus,
    Campaign,
    CampaignMember,
    FeaturedFellow,
    Fellow,
    Story,
)
from campaigns.resources import FellowResource
from core.admin import HideableAdmin
from members.models import Cause


class FellowAdminForm(forms.ModelForm):
    class Meta:
        model = Fellow
        fields = ["photo"]  # the admin's fieldsets decide the rest; core.images cleans the photo


class CampaignAdminForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["hero_image"]  # the admin's fieldsets decide the rest
        # The hero image is a cover (core.images.CoverImageField): its form field checks and
        # re-encodes it, and storing it makes the narrower copies.


class LinkedAccountFilter(admin.SimpleListFilter):
    title = _("linked account")
    parameter_name = "linked"

    def lookups(self, request, model_admin):
        return [("yes", _("Linked")), ("invited", _("Invited, not linked")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(user__isnull=False)
        if self.value() == "invited":
            return queryset.filter(user__isnull=True).exclude(invited_email="")
        if self.value() == "no":
            return queryset.filter(user__isnull=True)
        return queryset


class CauseFilter(admin.SimpleListFilter):
    title = _("cause")
    parameter_name = "cause"

    def lookups(self, request, model_admin):
        return (
            Cause.objects.filter(fellow_items__isnull=False).distinct().values_list("slug", "name")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(cause_items__tag__slug=self.value()).distinct()
        return queryset


class CampaignFilter(admin.SimpleListFilter):
    title = _("campaign")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        return Campaign.objects.values_list("pk", "title")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(featured_in__campaign_id=self.value()).distinct()
        return queryset


@admin.register(Fellow)
class FellowAdmin(ImportExportModelAdmin):
    form = FellowAdminForm
    resource_classes = [FellowResource]
    import_formats = [base_formats.CSV]
    export_formats = [base_formats.CSV]
    list_display = [
        "thumbnail",
        "name",
        "country",
        "fellowship",
        "year_elected",
        "is_published",
        "linked_account",
    ]
    list_display_links = ["thumbnail", "name"]
    list_filter = [
        "country",
        CauseFilter,
        CampaignFilter,
        "is_published",
        LinkedAccountFilter,
        "fellowship",
    ]
    search_fields = ["name", "slug", "bio", "fellowship", "invited_email", "user__email"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
    filter_horizontal = ["ventures"]
    readonly_fields = ["invited_at", "invited_by", "linked_at", "photo_preview"]
    actions = ["publish", "unpublish", "add_to_campaign", "send_invitation"]
    list_per_page = 50
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "photo",
                    "photo_preview",
                    "country",
                    "fellowship",
                    "year_elected",
                    "bio",
                    "causes",
                    "ventures",
                    "is_published",
                ]
            },
        ),
        (
            _("Account and invitation"),
            {"fields": ["user", "invited_email", "invited_at", "invited_by", "linked_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Typing an address into "invited email" is how staff invite a fellow from the form.
        if "invited_email" in form.changed_data and obj.invited_email and obj.user_id is None:
            services.invite_fellow(
                fellow=obj,
                email=obj.invited_email,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
            self.message_user(
                request,
                _("Invitation sent to %(email)s.") % {"email": obj.invited_email},
                messages.SUCCESS,
            )

    @admin.display(description=_("photo"))
    def thumbnail(self, fellow):
        if not fellow.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="48" height="48" style="object-fit:cover">',
            fellow.photo.url,
        )

    @admin.display(description=_("photo preview"))
    def photo_preview(self, fellow):
        if not fellow.photo:
            return "—"
        return format_html('<img src="{}" alt="" width="160">', fellow.photo.url)

    @admin.display(description=_("linked account"), boolean=True)
    def linked_account(self, fellow):
        return fellow.user_id is not None

    @admin.action(description=_("Publish selected fellows"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.set_fellows_published(fellows=queryset, published=True, by=request.user)
        self.message_user(
            request,
            ngettext("%d fellow published.", "%d fellows published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected fellows"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.set_fellows_published(fellows=queryset, published=False, by=request.user)
        self.message_user(
            request,
            ngettext("%d fellow unpublished.", "%d fellows unpublished.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Add selected fellows to a campaign…"), permissions=["change"])
    def add_to_campaign(self, request, queryset):
        if "apply" in request.POST:
            form = AddToCampaignForm(request.POST)
            if form.is_valid():
                campaign = form.cleaned_data["campaign"]
                count = services.feature_fellows(
                    campaign=campaign, fellows=list(queryset.order_by("name")), by=request.user
                )
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d fellow added to %(campaign)s.",
                        "%(count)d fellows added to %(campaign)s.",
                        count,
                    )
                    % {"count": count, "campaign": campaign},
                    messages.SUCCESS,
                )
                return None
        else:
            form = AddToCampaignForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add fellows to a campaign"),
            "form": form,
            "fellows": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/campaigns/fellow/add_to_campaign.html", context)

    @admin.action(description=_("Send invitation to the invited email"), permissions=["change"])
    def send_invitation(self, request, queryset):
        sent = 0
        for fellow in queryset.filter(user__isnull=True).exclude(invited_email=""):
            services.invite_fellow(
                fellow=fellow,
                email=fellow.invited_email,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
            services._log_change(user=request.user, obj=fellow, message="Invitation sent")
            sent += 1
        self.message_user(
            request,
            ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent,
            messages.SUCCESS,
        )


class FeaturedFellowInline(SortableTabularInline):
    model = FeaturedFellow
    extra = 0
    raw_id_fields = ["fellow"]
    fields = ["fellow", "blurb", "blurb_en", "blurb_es", "blurb_pt"]


@admin.register(Campaign)
class CampaignAdmin(SortableAdminBase, admin.ModelAdmin):
    form = CampaignAdminForm
    inlines = [FeaturedFellowInline]
    list_display = ["title", "status", "starts_on", "ends_on", "member_count", "preview_link"]
    list_filter = ["status", "original_language"]
    search_fields = ["title", "title_es", "title_pt", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    "original_language",
                    "tagline",
                    "description",
                    "hero_image",
                    "hero_image_alt",
                    "starts_on",
                    "ends_on",
                    "preview_link",
                ]
            },
        ),
        (
            _("Translations"),
            {
                "description": _(
                    "Leave a language empty to show the original text to its readers."
                ),
                "fields": [
                    ("title_en", "title_es", "title_pt"),
                    ("tagline_en", "tagline_es", "tagline_pt"),
                    "description_en",
                    "description_es",
                    "description_pt",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, campaign):
        return campaign.member_total

    @admin.display(description=_("public page"))
    def preview_link(self, campaign):
        if not campaign.pk:
            return "—"
        label = _("Preview public page") if campaign.status == "draft" else _("View public page")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', campaign.get_absolute_url(), label
        )


@admin.register(CampaignMember)
class CampaignMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "campaign", "role", "joined_at"]
    list_filter = ["role", "campaign"]
    search_fields = ["user__email", "user__profile__display_name"]
    list_select_related = ["user", "campaign"]
    raw_id_fields = ["user"]


class PendingFirstStatusFilter(admin.SimpleListFilter):
    """The review queue opens on pending applications."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ApplicationStatus.choices, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or ApplicationStatus.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or ApplicationStatus.PENDING
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(AmbassadorApplication)
class AmbassadorApplicationAdmin(admin.ModelAdmin):
    list_display = ["member", "campaign", "status", "created_at", "decided_by", "decided_at"]
    list_filter = [PendingFirstStatusFilter, "campaign"]
    list_select_related = ["member", "campaign", "decided_by"]
    search_fields = ["member__email", "member__profile__display_name", "campaign__title"]
    readonly_fields = ["member", "campaign", "message", "status", "decided_by", "decided_at"]
    fields = ["member", "campaign", "message", "status", "decided_by", "decided_at", "note"]
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, approve):
        count = 0
        for application in queryset:
            services.decide_ambassador(
                application=application, approve=approve, decided_by=request.user
            )
            count += 1
        return count

    @admin.action(description=_("Approve selected ambassadors"), permissions=["change"])
    def approve(self, request, queryset):
        count = self._decide(request, queryset, True)
        self.message_user(request, _("%d approved.") % count, messages.SUCCESS)

    @admin.action(description=_("Decline selected ambassadors"), permissions=["change"])
    def decline(self, request, queryset):
        count = self._decide(request, queryset, False)
        self.message_user(request, _("%d declined.") % count, messages.SUCCESS)


class StoryAdminForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["is_hidden", "hidden_reason"]  # the admin decides the rest

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_hidden") and not (cleaned.get("hidden_reason") or "").strip():
            self.add_error("hidden_reason", _("Tell the author why their story is hidden."))
        return cleaned


@admin.register(Story)
class StoryAdmin(HideableAdmin):
    edit_hidden_fields = True  # staff type the reason the author reads (StoryAdminForm)
    form = StoryAdminForm
    list_display = ["title", "author", "campaign", "published_at", "is_hidden"]
    list_filter = ["is_hidden", "campaign"]
    search_fields = ["title", "body", "author__email"]
    list_select_related = ["author", "campaign"]
    raw_id_fields = ["author"]
    readonly_fields = ["author", "created_at", "updated_at"]

    def view_on_site(self, story):
        return reverse("campaigns:story", kwargs={"pk": story.pk})
