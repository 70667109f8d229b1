from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import permissions, services
from campaigns.forms import (
    AmbassadorRequestForm,
    FellowBioForm,
    JoinCampaignForm,
    StoryFilter,
    StoryForm,
)
from campaigns.models import (
    AmbassadorApplication,
    Campaign,
    CampaignMember,
    CampaignRole,
    Fellow,
    Story,
)
from campaigns.selectors import campaign_page_sections
from core.content_cache import cached, versioned_key
from core.pagination import page_of
from core.query import slug_param
from members.models import Block
from members.permissions import can_see_name, mark_names_shown
from organizations import permissions as organization_permissions
from organizations.models import Venture

PAGE_SIZE = 20


def _page(request, queryset):
    return page_of(queryset, request, page_size=PAGE_SIZE)


def campaign_list(request):
    campaigns = (
        Campaign.objects.public()
        .annotate(member_count=Count("memberships"))
        .order_by("-starts_on", "title", "pk")
    )
    return render(request, "campaigns/list.html", {"page": _page(request, campaigns)})


def _viewer_state(user) -> dict:
    """The member's role and ambassador request in a campaign, as annotations of its row."""
    return {
        "my_role": Subquery(
            CampaignMember.objects.filter(campaign=OuterRef("pk"), user=user).values("role")[:1]
        ),
        "my_application_status": Subquery(
            AmbassadorApplication.objects.filter(campaign=OuterRef("pk"), member=user).values(
                "status"
            )[:1]
        ),
        # Pages cached for everyone alike are rendered apart for a member with blocks.
        "viewer_has_blocks": Exists(Block.objects.filter(Q(blocker=user) | Q(blocked=user))),
    }


def _campaign_for(request, slug):
    campaigns = Campaign.objects.all()
    if request.user.is_authenticated:
        # The visitor's role and ambassador request ride along with the campaign row (one query).
        campaigns = campaigns.annotate(**_viewer_state(request.user))
    campaign = get_object_or_404(campaigns, slug=slug)
    if not permissions.can_preview_campaign(request.user, campaign):
        raise Http404
    return campaign


def _membership_context(request, campaign):
    role = getattr(campaign, "my_role", None)
    return {
        "campaign": campaign,
        "my_role": role,
        "my_role_label": CampaignRole(role).label if role else "",
        "application_status": getattr(campaign, "my_application_status", None),
        "join_form": JoinCampaignForm(),
        "ambassador_form": AmbassadorRequestForm(),
        "can_join": permissions.can_join_campaign(request.user, campaign),
    }


def campaign_detail(request, slug):
    campaign = _campaign_for(request, slug)
    context = {
        **_membership_context(request, campaign),
        "public": _public_parts(request, campaign),
        "is_preview": campaign.status == "draft",
    }
    return render(request, "campaigns/detail.html", context)


def _public_parts(request, campaign) -> dict:
    """The body of a campaign page, alike for every visitor: rendered once and cached
    (core.content_cache) per language, time zone (dates and event times) and whether signed in
    (the "Share your story" link). The membership box between them stays per visitor."""
    signed_in = request.user.is_authenticated
    # "?original=1": the original text instead of a community translation into the language.
    original = request.GET.get("original") == "1"
    # A member with blocks gets their own rendering: nobody across a block is listed to them.
    viewer = request.user if getattr(campaign, "viewer_has_blocks", False) else None
    key = versioned_key(
        "campaign",
        campaign.pk,
        get_language(),
        timezone.get_current_timezone_name(),
        signed_in,
        original,
    )

    def render_parts():
        sections = campaign_page_sections(campaign, viewer=viewer)
        context = {
            "campaign": campaign,
            "signed_in": signed_in,
            "request": request,
            "viewer": viewer,
            **sections,
        }
        events = sections["upcoming_events"]
        return {
            "body": render_to_string("campaigns/_detail_body.html", context),
            # An upcoming event leaves the page when it ends.
            "stale_at": min((event.ends_at for event in events), default=None),
        }

    def seconds_fresh(parts):
        if parts["stale_at"] is None:
            return None
        left = (parts["stale_at"] - timezone.now()).total_seconds()
        return max(1, min(settings.HOME_CACHE_SECONDS, int(left)))

    parts = (
        render_parts() if viewer is not None else cached(key, render_parts, timeout=seconds_fresh)
    )
    return {"body": mark_safe(parts["body"])}  # noqa: S308


