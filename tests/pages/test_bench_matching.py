"""The matching benchmark times every path and leaves the data as it found it."""

import pytest

from members.models import Skill
from notifications.models import Notification
from organizations.models import Match, Need
from pages import bench_matching
from tests.factories.members import UserFactory
from tests.factories.organizations import VentureFactory

pytestmark = pytest.mark.django_db


def test_matching_timings_report_every_path_and_change_nothing():
    skills = [Skill.objects.create(name=name) for name in ["Python", "Django", "Diseño"]]
    VentureFactory(countries=["VE"])
    for _index in range(5):
        profile = UserFactory().profile
        profile.languages = ["es"]
        profile.save()
        profile.skills.add(*skills)
    needs, matches, notes = (
        Need.objects.count(),
        Match.objects.count(),
        Notification.objects.count(),
    )

    results = bench_matching.timings(lambda text: None, runs=2)

    for name in [
        "match_new_need",
        "notify_new_need_matches",
        "match_new_need_and_notify",
        "match_changed_profile",
    ]:
        assert results[name]["runs"] == 2 and results[name]["median_ms"] > 0
        assert results[name]["x_db_floor"] is not None
    assert results["db_floor_ms"] > 0
    assert (Need.objects.count(), Match.objects.count(), Notification.objects.count()) == (
        needs,
        matches,
        notes,
    )
    lines = bench_matching.report_lines(results, page_floor_ms=1.0)
    assert any("match_new_need " in line and "x page floor" in line for line in lines)
