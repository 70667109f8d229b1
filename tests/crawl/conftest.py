import pytest

# persona -> (URLs crawled, fuzzed requests), printed at the end of the run.
CRAWL_COUNTS: dict[str, tuple[int, int]] = {}


@pytest.fixture(scope="session")
def crawl_counts():
    return CRAWL_COUNTS


def pytest_terminal_summary(terminalreporter):
    if not CRAWL_COUNTS:
        return
    terminalreporter.section("persona crawl")
    for persona, (urls, fuzzed) in CRAWL_COUNTS.items():
        terminalreporter.write_line(f"{persona}: {urls} URLs crawled, {fuzzed} fuzzed requests")