def _membership_response(request, campaign):
    if request.htmx:
        # The role after the change: only the member's state is read again, not the campaign.
        state = _viewer_state(request.user)
        fresh = Campaign.objects.filter(pk=campaign.pk).annotate(**state).values(*state).first()
        for name, value in (fresh or {}).items():
            setattr(campaign, name, value)
        return render(request, "campaigns/_membership.html", _membership_context(request, campaign))
    return redirect(campaign)


@require_POST
@login_required
def join(request, slug):
    campaign = _campaign_for(request, slug)
    form = JoinCampaignForm(request.POST)
    if not form.is_valid():
        return _membership_response(request, campaign)
    try:
        services.join_campaign(campaign=campaign, user=request.user, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You joined %(campaign)s.") % {"campaign": campaign.display_title}
        )
    return _membership_response(request, campaign)


@require_POST
@login_required
def leave(request, slug):
    campaign = _campaign_for(request, slug)
    services.leave_campaign(campaign=campaign, user=request.user)
    if not request.htmx:
        messages.success(
            request, _("You left %(campaign)s.") % {"campaign": campaign.display_title}
        )
    return _membership_response(request, campaign)


@require_POST
@login_required
def ambassador_request(request, slug):
    campaign = _campaign_for(request, slug)
    form = AmbassadorRequestForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, f"{form.fields['message'].label} {error}")
    else:
        try:
            services.request_ambassador(
                campaign=campaign, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. Our team will review your request."))
    return _membership_response(request, campaign)


def campaign_stories(request, slug):
    campaign = _campaign_for(request, slug)
    stories = (
        Story.objects.visible()
        .filter(campaign=campaign)
        .select_related("author__profile", "campaign")
        .order_by("-published_at", "-pk")
    )
    story_filter = StoryFilter(request.GET or None, queryset=stories, request=request)
    page = _page(request, story_filter.qs if story_filter.is_bound else stories)
    mark_names_shown([story.author for story in page], request.user)
    return render(
        request,
        "campaigns/stories.html",
        {
            "campaign": campaign,
            "filter": story_filter,
            "page": page,
            "feed_url": reverse("campaigns:stories_feed", args=[campaign.slug]),
        },
    )


def fellow_detail(request, slug):
    fellow = get_object_or_404(
        Fellow.objects.prefetch_related(
            "causes",
            Prefetch("ventures", queryset=Venture.objects.visible().select_related("organization")),
        ),
        slug=slug,
    )
    if not fellow.is_published and not permissions.can_edit_fellow_bio(request.user, fellow):
        raise Http404
    featured_in = (
        fellow.featured_in.filter(campaign__in=Campaign.objects.public())
        .select_related("campaign")
        .order_by("campaign__title")
    )
    return render(
        request,
        "campaigns/fellow_detail.html",
        {
            "fellow": fellow,
            "featured_in": featured_in,
            "can_edit": permissions.can_edit_fellow_bio(request.user, fellow),
            "managed_venture_ids": {
                venture.pk
                for venture in fellow.ventures.all()
                if request.user.is_authenticated
                and organization_permissions.can_manage_venture(request.user, venture)
            },
        },
    )


@login_required
def fellow_edit(request, slug):
    fellow = get_object_or_404(Fellow, slug=slug)
    if not permissions.can_edit_fellow_bio(request.user, fellow):
        raise PermissionDenied
    form = FellowBioForm(request.POST or None, request.FILES or None, instance=fellow)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your fellow page was updated."))
        return redirect(fellow)
    return render(request, "campaigns/fellow_form.html", {"fellow": fellow, "form": form})


@login_required
def fellow_invitation(request, token):
    try:
        fellow = services.fellow_for_invitation(token)
    except services.InvitationError as error:
        return render(request, "campaigns/invitation.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        try:
            fellow = services.accept_fellow_invitation(token=token, user=request.user)
        except services.InvitationError as error:
            return render(
                request,
                "campaigns/invitation.html",
                {"error": str(error), "fellow": fellow},
                status=400,
            )
        messages.success(request, _("Your account is now linked to your fellow page."))
        return redirect("campaigns:fellow_edit", slug=fellow.slug)
    return render(request, "campaigns/invitation.html", {"fellow": fellow})


@login_required
def story_new(request):
    if not permissions.can_write_story(request.user):
        raise PermissionDenied
    initial = {}
    if slug := slug_param(request, "campaign"):
        initial["campaign"] = Campaign.objects.public().filter(slug=slug).first()
    form = StoryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        story = form.save(commit=False)
        story.author = request.user
        story.published_at = timezone.now()
        story.save()
        messages.success(request, _("Your story is published."))
        return redirect(story)
    return render(request, "campaigns/story_form.html", {"form": form})


@login_required
def story_edit(request, pk):
    story = get_object_or_404(Story, pk=pk)
    if not permissions.can_edit_story(request.user, story):
        if not permissions.can_view_story(request.user, story):
            raise Http404
        raise PermissionDenied
    form = StoryForm(request.POST or None, request.FILES or None, instance=story)
    if request.method == "POST" and form.is_valid():
        story = form.save(commit=False)
        # A draft (a shared outcome becomes one) is published when its author says so.
        publish = story.published_at is None and "publish" in request.POST
        if publish:
            story.published_at = timezone.now()
        story.save()
        messages.success(
            request, _("Your story is published.") if publish else _("Your story was updated.")
        )
        return redirect(story)
    return render(request, "campaigns/story_form.html", {"form": form, "story": story})


@login_required
def story_delete(request, pk):
    """GET asks to confirm; POST deletes. Only the author (campaigns.permissions)."""
    story = get_object_or_404(Story, pk=pk)
    if not permissions.can_delete_story(request.user, story):
        if not permissions.can_view_story(request.user, story):
            raise Http404
        raise PermissionDenied
    if request.method == "POST":
        services.delete_story(story=story, by=request.user)
        messages.success(request, _("Your story was deleted."))
        return redirect("campaigns:stories_by_author", handle=request.user.handle)
    return render(request, "campaigns/story_confirm_delete.html", {"story": story})


def story_detail(request, pk):
    story = get_object_or_404(Story.objects.select_related("author__profile", "campaign"), pk=pk)
    if not permissions.can_view_story(request.user, story):
        raise Http404
    return render(
        request,
        "campaigns/story_detail.html",
        {
            "story": story,
            "author_name_shown": can_see_name(request.user, story.author),
            "can_edit": permissions.can_edit_story(request.user, story),
            "can_delete": permissions.can_delete_story(request.user, story),
        },
    )


def stories_by_author(request, handle):
    author = get_object_or_404(
        get_user_model().objects.select_related("profile"), handle=handle, is_active=True
    )
    stories = (
        Story.objects.visible_to(request.user)
        .filter(author=author)
        .filter(Q(published_at__isnull=False))
        .select_related("campaign")
        .order_by("-published_at", "-pk")
    )
    page = _page(request, stories)
    mark_names_shown([author], request.user)
    for story in page:
        story.author = author  # its name decided once
    return render(
        request,
        "campaigns/stories_by_author.html",
        {
            "author": author,
            "page": page,
            "feed_url": reverse("campaigns:stories_by_author_feed", args=[author.handle]),
        },
    )
