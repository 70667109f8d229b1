from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import blocking, privacy


@login_required
def privacy_index(request):
    blocks = request.user.blocks_made.select_related("blocked__profile")[:200]
    return render(request, "members/privacy.html", {"blocks": blocks})


@login_required
def export(request):
    archive = privacy.export_zip(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    filename = f"diaspora-export-{timezone.now():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required(allow_get=True)
def delete_account(request):
    if request.method == "POST":
        if request.POST.get("confirm") != "delete":
            messages.error(
                request, _("Tick the box to confirm that you want to delete your account.")
            )
            return render(request, "members/delete_account.html", status=400)
        user = request.user
        privacy.delete_account(user)
        logout(request)
        messages.success(request, _("Your account was deleted. Thank you for being part of this."))
        return redirect("home")
    return render(request, "members/delete_account.html")


def _other_member(request, handle):
    other = get_object_or_404(get_user_model(), handle=handle, is_active=True)
    if other.pk == request.user.pk:
        raise Http404
    return other


@login_required
@require_POST
def block(request, handle):
    other = _other_member(request, handle)
    blocking.block(blocker=request.user, blocked=other)
    messages.success(
        request, _("You blocked this member. They can no longer see your profile or contact you.")
    )
    return redirect("privacy:index")


@login_required
@require_POST
def unblock(request, handle):
    other = _other_member(request, handle)
    blocking.unblock(blocker=request.user, blocked=other)
    messages.success(request, _("You unblocked this member."))
    return redirect("privacy:index")
