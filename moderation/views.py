from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from core import ratelimit
from moderation import services
from moderation.forms import ReportForm


def code_of_conduct(request):
    return render(request, "moderation/code_of_conduct.html")


@login_required
def report(request, content_type_key, object_id):
    try:
        model = services.reportable_model(content_type_key)
    except services.NotReportable as error:
        raise Http404 from error
    target = model._default_manager.filter(pk=object_id).first()
    # What the member cannot see answers exactly like what does not exist.
    if target is None or not services.can_report(request.user, target):
        raise Http404
    form = ReportForm(request.POST or None)
    limited = request.method == "POST" and ratelimit.is_limited("report", request.user)
    if limited:
        form.is_valid()
        form.add_error(None, ratelimit.MESSAGE)
    elif request.method == "POST" and form.is_valid():
        ratelimit.record("report", request.user)
        services.create_report(
            reporter=request.user,
            target=target,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Thank you. Our moderators will review your report."))
        try:
            return redirect(target.get_absolute_url())
        except (AttributeError, NoReverseMatch):
            return redirect("home")
    return render(
        request,
        "moderation/report.html",
        {"form": form, "target": target},
        status=429 if limited else 400 if form.errors else 200,
    )
