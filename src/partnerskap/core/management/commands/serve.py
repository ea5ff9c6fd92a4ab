"""``partnerskap serve [ADDRPORT]``: the development web server and a job worker together, as
``make run`` starts them. Each runs as a child process in a process group of its own; Ctrl-C
(SIGINT) or SIGTERM stops both groups (with the autoreloaders' children), and when one of them
ends by itself the other is stopped too, so nothing is left running. In production run
gunicorn and ``partnerskap worker`` as two services instead (README, «Production»).
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
        try:
            while not stopping:
                ended = [child for child in children if child.poll() is not None]
                if ended:
                    code = ended[0].returncode or 1
                    name = names[ended[0].pid]
                    self.stderr.write(f"{name} stopped (exit {code}); stopping all")
                    break
                time.sleep(0.2)
        finally:
            self._stop(children)
        if code:
            sys.exit(code)

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
