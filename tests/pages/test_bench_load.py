"""The mixed load of `manage.py bench`: the URLs it samples from the database exist and answer
(signed in with the sessions it makes), the Lua script carries them, and its output is read with
every non-2xx/3xx response counted as an error. Nothing here is timed."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils.module_loading import import_string

from pages import bench_load, bench_rounds
from pages.bench_servers import parse_servers
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import NeedFactory

SCRIPT_OUTPUT = """Running 10s test @ http://127.0.0.1:8000
  2 threads and 64 connections
  4100 requests in 10.00s, 90.10MB read
Requests/sec:    410.00
Transfer/sec:      9.01MB
MIX_STATUS 200=4000 302=90 404=6 500=4
MIX_LATENCY_US p50=120500 p95=310250 p99=702000
MIX_SOCKET_ERRORS connect=0 read=1 write=0 timeout=2
"""


def test_script_output_counts_statuses_outside_2xx_3xx_and_socket_errors_as_errors():
    parsed = bench_load.parse_script_output(SCRIPT_OUTPUT)
    assert parsed["rps"] == 410.0
    assert parsed["requests"] == 4100
    assert (parsed["p50_ms"], parsed["p95_ms"], parsed["p99_ms"]) == (120.5, 310.25, 702.0)
    assert parsed["statuses"] == {"200": 4000, "302": 90, "404": 6, "500": 4}
    assert parsed["errors"] == 6 + 4 + 3
    assert parsed["complete"]


def test_output_without_the_script_lines_is_not_complete():
    """wrk failing to start prints none of them: that must not read as a clean run."""
    assert not bench_load.parse_script_output("unable to connect to 127.0.0.1:8000")["complete"]


def test_lua_script_lists_every_request_with_its_cookie_and_counts_responses():
    requests = [
        bench_load.MixRequest("home", "/"),
        bench_load.MixRequest("notifications_inbox", "/notifications/", "sessionid=abc123"),
        bench_load.MixRequest("member_directory_search", "/members/?q=mar&residence=CO"),
    ]
    script = bench_load.lua_script(requests)
    entries = re.findall(r'^  \{"([^"]*)", "([^"]*)"\}', script, re.MULTILINE)
    assert entries == [
        ("/", ""),
        ("/notifications/", "sessionid=abc123"),
        ("/members/?q=mar&residence=CO", ""),
    ]
    assert "function response(status, headers, body)" in script
    assert "MIX_STATUS" in script and "MIX_LATENCY_US" in script


def test_lua_strings_are_escaped_and_refuse_anything_but_plain_ascii():
    assert bench_load.lua_string('a"b\\c') == '"a\\"b\\\\c"'
    with pytest.raises(ValueError):
        bench_load.lua_string("/members/josé/")
    with pytest.raises(ValueError):
        bench_load.lua_string("/\nGET /admin/")


def test_server_names_take_a_shape():
    sync, gthread, granian = parse_servers("sync,gthread:2x8,granian", sync_workers=3)
    assert (sync.workers, sync.threads) == (3, 1)
    assert (gthread.workers, gthread.threads) == (2, 8)
    assert granian.command(8000)[1:4] == ["--interface", "wsgi", "diaspora.wsgi:application"]
    assert "--blocking-threads" in granian.command(8000)


@pytest.mark.django_db
def test_mix_spreads_over_real_urls_and_members_that_all_answer():
    members = UserFactory.create_batch(3)
    StaffFactory()  # never in the mix: staff pages ask for two-factor
    for _ in range(3):
        NeedFactory()
    EventFactory()
    campaign = CampaignFactory()
    StoryFactory(author=members[0], campaign=campaign)

    mix = bench_load.build_mix(members=5)
    try:
        summary = bench_load.composition(mix.requests)
        assert summary["members"] == 3  # every eligible member, each with a session of their own
        assert len(mix.session_keys) == 3
        assert {request.page for request in mix.requests if request.signed_in} == set(
            bench_load.MEMBER_PAGES
        )
        for page in ["need_page", "member_profile", "event_page", "story_page", "campaign_page"]:
            assert summary["pages"].get(page), page
        assert summary["distinct_urls"] > 84  # the directory searches alone are 84

        visitor, signed_in = Client(), Client()
        for request in {(request.path, request.cookie) for request in mix.requests}:
            path, cookie = request
            client = visitor
            if cookie:
                signed_in.cookies[settings.SESSION_COOKIE_NAME] = cookie.split("=", 1)[1]
                client = signed_in
            response = client.get(path)
            assert 200 <= response.status_code < 400, (path, bool(cookie), response.status_code)
            if cookie:
                assert response.wsgi_request.user.is_authenticated, path
    finally:
        mix.close()
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    assert not any(store().exists(key) for key in mix.session_keys)


def test_passes_combine_to_medians_with_errors_added_up():
    def one_pass(floor_rps, mix_rps, mix_errors):
        runs = {
            "floor": {"rps": floor_rps, "errors": 0, "statuses": {"200": 10}},
            "mix": {
                "rps": mix_rps,
                "errors": mix_errors,
                "statuses": {"200": 5, "500": mix_errors},
            },
        }
        for run in runs.values():
            run.update(p50_ms=1.0, p95_ms=2.0, p99_ms=3.0, requests=10, complete=True)
            run["share_of_floor"] = run["rps"] / floor_rps
        return {
            "server": "s",
            "command": "c",
            "preflight": {},
            "runs": runs,
            "uptime_before": "1",
            "uptime_after": "2",
        }

    clean = bench_rounds.combine(
        [one_pass(100, 40, 0), one_pass(200, 40, 0), one_pass(300, 120, 0)]
    )
    assert clean["runs"]["floor"]["rps"] == 200
    assert clean["runs"]["mix"]["share_of_floor"] == 0.4  # each pass's own share: .4, .2, .4
    assert clean["mix_goal_met"]
    failing = bench_rounds.combine([one_pass(100, 40, 0), one_pass(100, 40, 2)])
    assert failing["runs"]["mix"]["errors"] == 2
    assert failing["runs"]["mix"]["statuses"] == {"200": 10, "500": 2}
    assert not failing["mix_goal_met"]
