"""The Redis database the test suite runs on: never the one a developer's REDIS_URL names.

The suite empties its cache before every test and the worker tests flush the Celery broker; on the
developer's database that would wipe their sessions, cached pages and queued tasks. TEST_REDIS_URL
names the suite's database; unset, the suite takes the REDIS_URL server's database 8 above the
developer's, counting round 16 (0 -> 8, 12 -> 4): two developers' databases never give one suite
database. Under pytest-xdist each worker (gw0, gw1, ...) takes the database that many numbers above
(gw1 of /9 is /10), since each empties its own. Read by tests/settings.py before Django's settings
exist, so no Django imports here.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from redis.connection import parse_url

# Names of this machine that reach the same Redis server.
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class SameDatabaseError(ValueError):
    pass


def database_of(url: str) -> tuple:
    """(server, database number) a Redis URL points at, as redis-py reads it."""
    options = parse_url(url)
    if "path" in options:  # unix socket
        server = ("unix", options["path"])
    else:
        host = options.get("host") or "localhost"
        server = ("localhost" if host in LOOPBACK else host, int(options.get("port") or 6379))
    return server, int(options.get("db") or 0)


def with_database(url: str, number: int) -> str:
    """`url` with its database number replaced (in the path, or `?db=` for a unix socket)."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "db"]
    if parts.scheme == "unix":
        query.append(("db", str(number)))
        # Written out: urlunsplit drops the "//" of a URL without a host.
        return f"unix://{parts.netloc}{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{number}", query=urlencode(query)))


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def same_database(first: str, second: str) -> bool:
    """Whether two URLs are one Redis database (False unless both are Redis URLs)."""
    if not (first.startswith(REDIS_SCHEMES) and second.startswith(REDIS_SCHEMES)):
        return False
    return database_of(first) == database_of(second)


def xdist_worker_number(worker: str) -> int:
    """0 for `gw0` (and outside xdist, where PYTEST_XDIST_WORKER is unset), 1 for `gw1`, ..."""
    match = re.fullmatch(r"gw(\d+)", worker or "")
    return int(match.group(1)) if match else 0


def suite_redis_url(*, developer_url: str, test_url: str, worker: str = "") -> str:
    """The suite's Redis URL: `test_url` if given, else `developer_url`'s server with a database of
    the suite's own; empty (memory cache, eager tasks) when neither is set. An xdist `worker`
    (PYTEST_XDIST_WORKER) other than gw0 takes the database its number above."""
    offset = xdist_worker_number(worker)
    if test_url:
        url = test_url
        if offset:
            url = with_database(test_url, (database_of(test_url)[1] + offset) % 16)
        if same_database(url, developer_url):
            raise SameDatabaseError(
                f"TEST_REDIS_URL ({test_url}) gives the suite (xdist worker {worker or 'gw0'}: {url}) "
                f"the database of REDIS_URL ({developer_url}); the suite empties it before every "
                "test. Give the suite databases of its own."
            )
        return url
    if not developer_url:
        return ""
    _server, number = database_of(developer_url)
    # 8 above the developer's, and at most 7 workers more before wrapping round to it.
    if offset > 7:
        raise SameDatabaseError("More than 8 xdist workers would reach REDIS_URL's database.")
    return with_database(developer_url, (number + 8 + offset) % 16)
