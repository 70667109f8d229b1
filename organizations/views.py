"""Thin views: read through querysets/selectors, decide through permissions, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import ratelimit
from core.content_cache import listing_response
from core.pagination import page_of
from members.models import listed_people
from organizations import permissions, selectors, services
from organizations.filters import NeedFilter, OrganizationFilter
from organizations.forms import (
    CheckInForm,
    InvitationForm,
    JoinRequestForm,
    NeedForm,
    NeedStatusForm,
    NewNeedForm,
    OfferAnswerForm,
    OfferForm,
    OrganizationForm,
    RoleForm,
    ThankForm,
    VentureForm,
)
from organizations.models import (
    CheckIn,
    CheckInSide,
    Collaboration,
    Invitation,
    JoinRequest,
    JoinRequestState,
    Membership,
    Need,
    NeedStatus,
    Offer,
    OfferState,
    Organization,
    Role,
    Venture,
)

DETAIL_LIST_LIMIT = 24


def _form_errors_as_message(request, form):
    """The small inline forms (join, answer an offer) redirect back: their errors go along as a
    message, each with the field's label."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _listing_response(request, page_template, results_template, filterset, results):
    """Same URL, whole page or just the results: htmx swaps the results, bookmarks get the page.
    Visitors' filter form and results are kept between requests (content_cache.for_visitors)."""
    partial = bool(request.htmx and request.htmx.target == "results")
    return listing_response(
        request,
        page_template=page_template,
        fragment_template=results_template if partial else "organizations/_listing.html",
        partial=partial,
        context=lambda: {
            "filter": filterset,
            "page": results(),
            "results_template": results_template,
        },
        key_parts=(results_template,),
    )


# --- Organizations --------------------------------------------------------------------------------
def directory(request):
    queryset = (
        Organization.objects.visible()
        .only("name", "slug", "kind", "countries", "verified", "logo", "description", "language")
        .prefetch_related("causes")
    )
    filterset = OrganizationFilter(request.GET or None, queryset=queryset, request=request)
    # Invalid fields are ignored (their errors shown); the valid ones still apply.
    return _listing_response(
        request,
        "organizations/directory.html",
        "organizations/_organization_results.html",
        filterset,
        lambda: page_of(filterset.qs.order_by("name", "pk"), request),
    )


