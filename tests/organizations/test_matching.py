import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.choices import HelpKind, Visibility
from members.models import Skill
from notifications.models import Notification
from organizations import matching, selectors, tasks
from organizations.models import Match, NeedCategory, NeedStatus, Role
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    VentureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills(db):
    return {name: Skill.objects.create(name=name) for name in ["Python", "Django", "Diseño"]}


@pytest.fixture
def need(skills):
    venture = VentureFactory(countries=["VE", "CO"])
    return NeedFactory(
        venture=venture,
        category=NeedCategory.TECHNICAL,
        languages=["pt"],
        is_remote=True,
        skills=list(skills.values()),
    )


def make_member(skills, *names, **profile_fields):
    user = UserFactory()
    profile = user.profile
    defaults = {
        "languages": ["pt"],
        "country_of_origin": "VE",
        "country_of_residence": "ES",
        "ways_to_help": [HelpKind.MENTORING],
        "hours_per_month": 0,
        "visibility": Visibility.PUBLIC,
    }
    for field, value in {**defaults, **profile_fields}.items():
        setattr(profile, field, value)
    profile.save()
    profile.skills.add(*(skills[name] for name in names))
    return user


def test_score_and_reasons_for_a_known_pair(need, skills):
    member = make_member(skills, "Python", "Django")

    matching.match_need(need.pk)

    match = Match.objects.get(need=need, user=member)
    # skills 40 * 2/3 (26) + speaks Portuguese (15) + from Venezuela, where the venture works (15)
    assert match.score == 26 + 15 + 15
    assert match.reasons == {
        "skills": [2, 3],
        "way": None,
        "languages": ["pt"],
        "origin": "VE",
        "residence": None,
        "hours": [0, None],
    }
    with translation.override("en"):
        assert matching.explain_text(match.reasons) == (
            "speaks Portuguese · 2 of 3 skills · from Venezuela, where this venture works"
        )
    with translation.override("es"):
        assert matching.explain_text(match.reasons) == (
            "habla portugués · 2 de 3 habilidades · de Venezuela, donde trabaja este emprendimiento"
        )


def test_way_to_help_residence_and_availability_add_up(skills):
    need = NeedFactory(
        venture=VentureFactory(countries=["MX"]),
        category=NeedCategory.MENTORING,
        languages=["es"],
        is_remote=False,
        country="CO",
        hours_expected=10,
        skills=[skills["Diseño"]],
    )
    member = make_member(
        skills,
        "Diseño",
        languages=["en"],
        country_of_origin="VE",
        country_of_residence="CO",
        ways_to_help=[HelpKind.MENTORING],
        hours_per_month=20,
    )

    matching.match_member(member.pk)

    match = Match.objects.get(need=need, user=member)
    assert match.score == 40 + 15 + 10 + 5
    assert match.reasons["way"] == "mentoring"
    assert match.reasons["residence"] == "CO"
    with translation.override("en"):
        phrases = matching.explain(match.reasons)
    assert "lives in Colombia, where help is needed" in phrases
    assert "1 of 1 skill" in phrases


def test_weak_pairs_are_not_kept(need, skills):
    # One of three skills and nothing else in common: 13 points, under the threshold.
    make_member(skills, "Python", languages=["en"], country_of_origin="AR")

    matching.match_need(need.pk)

    assert not Match.objects.exists()


@pytest.mark.parametrize(
    "profile_fields, user_fields",
    [
        ({"visibility": Visibility.HIDDEN}, {}),
        ({"allow_matching": False}, {}),
        ({}, {"is_active": False}),
        ({"is_hidden": True}, {}),
    ],
    ids=["hidden", "matching-off", "inactive", "hidden-by-moderators"],
)
def test_never_matched(need, skills, profile_fields, user_fields):
    member = make_member(skills, "Python", "Django", **profile_fields)
    for field, value in user_fields.items():
        setattr(member, field, value)
    member.save()

    matching.match_need(need.pk)
    matching.match_member(member.pk)

    assert not Match.objects.filter(user=member).exists()


def test_members_who_offered_or_sit_on_the_team_are_not_matched(need, skills):
    offered = make_member(skills, "Python", "Django")
    teammate = make_member(skills, "Python", "Django")
    MembershipFactory(organization=need.venture.organization, user=teammate, role=Role.MEMBER)
    other = make_member(skills, "Python", "Django")
    matching.match_need(need.pk)
    assert Match.objects.filter(need=need, user=offered).exists()

    OfferFactory(need=need, member=offered)
    matching.match_need(need.pk)

    assert set(Match.objects.filter(need=need).values_list("user_id", flat=True)) == {other.pk}


