"""Integration tests against a real Celery worker and the machine's real Redis.

The worker is a subprocess pointed at the test database (rows here are committed thanks to
`transactional_db`) and writes its emails to files in a temp dir, which we count.
"""

import os
import subprocess
import sys
import time
from email import message_from_string
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.db import connection

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import email_notification, sweep_unsent_notifications
from tests.factories.members import UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="needs REDIS_URL or TEST_REDIS_URL (real Redis)"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def _broker():

    # The suite's database (tests/settings.py), never the developer's: the tests flush it.
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    if host.startswith("/"):
        # A socket folder (the embedded PostgreSQL of a checkout without DATABASE_URL): a URL's
        # host cannot hold it, libpq's `host` option can (django-environ passes it on).
        return f"postgres://{auth}@/{db['NAME']}?" + urlencode({"host": host, "port": port})
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


class Worker:
    def __init__(self, mail_dir, pool="solo"):
        self.mail_dir = mail_dir
        self.pool = pool
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            # django-environ drops one leading slash of the path, hence four.
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
        }
        command = [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "diaspora",
            "worker",
            "-Q",
            "default,email,matching,digests",
            f"--pool={self.pool}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ]
        if self.pool == "threads":
            command.append("--concurrency=4")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def stop(self, *, warm=False):
        """Warm: the tasks under way finish first (SIGTERM). Else killed: the test has seen what
        it waits for, and the solo pool's shutdown waited out a broker poll, 1.5 s a test."""
        if self.process and self.process.poll() is None:
            if warm:
                self.process.terminate()
            else:
                self.process.kill()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def mail_dir(tmp_path):
    directory = tmp_path / "mail"
    directory.mkdir()
    return directory


@pytest.fixture
def broker():
    client = _broker()
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def worker(transactional_db, mail_dir, broker):
    process = Worker(mail_dir)
    try:
        yield process
    finally:
        process.stop()


def sent_to(mail_dir):
    """Recipients of every email the worker wrote (one entry per email)."""
    recipients = []
    for path in mail_dir.glob("*"):
        # The file backend separates messages with a line of 79 dashes.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                recipients.append(message_from_string(chunk.strip())["To"])
    return recipients


def wait_until_all_emailed(ids):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if not Notification.objects.filter(id__in=ids, emailed_at__isnull=True).exists():
            return
        time.sleep(0.2)
    pending = Notification.objects.filter(id__in=ids, emailed_at__isnull=True).count()
    pytest.fail(f"{pending} notifications still unsent after {WAIT_SECONDS}s")


def _notify_each(members):
    return [notify(recipient=member, kind="members.welcome").pk for member in members]


def test_each_notification_is_emailed_exactly_once(worker, mail_dir):
    members = UserFactory.create_batch(5)
    worker.start()
    ids = _notify_each(members)
    wait_until_all_emailed(ids)
    recipients = sent_to(mail_dir)
    assert sorted(recipients) == sorted(member.email for member in members)
    msg = message_from_string(next(mail_dir.glob("*")).read_text().split("-" * 79)[0].strip())
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_broker_flushed_before_worker_starts_sweeper_recovers(worker, mail_dir, broker):

    members = UserFactory.create_batch(6)
    ids = _notify_each(members)  # enqueued in Redis, no worker yet
    assert broker.dbsize() > 0
    broker.flushdb()  # Redis lost everything
    worker.start()
    sweep_unsent_notifications.delay(grace_seconds=0)
    wait_until_all_emailed(ids)
    assert sorted(sent_to(mail_dir)) == sorted(member.email for member in members)


def test_broker_flushed_mid_way_every_notification_arrives_once(worker, mail_dir, broker):

    members = UserFactory.create_batch(20)
    worker.start()
    ids = _notify_each(members)
    broker.flushdb()  # while the worker is consuming
    worker.stop()  # and a restart on top
    worker.start()
    sweep_unsent_notifications.delay(grace_seconds=0)
    wait_until_all_emailed(ids)
    recipients = sent_to(mail_dir)
    assert sorted(recipients) == sorted(member.email for member in members)


def test_concurrent_delivery_tasks_send_one_email(transactional_db, mail_dir, broker):

    members = UserFactory.create_batch(4)
    ids = [
        Notification.objects.create(
            recipient=member, kind="members.welcome", email_frequency="immediately"
        ).pk
        for member in members
    ]
    worker = Worker(mail_dir, pool="threads")
    try:
        worker.start()
        for notification_id in ids:
            for _ in range(4):
                email_notification.delay(notification_id)
        wait_until_all_emailed(ids)
        # Wait for every duplicate task to finish, not only the first that sent.
        deadline = time.monotonic() + WAIT_SECONDS
        while broker.llen("email") and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
    finally:
        worker.stop(warm=True)  # a duplicate still under way sends (or not) before the count
    assert sorted(sent_to(mail_dir)) == sorted(member.email for member in members)
