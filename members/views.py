from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.content_cache import listing_response
from core.pagination import page_of
from members.filters import ProfileFilter
from members.forms import ProfileForm
from members.models import Profile, ProfileCause, ProfileSkill, User
from members.permissions import can_edit_profile, can_view_profile, is_public_profile
from members.services import update_profile

PAGE_SIZE = 24
DIRECTORY_CARD_FIELDS = (
    "display_name",
    "headline",
    "country_of_origin",
    "country_of_residence",
    "city",
    "avatar",
    "ways_to_help",
)


def _profile_form_view(request, template, success_message):
    user = request.user
    profile = Profile.objects.filter(user=user).first()
    initial = ProfileForm.initial_for(user, profile)
    if request.method == "POST":
        # With the initial data, the current photo stays shown (and removable) on errors.
        form = ProfileForm(request.POST, request.FILES, initial=initial)
        if form.is_valid():
            data = dict(form.cleaned_data)
            avatar, remove_avatar = form.avatar_change()
            data.pop("avatar", None)
            skills = data.pop("skills")
            causes = data.pop("causes")
            profile = update_profile(
                user=user,
                data=data,
                skills=skills,
                causes=causes,
                avatar=avatar,
                clear_avatar=remove_avatar,
            )
            # The next page is in the language the member may just have chosen: so is this.
            with translation.override(form.cleaned_data["language"] or None):
                messages.success(request, str(success_message))
            return redirect(profile.get_absolute_url())
    else:
        form = ProfileForm(initial=initial)
    return render(request, template, {"form": form, "profile": profile})


@login_required
def onboarding(request):
    profile = Profile.objects.filter(user=request.user).first()
    if profile is not None and profile.is_complete:
        return redirect("members:edit")
    return _profile_form_view(
        request, "members/onboarding.html", gettext_lazy("Welcome! Your profile is ready.")
    )


@login_required
def edit_profile(request):
    profile = Profile.objects.filter(user=request.user).first()
    if profile is None:
        return redirect("members:onboarding")
    if not can_edit_profile(request.user, profile):
        raise Http404
    return _profile_form_view(request, "members/edit.html", gettext_lazy("Your profile was saved."))


def profile_detail(request, handle):
    own_handle = request.user.is_authenticated and request.user.handle == handle
    if own_handle and not Profile.objects.filter(user=request.user).exists():
        return redirect("members:onboarding")
    profile = get_object_or_404(
        # The page shows the tags' names only: read with the row (one query, not three).
        Profile.objects.select_related("user").annotate(
            skill_names=ArraySubquery(
                ProfileSkill.objects.filter(content_object=OuterRef("pk"))
                .order_by("tag__name")
                .values("tag__name")
            ),
            cause_names=ArraySubquery(
                ProfileCause.objects.filter(content_object=OuterRef("pk"))
                .order_by("tag__name")
                .values("tag__name")
            ),
        ),
        user__handle=handle,
    )
    if not can_view_profile(request.user, profile):
        raise Http404
    return render(
        request,
        "members/profile.html",
        {
            "profile": profile,
            "can_edit": can_edit_profile(request.user, profile),
            # A visitor reaching the page is proof enough; for members it costs one query.
            "is_public": not request.user.is_authenticated or is_public_profile(profile),
        },
    )


def directory(request):
    """The member directory. Visitors all see the same listing for the same query, so theirs is
    kept (per language and query) until a profile changes; members' depends on who they are."""
    partial = getattr(request, "htmx", False) and not request.htmx.history_restore_request
    return listing_response(
        request,
        page_template="members/directory.html",
        fragment_template=(
            "members/_directory_results.html" if partial else "members/_directory_main.html"
        ),
        partial=partial,
        context=lambda: _directory_context(request),
    )


def _directory_context(request) -> dict:
    base = (
        Profile.objects.visible_to(request.user)
        # What a result card shows: leaves the search vector and bio in the table. Handles come
        # in a second query for the page's rows only: a join would be planned over every match.
        .only(*DIRECTORY_CARD_FIELDS)
        .prefetch_related(
            Prefetch("user", queryset=User.objects.only("handle")),
            # The through rows with their tag, into a list: taggit's own prefetch ("skills")
            # builds a queryset per card only to hold its rows (a fifth of the view's time).
            Prefetch(
                "skill_items",
                queryset=ProfileSkill.objects.select_related("tag")
                .only("content_object", "tag__name")
                .order_by(Lower("tag__name")),
                to_attr="card_skills",
            ),
        )
    )
    profile_filter = ProfileFilter(request.GET or None, queryset=base)
    queryset = profile_filter.qs  # ordered: best matches, else newest members
    page = page_of(queryset, request, page_size=PAGE_SIZE, max_page=None)
    shown = (page.number - 1) * PAGE_SIZE + len(page.items)
    limit = profile_filter.search_limit
    return {
        "filter": profile_filter,
        # The last page of a search that reached the ranked-matches limit: say so.
        "search_limit": limit if limit and not page.has_next and shown >= limit else None,
        "profiles": page.items,
        "page": page,
    }
