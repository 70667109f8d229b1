"""The seed_demo command itself: at large scales it still matches the README's accounts, and it
refuses to run in production. (What the seeded data holds: test_seed_demo.py.)"""

import random

import pytest
from django.core.management import CommandError, call_command

from members.models import User
from organizations import demo_matching
from organizations.models import Match
from pages.management.commands.seed_demo import seed_all

from .test_seed_demo import SIZES, readme_accounts

# transaction=True: the members seeder drops and rebuilds indexes, which PostgreSQL refuses while
# deferred foreign-key checks of rows inserted in the same test transaction are pending.
pytestmark = pytest.mark.django_db(transaction=True)


def test_at_large_scales_the_seed_matches_the_readme_accounts_and_campaign_needs(
    settings, monkeypatch
):

    monkeypatch.setattr(demo_matching, "FULL_REMATCH_PAIRS", 0)  # as if 100,000 members
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_all(SIZES, random.Random(2020), lambda text: None)
    member = User.objects.get(email=readme_accounts()["member"])
    assert Match.objects.filter(user=member).exists()
    assert Match.objects.filter(need__venture__slug__startswith="cu-").exists()


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", "--members", "5")
    assert not User.objects.exists()
