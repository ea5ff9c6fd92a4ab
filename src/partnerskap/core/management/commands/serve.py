"""``partnerskap serve [ADDRPORT]``: the development web server and a job worker together, as
``make run`` starts them. Each runs as a child process in a process group of its own; Ctrl-C
(SIGINT) or SIGTERM stops both groups (with the autoreloaders' children), and when one of them
ends by itself the other is stopped too, so nothing is left running. In production run
gunicorn and ``partnerskap worker`` as two services instead (README, «Production»).

The periodic work that production runs from timers (docs/operations.md: the forfall sweep
every 15 minutes, the secretariats' daily digest) is queued here too, at start and then at its
interval (``PERIODIC``), so the demo's reminders and digests happen without a timer. Each
command is idempotent: run early or twice, it sends nothing twice.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

GRACE = 10.0  # seconds a child may take to stop before it is killed

#: (command, seconds between runs): each queues its job for the worker (``--enqueue``).
PERIODIC: tuple[tuple[tuple[str, ...], float], ...] = (
    (("forfall-sweep", "--enqueue"), 15 * 60),
    (("digest", "--enqueue"), 60 * 60),  # the digest is sent once a day per person
)


class Command(BaseCommand):
    help = "Run the development web server and a job worker; Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (1).")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping: list[int] = []

        def stop(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
            stopping.append(signum)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        commands = [["runserver", options["addrport"]]] + [["worker"]] * options["workers"]
        children = [self._start(command) for command in commands]
        names = {child.pid: command[0] for child, command in zip(children, commands, strict=True)}
        code = 0
        due: dict[tuple[str, ...], float] = {}
        try:
            while not stopping:
                self._periodic(due, time.monotonic())
                ended = [child for child in children if child.poll() is not None]
                if ended:
                    code = ended[0].returncode or 1
                    name = names[ended[0].pid]
                    self.stderr.write(f"{name} stopped (exit {code}); stopping all")
                    break
                time.sleep(0.2)
        finally:
            self._stop(children + self.__dict__.get("_spawned", []))
        if code:
            sys.exit(code)

    def _periodic(self, due: dict[tuple[str, ...], float], now: float) -> list[tuple[str, ...]]:
        """Start each periodic command whose time has come (all of them the first time), and
        note when each is next due; the commands started."""
        started = []
        running = [p for p in self.__dict__.get("_spawned", []) if p.poll() is None]
        for command, every in PERIODIC:
            if now >= due.get(command, now):
                running.append(self._start(list(command)))
                due[command] = now + every
                started.append(command)
        self._spawned = running  # the finished ones reaped; the others stopped with the rest
        return started

    def _start(self, command: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "partnerskap", *command], start_new_session=True
        )

    def _stop(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            self._signal(child, signal.SIGTERM)
        deadline = time.monotonic() + GRACE
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(max(deadline - time.monotonic(), 0.1))
            # The whole group: an autoreloader's child outlives its parent otherwise.
            self._signal(child, signal.SIGKILL)
            child.wait()

    @staticmethod
    def _signal(child: subprocess.Popen[bytes], signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signum)
