"""Jobs used only by the tests of the queue (importable by path, as a worker imports them)."""

from __future__ import annotations

import os
from pathlib import Path

from partnerskap.core.jobs import job

CALLS: list[str] = []


@job(attempts=3)
def always_fails(label: str) -> None:
    CALLS.append(label)
    msg = f"the {label} service is down"
    raise ConnectionError(msg)


@job()
def append_line(path: str, number: int) -> int:
    """Record one run: one line per call, appended atomically (O_APPEND)."""
    line = f"{number} {os.getpid()}\n".encode()
    fd = os.open(Path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return number