@login_required
def organization_create(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organization = services.create_organization(creator=request.user, **form.service_fields())
        messages.success(request, _("Your organization is ready. You are its admin."))
        return redirect(organization)
    return render(request, "organizations/organization_form.html", {"form": form})


def _organization_or_404(slug):
    return get_object_or_404(Organization, slug=slug)


def _organization_managed_by(user, slug):
    """The organization if `user` may manage it: 404 when there is none, 403 when they may not."""
    organization = _organization_or_404(slug)
    if not permissions.can_manage_organization(user, organization):
        raise PermissionDenied
    return organization


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.prefetch_related("causes"), slug=slug)
    role = permissions.role_in(request.user, organization)
    if not permissions.can_view_organization(request.user, organization, role=role):
        raise Http404
    ventures = organization.ventures.order_by("name")
    needs = Need.objects.open()
    if organization.is_hidden:  # only its team and staff get here: show them what they have
        needs = Need.objects.current().filter(is_hidden=False)
    elif not permissions.can_edit_organization_content(request.user, organization, role=role):
        ventures = ventures.filter(is_hidden=False)
    ventures = list(ventures[: DETAIL_LIST_LIMIT + 1])
    needs = list(
        needs.filter(venture__organization=organization)
        .select_related("venture")
        .order_by("-created_at")[: DETAIL_LIST_LIMIT + 1]
    )
    team = list(
        Membership.objects.filter(listed_people(request.user), organization=organization)
        .select_related("user__profile")
        .order_by(
            Case(
                When(role=Role.ADMIN, then=Value(0)),
                When(role=Role.EDITOR, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            "user__profile__display_name",
        )[: DETAIL_LIST_LIMIT * 2 + 1]
    )
    pending_request = (
        role is None
        and request.user.is_authenticated
        and JoinRequest.objects.filter(
            organization=organization, user=request.user, state=JoinRequestState.PENDING
        ).exists()
    )
    context = {
        "organization": organization,
        "role": role,
        "ventures": ventures[:DETAIL_LIST_LIMIT],
        "more_ventures": len(ventures) > DETAIL_LIST_LIMIT,
        "needs": needs[:DETAIL_LIST_LIMIT],
        "more_needs": len(needs) > DETAIL_LIST_LIMIT,
        # Both lists' cards: their community translations are read together (one query).
        "cards": [*ventures[:DETAIL_LIST_LIMIT], *needs[:DETAIL_LIST_LIMIT]],
        "team": team[: DETAIL_LIST_LIMIT * 2],
        "more_team": len(team) > DETAIL_LIST_LIMIT * 2,
        "can_manage": permissions.can_manage_organization(request.user, organization, role=role),
        "can_edit_content": permissions.can_edit_organization_content(
            request.user, organization, role=role
        ),
        "can_request_to_join": permissions.can_request_to_join(
            request.user, organization, role=role
        )
        and not pending_request,
        "pending_request": pending_request,
        "join_form": JoinRequestForm(),
        "answer_days": selectors.typical_answer_days(organization),
    }
    return render(request, "organizations/detail.html", context)


@login_required
def organization_edit(request, slug):
    organization = _organization_managed_by(request.user, slug)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        organization.refresh_from_db()  # the form wrote onto the instance; the service saves
        services.update_organization(organization=organization, **fields)
        messages.success(request, _("Saved."))
        return redirect(organization)
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization},
    )


@login_required
def team(request, slug):
    organization = _organization_managed_by(request.user, slug)
    memberships = organization.memberships.select_related("user__profile").order_by(
        "role", "user__profile__display_name"
    )
    context = {
        "organization": organization,
        "memberships": memberships,
        "invitations": organization.invitations.pending().select_related("invited_by__profile"),
        "join_requests": organization.join_requests.filter(
            state=JoinRequestState.PENDING
        ).select_related("user__profile"),
        "invitation_form": InvitationForm(),
        "roles": Role.choices,
    }
    return render(request, "organizations/team.html", context)


@login_required
@require_POST
def invite(request, slug):
    organization = _organization_managed_by(request.user, slug)
    if ratelimit.is_limited("invitation", request.user):
        return ratelimit.limited_response(
            request, back_url=reverse("organizations:team", args=[organization.slug])
        )
    form = InvitationForm(request.POST)
    if form.is_valid():
        ratelimit.record("invitation", request.user)
        services.invite(
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            language=get_language() or "en",
        )
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
    else:
        messages.error(request, _("Enter a valid email address and role."))
    return redirect("organizations:team", slug=organization.slug)


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    organization = _organization_managed_by(request.user, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    services.cancel_invitation(invitation=invitation)
    messages.success(request, _("Invitation cancelled."))
    return redirect("organizations:team", slug=organization.slug)


@login_required
@require_POST
def membership_role(request, slug, pk):
    organization = _organization_managed_by(request.user, slug)
    membership = get_object_or_404(Membership, pk=pk, organization=organization)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("Role changed."))
        except services.LastAdminError:
            messages.error(request, _("An organization needs at least one admin."))
    return redirect("organizations:team", slug=organization.slug)


@login_required
@require_POST
def membership_remove(request, slug, pk):
    organization = _organization_managed_by(request.user, slug)
    membership = get_object_or_404(Membership, pk=pk, organization=organization)
    try:
        services.remove_member(membership=membership)
        messages.success(request, _("Removed from the team."))
    except services.LastAdminError:
        messages.error(request, _("An organization needs at least one admin."))
    return redirect("organizations:team", slug=organization.slug)


