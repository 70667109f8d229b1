"""Views for matching: "Needs for you" and a need's "Suggested members" (htmx partials)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import matching, permissions, selectors
from organizations.models import Need


@login_required
def needs_for_you(request):
    """The member's best matched needs, loaded into the home page with htmx."""
    needs = selectors.needs_for_member(request.user, limit=5)
    return render(request, "organizations/_needs_for_you.html", {"needs_for_you": needs})


def _team_need_or_403(request, pk):
    need = get_object_or_404(Need.objects.select_related("venture__organization"), pk=pk)
    if not permissions.can_manage_venture(request.user, need.venture):
        raise PermissionDenied
    return need


def _render_suggestions(request, need):
    suggestions = selectors.suggested_members_for_need(need, viewer=request.user, limit=10)
    return render(
        request,
        "organizations/_suggested_members.html",
        {"need": need, "suggestions": suggestions},
    )


@login_required
def need_suggestions(request, pk):
    """Suggested members for a need, with the reasons; for the team that manages its venture."""
    return _render_suggestions(request, _team_need_or_403(request, pk))


@login_required
@require_POST
def invite_suggested_member(request, pk, user_id):
    """Invite one of the need's suggested members to offer help (once)."""
    need = _team_need_or_403(request, pk)
    suggestions = selectors.suggested_members_for_need(need, viewer=request.user, limit=None)
    match = next((found for found in suggestions if found.user_id == user_id), None)
    if match is None:
        raise Http404
    if matching.invite_to_offer(match=match, invited_by=request.user):
        messages.success(
            request,
            _("%(name)s was invited to offer help.") % {"name": match.user.get_full_name()},
        )
    if request.headers.get("HX-Request"):
        return _render_suggestions(request, need)
    return redirect(need.get_absolute_url())
