import pytest

# persona -> (URLs crawled, fuzzed requests), printed at the end of the run. Under pytest-xdist the
# crawl runs in a worker process: its counts come back to the controller with each test's report.
CRAWL_COUNTS: dict[str, tuple[int, int]] = {}


class _Counts(dict):
    """What a crawl test records: kept in the report's user_properties, which xdist sends back."""

    def __init__(self, request):
        super().__init__()
        self.request = request

    def __setitem__(self, persona, counts):
        super().__setitem__(persona, counts)
        self.request.node.user_properties.append(("crawl_counts", (persona, tuple(counts))))


@pytest.fixture
def crawl_counts(request):
    return _Counts(request)


def pytest_runtest_logreport(report):
    for name, value in getattr(report, "user_properties", ()):
        if name == "crawl_counts" and report.when == "call":
            persona, counts = value
            CRAWL_COUNTS[persona] = tuple(counts)


def pytest_terminal_summary(terminalreporter):
    if not CRAWL_COUNTS:
        return
    terminalreporter.section("persona crawl")
    for persona, (urls, fuzzed) in CRAWL_COUNTS.items():
        terminalreporter.write_line(f"{persona}: {urls} URLs crawled, {fuzzed} fuzzed requests")