@login_required
@require_POST
def leave(request, slug):
    organization = _organization_or_404(slug)
    if permissions.role_in(request.user, organization) is None:
        raise PermissionDenied
    try:
        services.leave_organization(organization=organization, user=request.user)
        messages.success(request, _("You have left %(name)s.") % {"name": organization.name})
    except services.LastAdminError:
        messages.error(
            request, _("You are the last admin: make someone else admin before leaving.")
        )
    return redirect(organization)


@login_required
@require_POST
def join_request(request, slug):
    organization = _organization_or_404(slug)
    if not permissions.can_request_to_join(request.user, organization):
        raise PermissionDenied
    if ratelimit.is_limited("join_request", request.user):
        return ratelimit.limited_response(request, back_url=organization.get_absolute_url())
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        _form_errors_as_message(request, form)
    else:
        try:
            services.request_to_join(
                organization=organization, user=request.user, message=form.cleaned_data["message"]
            )
            ratelimit.record("join_request", request.user)
            messages.success(request, _("Your request was sent to the organization's admins."))
        except services.ServiceError:
            messages.info(request, _("You have already asked to join."))
    return redirect(organization)


@login_required
@require_POST
def join_request_decide(request, slug, pk, decision):
    organization = _organization_managed_by(request.user, slug)
    pending = get_object_or_404(JoinRequest, pk=pk, organization=organization)
    try:
        services.decide_join_request(
            join_request=pending, accept=decision == "accept", decided_by=request.user
        )
        messages.success(request, _("Request answered."))
    except services.ServiceError:
        messages.info(request, _("This request was already answered."))
    return redirect("organizations:team", slug=organization.slug)


