"""Views for matching: "Needs for you" and a need's "Suggested members" (htmx partials)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from organizations import permissions, selectors
from organizations.models import Need


@login_required
def needs_for_you(request):
    """The member's best matched needs, loaded into the home page with htmx."""
    needs = selectors.needs_for_member(request.user, limit=5)
    return render(request, "organizations/_needs_for_you.html", {"needs_for_you": needs})


def _team_need_or_403(request, pk):
    need = get_object_or_404(Need.objects.select_related("venture__organization"), pk=pk)
    if not permissions.can_edit_organization_content(request.user, need.venture.organization):
        raise PermissionDenied
    return need


@login_required
def need_suggestions(request, pk):
    """Suggested members for a need, with the reasons; for the team's admins and editors."""
    need = _team_need_or_403(request, pk)
    suggestions = selectors.suggested_members_for_need(need, viewer=request.user, limit=10)
    return render(
        request,
        "organizations/_suggested_members.html",
        {"need": need, "suggestions": suggestions},
    )
