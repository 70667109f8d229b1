import pytest

from pages import bench_pages
from pages.management.commands.bench import parse_wrk

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/bench/floor/
  2 threads and 16 connections
  Latency Distribution
     50%    4.10ms
     75%    5.20ms
     90%    7.00ms
     99%    1.20s
  18000 requests in 5.00s, 9.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   3600.50
Transfer/sec:      1.82MB
"""


def test_parse_wrk_reads_throughput_latency_and_errors():
    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed["rps"] == 3600.50
    assert parsed["requests"] == 18000
    assert parsed["p50_ms"] == 4.10
    assert parsed["p99_ms"] == 1200.0
    assert parsed["errors"] == 7


@pytest.mark.django_db
def test_floor_page_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/floor/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_key_pages_resolve_and_answer(client, member):
    """Every key page the benchmark measures exists and answers 200 (signed in where it says so)."""
    for page in bench_pages.key_pages():
        if page.path is None:
            continue
        if page.signed_in:
            client.force_login(member)
        else:
            client.logout()
        assert client.get(page.path).status_code == 200, page.name


@pytest.mark.django_db
def test_server_timing_header_reports_queries(client, settings):
    settings.MIDDLEWARE = ["core.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]
    response = client.get("/healthz")
    assert 'db;desc="1 queries"' in response["Server-Timing"]
