"""The worker as operators run it: separate processes against one database file (SQLite) or
one PostgreSQL database, whichever DATABASE_URL names (CI runs both)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

CHECKOUT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _postgres_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{name}"


@pytest.fixture(scope="module")
def environment(tmp_path_factory, django_db_blocker) -> Iterator[dict[str, str]]:
    """A migrated database of its own (not the test database, which lives in a transaction)."""
    base = tmp_path_factory.mktemp("worker")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.settings",
        "SECRET_KEY": "worker-process-tests-0123456789-abcdefghijklmnopqrstuvwxyz",
        "PARTNERSKAP_VAR_DIR": str(base),
        "PARTNERSKAP_FILES_DIR": str(base / "files"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    created = None
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        from django.db import connection

        created = f"partnerskap_worker_{uuid.uuid4().hex[:8]}"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {created}")
        env["DATABASE_URL"] = _postgres_url(created)
    else:
        env["DATABASE_URL"] = f"sqlite:///{base / 'worker.sqlite3'}"
    manage(env, "migrate", "-v0")
    yield env
    if created:
        from django.db import connection

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {created} WITH (FORCE)")


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "partnerskap", *args],
        cwd=CHECKOUT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def helper(env: dict[str, str], *args: str) -> str:
    return manage_module(env, "tests.core.processes", *args)


def manage_module(env: dict[str, str], module: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=CHECKOUT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def state(env: dict[str, str]) -> dict[str, object]:
    return json.loads(helper(env, "report").strip().splitlines()[-1])


def test_a_worker_killed_mid_render_then_restarted_stores_exactly_one_pdf(environment, tmp_path):
    env = environment
    meeting_id = helper(env, "publish_a_meeting").strip().splitlines()[-1]
    marker = str(tmp_path / "rendering")
    hanging = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.core.processes",
            "worker_that_hangs_after_rendering",
            str(marker),
        ],
        cwd=CHECKOUT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not Path(marker).exists():
            assert hanging.poll() is None, "the worker stopped before rendering"
            assert time.monotonic() < deadline, "the worker never rendered"
            time.sleep(0.1)
    finally:
        hanging.send_signal(signal.SIGKILL)
        hanging.wait(30)
    assert hanging.returncode == -signal.SIGKILL
    killed = state(env)
    assert killed["notices"] == 0  # it died between rendering and storing
    assert killed["running"] == 1  # its job still says RUNNING

    restarted = {**env, "PARTNERSKAP_JOB_TIMEOUT": "1"}
    time.sleep(1.5)  # the dead worker's claim is now older than the timeout
    manage(restarted, "worker", "--batch", "--no-reload", "--no-startup-delay")
    after = state(env)
    assert after["notices"] == 1
    assert after["versions"] == [1]
    assert after["running"] == 0
    assert "FAILED" not in after["jobs"]

    # The same job once more (a duplicate delivery) leaves the one PDF as it is.
    helper(env, "enqueue_render", meeting_id)
    manage(env, "worker", "--batch", "--no-reload", "--no-startup-delay")
    again = state(env)
    assert (again["notices"], again["versions"], again["files"]) == (1, [1], after["files"])


def test_two_workers_run_each_of_500_queued_jobs_exactly_once(environment, tmp_path):
    env = environment
    out = tmp_path / "ran.txt"
    helper(env, "enqueue_lines", str(out), "500")
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "partnerskap",
                "worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--worker-id",
                f"w{n}",
            ],
            cwd=CHECKOUT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err[-3000:]
    lines = out.read_text().splitlines()
    numbers = Counter(int(line.split()[0]) for line in lines)
    assert sorted(numbers) == list(range(500))
    assert set(numbers.values()) == {1}  # each exactly once
    assert len({line.split()[1] for line in lines}) == 2  # and both workers took part
    assert "READY" not in state(env)["jobs"]


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_the_web_server_and_a_worker_and_ctrl_c_stops_both(environment):
    port = _free_port()
    env = {**environment, "DEBUG": "true"}  # as `make run`: both autoreload (grandchildren)
    serve = subprocess.Popen(
        [sys.executable, "-m", "partnerskap", "serve", f"127.0.0.1:{port}"],
        cwd=CHECKOUT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    try:
        deadline = time.monotonic() + 120
        while True:
            assert serve.poll() is None, "serve stopped by itself"
            assert time.monotonic() < deadline, "the web server never answered"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5):
                    break
            except OSError:
                time.sleep(0.3)
        children = _descendants(serve.pid)
        commands = {Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children}
        assert any(b"runserver" in c for c in commands)
        assert any(b"worker" in c for c in commands)
        serve.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert serve.wait(60) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
    time.sleep(0.5)
    assert [pid for pid in children if _alive(pid)] == []  # no orphan left


def test_serve_queues_the_periodic_work_at_start_and_at_its_interval(monkeypatch):
    """`make run` needs no timer: serve starts the forfall sweep and the digest (each queues
    its job for the worker) at once, and again only when each one's interval has passed."""
    from partnerskap.core.management.commands import serve

    started: list[list[str]] = []

    class Done:
        def poll(self) -> int:
            return 0

    command = serve.Command()
    monkeypatch.setattr(command, "_start", lambda argv: started.append(argv) or Done())
    due: dict[tuple[str, ...], float] = {}
    assert command._periodic(due, 1000.0) == [
        ("forfall-sweep", "--enqueue"),
        ("digest", "--enqueue"),
    ]
    assert command._periodic(due, 1000.0 + 14 * 60) == []
    assert command._periodic(due, 1000.0 + 15 * 60) == [("forfall-sweep", "--enqueue")]
    assert command._periodic(due, 1000.0 + 60 * 60) == [
        ("forfall-sweep", "--enqueue"),
        ("digest", "--enqueue"),
    ]
    assert started[0] == ["forfall-sweep", "--enqueue"]