def test_profile_change_rematches_on_commit(need, skills, django_capture_on_commit_callbacks):
    member = make_member(skills, "Python", "Django")
    matching.match_need(need.pk)
    assert Match.objects.filter(user=member).exists()

    with django_capture_on_commit_callbacks(execute=True):
        member.profile.allow_matching = False
        member.profile.save()

    assert not Match.objects.filter(user=member).exists()

    with django_capture_on_commit_callbacks(execute=True):
        member.profile.allow_matching = True
        member.profile.save()
        member.profile.skills.add(skills["Diseño"])

    assert Match.objects.get(user=member).reasons["skills"] == [3, 3]


def test_need_change_rematches_and_closing_clears(need, skills, django_capture_on_commit_callbacks):
    member = make_member(skills, "Python", "Django", languages=["en"])
    matching.match_need(need.pk)
    assert Match.objects.get(user=member).score == 26 + 15

    with django_capture_on_commit_callbacks(execute=True):
        need.languages = ["en"]
        need.save()
    assert Match.objects.get(user=member).score == 26 + 15 + 15

    with django_capture_on_commit_callbacks(execute=True):
        need.status = NeedStatus.CLOSED
        need.save()
    assert not Match.objects.filter(need=need).exists()


def test_tasks_are_safe_to_run_twice(need, skills):

    make_member(skills, "Python", "Django")
    tasks.match_need.delay(need.pk)
    tasks.match_need.delay(need.pk)

    assert Match.objects.count() == 1


# Committed rows: the command scores on two connections of its own (--workers 2, the default).
@pytest.mark.django_db(transaction=True)
def test_rematch_command_rebuilds_and_drops_stale(need, skills):
    member = make_member(skills, "Python", "Django")
    other = NeedFactory(
        venture=need.venture, languages=["es"], skills=[skills["Python"], skills["Django"]]
    )
    closed = NeedFactory(status=NeedStatus.CLOSED, skills=[skills["Python"]])
    Match.objects.create(need=closed, user=member, score=90, reasons={})
    Match.objects.filter(need__in=[need, other]).delete()  # as if never matched

    # One need a batch: each connection scores one.
    call_command("rematch", "--batch-size", "1", verbosity=0)

    assert sorted(Match.objects.values_list("need_id", "user_id")) == [
        (need.pk, member.pk),
        (other.pk, member.pk),
    ]


def test_rematch_on_several_connections_is_refused_inside_a_transaction():
    with pytest.raises(ValueError, match="inside a transaction"):
        matching.rematch_all(workers=2)


def test_needs_for_member_best_match_first_with_reasons(need, skills):
    member = make_member(skills, "Python", "Django")
    weaker = NeedFactory(
        venture=VentureFactory(countries=["VE"]),
        languages=["de"],
        skills=[skills["Python"], skills["Diseño"]],
    )
    matching.match_member(member.pk)

    with translation.override("en"):
        needs = selectors.needs_for_member(member)

    assert [found.pk for found in needs] == [need.pk, weaker.pk]
    assert needs[0].match_reasons[0] == "speaks Portuguese"


def test_needs_for_member_falls_back_without_matches(need, skills):
    member = make_member(skills, "Python", languages=["en"], country_of_origin="AR")

    needs = selectors.needs_for_member(member)

    assert [found.pk for found in needs] == [need.pk]
    assert needs[0].match_reasons == []


def test_fallback_puts_most_shared_skills_first_then_ways_to_help(need, skills):
    member = make_member(skills, "Python", "Django", ways_to_help=["mentoring"])
    both = NeedFactory(skills=[skills["Python"], skills["Django"]], category="technical")
    way_only = NeedFactory(skills=[skills["Diseño"]], category="mentoring")
    offered = NeedFactory(skills=[skills["Python"], skills["Django"]])
    OfferFactory(need=offered, member=member)
    NeedFactory(skills=[skills["Diseño"]], category="funding")  # nothing in common

    needs = selectors.needs_for_member(member)

    assert [found.pk for found in needs] == [both.pk, need.pk, way_only.pk]


