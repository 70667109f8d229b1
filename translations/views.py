"""Thin views: translate a piece of content, correct one's translation, review one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.choices import language_name
from translations import permissions, selectors, services
from translations.forms import ReviewForm, TranslationForm
from translations.kinds import KINDS
from translations.models import Translation


def _target_or_404(request, kind_key, pk):
    kind = KINDS.get(kind_key)
    if kind is None:
        raise Http404
    target = kind.model._default_manager.filter(pk=pk).first()
    if target is None or not kind.can_view(request.user, target):
        raise Http404
    return kind, target


@login_required
def translate(request, kind_key, pk):
    kind, target = _target_or_404(request, kind_key, pk)
    languages = permissions.target_languages(request.user, target)
    if not languages:
        # Why not, rather than a bare refusal: the link is shown on pages kept alike for everyone.
        return render(
            request,
            "translations/cannot_translate.html",
            {"target": target, "original_language_name": language_name(kind.language(target))},
            status=403,
        )
    initial = {"language": request.GET.get("language") or languages[0]}
    form = TranslationForm(
        request.POST or None, languages=languages, kind=kind.key, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            translation = services.add_translation(
                translator=request.user, target=target, **form.cleaned_data
            )
        except services.TranslationNotAllowed:
            form.add_error("language", _("Someone has just translated it into this language."))
        else:
            if translation.is_reviewed:
                messages.success(request, _("Thank you: your translation is published."))
            else:
                messages.success(
                    request, _("Thank you: readers see your translation until the team reviews it.")
                )
            return redirect(target.get_absolute_url())
    return render(
        request,
        "translations/translate.html",
        {
            "form": form,
            "target": target,
            "kind": kind,
            "original_title": kind.title(target),
            "original_text": kind.text(target),
            "original_language": kind.language(target),
            "original_language_name": language_name(kind.language(target)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def asked_to_help(request):
    """The home page's "Asked to help" section, loaded after the page (its query is scored)."""
    profile = getattr(request.user, "profile", None)
    needs = selectors.needs_to_translate(request.user, profile.languages if profile else [])
    return render(request, "translations/_asked_to_help.html", {"needs": needs})


def _translation_or_404(request, pk):
    translation = get_object_or_404(Translation, pk=pk)
    if not permissions.can_view_translation(request.user, translation):
        raise Http404
    return translation


@login_required
def edit(request, pk):
    translation = _translation_or_404(request, pk)
    if not permissions.can_edit_translation(request.user, translation):
        raise PermissionDenied
    target = translation.content_object
    kind = KINDS[f"{target._meta.app_label}.{target._meta.model_name}"]
    form = TranslationForm(
        request.POST or None,
        kind=kind.key,
        initial={"title": translation.title, "text": translation.text},
    )
    if request.method == "POST" and form.is_valid():
        services.update_translation(
            translation=translation, editor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Your translation was updated."))
        return redirect(target.get_absolute_url())
    return render(
        request,
        "translations/translate.html",
        {
            "form": form,
            "target": target,
            "kind": kind,
            "translation": translation,
            "original_title": kind.title(target),
            "original_text": kind.text(target),
            "original_language": kind.language(target),
            "original_language_name": language_name(kind.language(target)),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def review(request, pk):
    translation = _translation_or_404(request, pk)
    if not permissions.can_review_translation(request.user, translation):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        services.review_translation(translation=translation, reviewer=request.user, approve=approve)
        messages.success(
            request, _("Translation approved.") if approve else _("Translation declined.")
        )
    else:
        messages.error(request, _("Choose whether to approve or decline the translation."))
    return redirect(translation.get_absolute_url())