def invitation(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except services.InvalidInvitation:
        return render(request, "organizations/invitation_invalid.html", status=404)
    email_matches = request.user.is_authenticated and services.email_belongs_to(
        request.user, invitation.email
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if not email_matches:
            raise PermissionDenied
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except services.InvalidInvitation:
            return render(request, "organizations/invitation_invalid.html", status=404)
        messages.success(
            request,
            _("Welcome to %(name)s.") % {"name": invitation.organization.name},
        )
        return redirect(invitation.organization)
    return render(
        request,
        "organizations/invitation.html",
        {"invitation": invitation, "email_matches": email_matches},
    )


def _login_url():

    return reverse("account_login")


# --- Ventures -------------------------------------------------------------------------------------
def venture_detail(request, slug):
    venture = get_object_or_404(
        Venture.objects.select_related("organization").prefetch_related("causes"), slug=slug
    )
    role = permissions.role_in(request.user, venture.organization)
    if not permissions.can_view_venture(request.user, venture, role=role):
        raise Http404
    can_edit = permissions.can_manage_venture(request.user, venture, role=role)
    needs = venture.needs.prefetch_related("skills").order_by("-created_at")
    # The team also sees its drafts and the needs the moderators hid (marked); others open ones.
    needs = needs if can_edit else needs.current().filter(is_hidden=False)
    needs = list(needs[: DETAIL_LIST_LIMIT + 1])
    leads = list(
        venture.leads.filter(listed_people(request.user, user="")).select_related("profile")
    )
    context = {
        "venture": venture,
        "organization": venture.organization,
        "needs": needs[:DETAIL_LIST_LIMIT],
        "more_needs": len(needs) > DETAIL_LIST_LIMIT,
        "leads": leads,
        "can_edit": can_edit,
    }
    return render(request, "organizations/venture_detail.html", context)


@login_required
def venture_create(request, slug):
    organization = _organization_or_404(slug)
    if not permissions.can_edit_organization_content(request.user, organization):
        raise PermissionDenied
    form = VentureForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        venture = services.create_venture(organization=organization, **form.service_fields())
        messages.success(request, _("Venture created."))
        return redirect(venture)
    return render(
        request, "organizations/venture_form.html", {"form": form, "organization": organization}
    )


@login_required
def venture_edit(request, slug):
    venture = get_object_or_404(Venture.objects.select_related("organization"), slug=slug)
    if not permissions.can_manage_venture(request.user, venture):
        raise PermissionDenied
    form = VentureForm(
        request.POST or None,
        request.FILES or None,
        instance=venture,
        organization=venture.organization,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        venture.refresh_from_db()
        services.update_venture(venture=venture, **fields)
        messages.success(request, _("Saved."))
        return redirect(venture)
    return render(
        request,
        "organizations/venture_form.html",
        {"form": form, "organization": venture.organization, "venture": venture},
    )


# --- Needs ----------------------------------------------------------------------------------------
def need_board(request):
    queryset = (
        Need.objects.for_board()
        .only(
            "title",
            "language",
            "category",
            "is_remote",
            "country",
            "city",
            "languages",
            "hours_expected",
            "deadline",
            "created_at",
            "status",
            "is_hidden",
            "venture__name",
            "venture__slug",
            "venture__organization__name",
            "venture__organization__slug",
            "venture__organization__verified",
        )
        .with_offer_count()
    )
    filterset = NeedFilter(request.GET or None, queryset=queryset, request=request)
    return _listing_response(
        request,
        "organizations/need_board.html",
        "organizations/_need_results.html",
        filterset,
        lambda: page_of(filterset.qs.order_by("-created_at", "-pk"), request),
    )


def _visible_need_or_404(request, pk, *, queryset=None):
    need = get_object_or_404(
        (Need.objects if queryset is None else queryset).select_related("venture__organization"),
        pk=pk,
    )
    role = permissions.role_in(request.user, need.venture.organization)
    if not permissions.can_view_need(request.user, need, role=role):
        raise Http404
    return need, role


def need_detail(request, pk):
    need, role = _visible_need_or_404(request, pk, queryset=Need.objects.prefetch_related("skills"))
    can_edit = permissions.can_manage_venture(request.user, need.venture, role=role)
    my_offer = None
    if request.user.is_authenticated and not can_edit:
        my_offer = (
            Offer.objects.filter(need=need, member=request.user)
            .select_related("answered_by__profile")
            .first()
        )
    context = {
        "need": need,
        "venture": need.venture,
        "organization": need.venture.organization,
        "can_edit": can_edit,
        "my_offer": my_offer,
        "can_offer": my_offer is None and permissions.can_offer_help(request.user, need, role=role),
        "offer_form": OfferForm(),
        "credited_helpers": selectors.credited_helpers(need, viewer=request.user)
        if need.status == NeedStatus.FULFILLED
        else [],
    }
    if can_edit:
        context["status_form"] = NeedStatusForm(need=need)
        context["history"] = need.status_changes.select_related("changed_by__profile")
        context["offer_counts"] = need.offers.aggregate(
            total=Count("pk"), pending=Count("pk", filter=Q(state=OfferState.PENDING))
        )
    return render(request, "organizations/need_detail.html", context)


@login_required
def need_create(request, slug):
    venture = get_object_or_404(Venture.objects.select_related("organization"), slug=slug)
    if not permissions.can_manage_venture(request.user, venture):
        raise PermissionDenied
    form = NewNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        need = services.create_need(
            venture=venture,
            created_by=request.user,
            status=NeedStatus.OPEN if form.cleaned_data["publish"] else NeedStatus.DRAFT,
            **form.service_fields(),
        )
        messages.success(request, _("Need saved."))
        return redirect(need)
    return render(
        request,
        "organizations/need_form.html",
        {"form": form, "venture": venture, "organization": venture.organization},
    )


@login_required
def need_edit(request, pk):
    need, role = _visible_need_or_404(request, pk)
    if not permissions.can_manage_venture(request.user, need.venture, role=role):
        raise PermissionDenied
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        need.refresh_from_db()
        services.update_need(need=need, **fields)
        messages.success(request, _("Saved."))
        return redirect(need)
    return render(
        request,
        "organizations/need_form.html",
        {"form": form, "need": need, "venture": need.venture, "organization": need.organization},
    )


@login_required
@require_POST
def need_status(request, pk):
    need, role = _visible_need_or_404(request, pk)
    if not permissions.can_manage_venture(request.user, need.venture, role=role):
        raise PermissionDenied
    form = NeedStatusForm(request.POST, need=need)
    if form.is_valid() and form.is_unchanged:
        messages.info(request, _("The status stays as it was."))
    elif form.is_valid():
        services.change_need_status(
            need=need, to_status=form.cleaned_data["status"], changed_by=request.user
        )
        messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("That status change is not possible."))
    return redirect(need)


# --- Offers ---------------------------------------------------------------------------------------
@login_required
@require_POST
def offer_create(request, pk):
    need, role = _visible_need_or_404(request, pk)
    if not permissions.can_offer_help(request.user, need, role=role):
        raise PermissionDenied
    form = OfferForm(request.POST)
    limited = ratelimit.is_limited("offer", request.user)
    if limited and form.is_valid():
        form.add_error(None, ratelimit.MESSAGE)
    if not form.is_valid():
        return render(
            request,
            "organizations/need_detail.html",
            {
                "need": need,
                "venture": need.venture,
                "organization": need.organization,
                "can_offer": True,
                "offer_form": form,
            },
            status=429 if limited else 400,
        )
    try:
        services.make_offer(need=need, member=request.user, message=form.cleaned_data["message"])
        ratelimit.record("offer", request.user)
        messages.success(request, _("Thank you! The team will answer your offer here."))
    except services.OfferNotAllowed:
        messages.info(request, _("You have already offered to help with this need."))
    return redirect(need)


@login_required
@require_POST
def offer_withdraw(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    if not permissions.can_withdraw_offer(request.user, offer):
        raise PermissionDenied
    services.withdraw_offer(offer=offer)
    messages.success(request, _("Offer withdrawn."))
    return redirect("organizations:my_offers")


@login_required
@require_POST
def offer_answer(request, pk):
    offer = get_object_or_404(Offer.objects.select_related("need__venture__organization"), pk=pk)
    organization = offer.need.venture.organization
    if not permissions.can_answer_offer(request.user, offer):
        if not permissions.can_manage_venture(request.user, offer.need.venture):
            raise PermissionDenied
        if permissions.is_own_offer(request.user, offer):
            messages.error(
                request, _("This is your own offer: someone else on the team answers it.")
            )
        else:
            # The team's second tab, or a colleague was quicker: say so rather than refuse.
            messages.error(request, _("This offer cannot be answered any more."))
        return redirect("organizations:offers", slug=organization.slug)
    form = OfferAnswerForm(request.POST)
    if not form.is_valid():
        _form_errors_as_message(request, form)
        return redirect("organizations:offers", slug=organization.slug)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.answer_offer(
            offer=offer, answered_by=request.user, accept=accept, reply=form.cleaned_data["reply"]
        )
    except services.OfferNotAllowed:
        messages.error(request, _("This offer cannot be answered any more."))
    else:
        messages.success(request, _("Offer accepted.") if accept else _("Offer declined."))
    return redirect("organizations:offers", slug=organization.slug)


@login_required
def offers_dashboard(request, slug):
    organization = _organization_or_404(slug)
    # Admins and editors see every venture's offers; a venture's leads see theirs.
    role = permissions.role_in(request.user, organization)
    ventures = permissions.ventures_managed_by(request.user, organization, role=role)
    if not ventures.exists():
        raise PermissionDenied
    offers = (
        Offer.objects.filter(need__venture__in=ventures)
        .select_related(
            "need__venture__organization",
            "member__profile",
            "answered_by__profile",
            "collaboration",
        )
        .prefetch_related("need__venture__leads")
        .order_by(
            Case(When(state=OfferState.PENDING, then=Value(0)), default=Value(1)),
            "created_at",
        )
    )
    state = request.GET.get("state")
    if state in OfferState.values:
        offers = offers.filter(state=state)
    page = page_of(offers, request)
    context = {
        "organization": organization,
        "page": page,
        "answerable": {
            offer.pk
            for offer in page
            if permissions.can_answer_offer(request.user, offer, role=role)
        },
        "own_pending": {
            offer.pk
            for offer in page
            if offer.state == OfferState.PENDING and permissions.is_own_offer(request.user, offer)
        },
        "state": state,
        "states": OfferState.choices,
        # Waiting for this reader's answer: not their own (permissions.can_answer_offer).
        "unanswered": Offer.objects.filter(need__venture__in=ventures)
        .pending()
        .exclude(member=request.user)
        .count(),
        "answer_form": OfferAnswerForm(),
        "check_ins": _waiting_check_ins(page, CheckInSide.TEAM),
        "thankable": {
            offer.pk
            for offer in page
            if _collaboration_of(offer) is not None
            and permissions.can_thank_helper(request.user, offer.collaboration, role=role)
        },
    }
    return render(request, "organizations/offers_dashboard.html", context)


@login_required
def my_offers(request):
    offers = (
        Offer.objects.filter(member=request.user)
        .select_related("need__venture__organization", "answered_by__profile", "collaboration")
        .order_by("-created_at")
    )
    page = page_of(offers, request)
    context = {"page": page, "check_ins": _waiting_check_ins(page, CheckInSide.HELPER)}
    return render(request, "organizations/my_offers.html", context)


def _collaboration_of(offer):
    try:
        return offer.collaboration
    except Collaboration.DoesNotExist:
        return None


def _waiting_check_ins(offers, side):
    """The unanswered check-in of `side` for each offer of a page, by offer pk (one query)."""
    rows = (
        CheckIn.objects.unanswered()
        .filter(side=side, collaboration__offer__in=[offer.pk for offer in offers])
        .select_related("collaboration")
        .order_by("milestone")
    )
    return {row.collaboration.offer_id: row for row in rows}


# --- Check-ins and thanks -------------------------------------------------------------------------
@login_required
def check_in(request, pk):
    check_in = get_object_or_404(
        CheckIn.objects.select_related(
            "collaboration__need__venture__organization",
            "collaboration__helper__profile",
            "answered_by__profile",
        ),
        pk=pk,
    )
    if not permissions.can_view_check_in(request.user, check_in):
        raise Http404
    can_answer = permissions.can_answer_check_in(request.user, check_in)
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if not can_answer:
            messages.info(request, _("This check-in was already answered."))
            return redirect(check_in)
        if form.is_valid():
            try:
                drafts = services.answer_check_in(
                    check_in=check_in, answered_by=request.user, **form.cleaned_data
                )
            except services.CheckInNotAllowed:
                messages.info(request, _("This check-in was already answered."))
                return redirect(check_in)
            messages.success(request, _("Thank you for telling us how it went."))
            draft = next((d for d in drafts if hasattr(d, "get_absolute_url")), None)
            if draft is not None:
                messages.info(
                    request,
                    _("Your outcome is now a draft story. Edit it and publish it when you like."),
                )
                return redirect(draft.get_absolute_url())
            return redirect(check_in)
    context = {
        "check_in": check_in,
        "collaboration": check_in.collaboration,
        "need": check_in.collaboration.need,
        "can_answer": can_answer,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/check_in.html", context, status=status)


@login_required
@require_POST
def collaboration_thank(request, pk):
    collaboration = get_object_or_404(
        Collaboration.objects.select_related("need__venture__organization"), pk=pk
    )
    if not permissions.can_thank_helper(request.user, collaboration):
        raise PermissionDenied
    form = ThankForm(request.POST)
    if form.is_valid():
        services.thank_helper(
            collaboration=collaboration, thanked_by=request.user, text=form.cleaned_data["thanks"]
        )
        messages.success(request, _("Your thank-you is saved."))
    else:
        _form_errors_as_message(request, form)
    url = reverse("organizations:offers", kwargs={"slug": collaboration.organization.slug})
    return redirect(f"{url}#offer-{collaboration.offer_id}")