def test_suggested_members_only_those_who_allow_it(need, skills):
    shown = make_member(skills, "Python", "Django")
    make_member(skills, "Python", "Django", allow_suggestions=False)
    viewer = MembershipFactory(organization=need.venture.organization, role=Role.ADMIN).user
    matching.match_need(need.pk)

    suggestions = selectors.suggested_members_for_need(need, viewer=viewer)

    assert [match.user_id for match in suggestions] == [shown.pk]


def test_suggested_members_view_permissions(client, need, skills):
    shown = make_member(skills, "Python", "Django")
    matching.match_need(need.pk)
    organization = need.venture.organization
    url = reverse("organizations:need_suggestions", kwargs={"pk": need.pk})

    response = client.get(url)
    assert response.status_code == 302  # anonymous: sign in first

    for role in [None, Role.MEMBER]:
        outsider = UserFactory()
        if role:
            MembershipFactory(organization=organization, user=outsider, role=role)
        client.force_login(outsider)
        assert client.get(url).status_code == 403

    for role in [Role.ADMIN, Role.EDITOR]:
        insider = MembershipFactory(organization=organization, role=role).user
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200
        assert shown.profile.display_name in response.content.decode()


def test_suggested_members_partial_queries_stay_flat(
    client, need, skills, django_assert_max_num_queries
):
    for _index in range(15):
        make_member(skills, "Python", "Django")
    matching.match_need(need.pk)
    admin = MembershipFactory(organization=need.venture.organization, role=Role.ADMIN).user
    client.force_login(admin)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("organizations:need_suggestions", kwargs={"pk": need.pk}))

    assert response.status_code == 200
    assert response.content.decode().count("<li>") == 10


def test_needs_for_you_partial_queries_stay_flat(client, skills, django_assert_max_num_queries):
    member = make_member(skills, "Python", "Django")
    for _index in range(8):
        NeedFactory(
            venture=VentureFactory(countries=["VE"]),
            languages=["pt"],
            skills=[skills["Python"], skills["Django"]],
        )
    matching.match_member(member.pk)
    client.force_login(member)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("organizations:needs_for_you"))

    body = response.content.decode()
    assert body.count("<li>") == 5
    assert "2 of 2 skills" in body


def test_team_invites_a_suggested_member_once(client, need, skills):
    suggested = make_member(skills, "Python", "Django")
    matching.match_need(need.pk)
    organization = need.venture.organization
    url = reverse(
        "organizations:need_invite_member", kwargs={"pk": need.pk, "user_id": suggested.pk}
    )

    client.force_login(MembershipFactory(organization=organization, role=Role.MEMBER).user)
    assert client.post(url).status_code == 403
    assert Match.objects.get(user=suggested).invited_at is None

    client.force_login(MembershipFactory(organization=organization, role=Role.EDITOR).user)
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Invited to offer help" in response.content.decode()
    first = Match.objects.get(user=suggested).invited_at
    assert first is not None

    invitation = Notification.objects.get(recipient=suggested)
    assert invitation.kind == "organizations.invited_to_offer"
    assert invitation.data["title"] == need.title

    assert client.post(url).status_code == 302
    assert Match.objects.get(user=suggested).invited_at == first
    assert Notification.objects.filter(recipient=suggested).count() == 1


def test_only_suggested_members_can_be_invited(client, need, skills):
    private = make_member(skills, "Python", "Django", allow_suggestions=False)
    unmatched = UserFactory()
    matching.match_need(need.pk)
    client.force_login(
        MembershipFactory(organization=need.venture.organization, role=Role.ADMIN).user
    )

    for user in [private, unmatched]:
        url = reverse(
            "organizations:need_invite_member", kwargs={"pk": need.pk, "user_id": user.pk}
        )
        assert client.post(url).status_code == 404
    assert not Match.objects.filter(invited_at__isnull=False).exists()


def test_home_and_need_page_load_the_partials_with_htmx(client, need, skills):
    editor = MembershipFactory(organization=need.venture.organization, role=Role.EDITOR).user
    client.force_login(editor)

    home = client.get("/").content.decode()
    need_page = client.get(need.get_absolute_url()).content.decode()

    assert f'hx-get="{reverse("organizations:needs_for_you")}"' in home
    suggestions_url = reverse("organizations:need_suggestions", kwargs={"pk": need.pk})
    assert f'hx-get="{suggestions_url}"' in need_page

    client.force_login(UserFactory())
    assert suggestions_url not in client.get(need.get_absolute_url()).content.decode()
