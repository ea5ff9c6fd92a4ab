"""What every benchmark here shares, so that none can mislead (issue 21, point 5).

* A p95 comes from at least ``MIN_SAMPLES`` samples: ``p95`` refuses fewer (with 12 samples the
  p95 is the worst sample, so one pause decides the verdict).
* Every script prints the machine first (``print_machine``: date, host, CPU, cores, load and the
  command line), so a figure copied into docs/performance.md carries where and how it was made.
* A target is judged only on a quiet machine: ``verdict`` says «not judged» instead of «met» or
  «NOT met» when the load average was above ``LOAD_LIMIT_PER_CORE`` per core at the start or the
  end of the measurement (``Load.worst``), or when the machine itself ran slow: a fixed
  pure-Python loop (``python_speed``) took more than ``PYTHON_SPEED_LIMIT_MS`` at some sample
  (``Load.slowest``). The second check is for a virtual machine whose host is busy: its load
  average stays low while the same code runs two or three times slower (seen here within one
  hour: 35 ms, then 100 ms for the loop).

The scripts are run as ``python bench/<script>.py``, so this module is imported as ``measure``;
the tests import it as ``bench.measure``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MIN_SAMPLES = 200
LOAD_LIMIT_PER_CORE = 1.5
#: The targets were set on machines that run ``python_speed``'s loop in 27–41 ms (a quiet
#: two-core EPYC, a fast laptop); a run where it takes longer than this is not judged.
PYTHON_SPEED_LIMIT_MS = 50.0


class TooFewSamplesError(ValueError):
    """A percentile was asked of fewer samples than it can honestly stand for."""


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``; 0.0 for no values."""
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], not {share}")
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def p95(values: Sequence[float], *, minimum: int = MIN_SAMPLES) -> float:
    """The 95th percentile of at least ``minimum`` samples."""
    if len(values) < minimum:
        raise TooFewSamplesError(
            f"a p95 needs at least {minimum} samples, this has {len(values)}: "
            "measure more requests (or repeat the pages)"
        )
    return percentile(values, 0.95)


def cores() -> int:
    return os.cpu_count() or 1


def load_now() -> float:
    """The one-minute load average."""
    return os.getloadavg()[0]


def python_speed() -> float:
    """Milliseconds for a fixed pure-Python loop (10⁶ steps): a yardstick for the machine."""
    started = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i % 7
    return (time.perf_counter() - started) * 1000


@dataclass
class Load:
    """The load average and the machine's speed around a measurement: taken at the start, again
    at each ``sample``."""

    seen: list[float] = field(default_factory=lambda: [load_now()])
    speeds: list[float] = field(default_factory=lambda: [python_speed()])

    def sample(self) -> float:
        value = load_now()
        self.seen.append(value)
        self.speeds.append(python_speed())
        return value

    @property
    def worst(self) -> float:
        return max(self.seen)

    @property
    def slowest(self) -> float:
        """The slowest ``python_speed`` seen, in milliseconds."""
        return max(self.speeds)

    @property
    def per_core(self) -> float:
        return self.worst / cores()

    @property
    def quiet(self) -> bool:
        return self.per_core <= LOAD_LIMIT_PER_CORE and self.slowest <= PYTHON_SPEED_LIMIT_MS

    def describe(self) -> str:
        return (
            f"load average up to {self.worst:.2f} on {cores()} cores "
            f"({self.per_core:.2f} per core; a target is judged up to {LOAD_LIMIT_PER_CORE}); "
            f"python speed {min(self.speeds):.0f}–{self.slowest:.0f} ms "
            f"(judged up to {PYTHON_SPEED_LIMIT_MS:.0f})"
        )


def verdict(met: bool, load: Load) -> str:  # noqa: FBT001 - reads as verdict(p95 < target, load)
    """«met», «NOT met», or «not judged» when the machine was too busy or too slow to tell."""
    if not load.quiet:
        return f"not judged: the machine was busy or slow ({load.describe()})"
    return "met" if met else "NOT met"


def cpu_model() -> str:
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines(argv: Sequence[str] | None = None) -> list[str]:
    command = " ".join(shlex.quote(a) for a in (sys.argv if argv is None else argv))
    one, five, fifteen = os.getloadavg()
    return [
        f"date     {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        (
            f"machine  {platform.node()}: {cpu_model()}, {cores()} cores, "
            f"Python {platform.python_version()}"
        ),
        f"load     {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)",
        f"speed    python speed {python_speed():.0f} ms per 10⁶ loop steps (a fast laptop: ~40)",
        f"command  python {command}",
    ]


def print_machine(argv: Sequence[str] | None = None) -> Load:
    """Print where and how this run is made; returns the load tracker for ``verdict``."""
    for line in machine_lines(argv):
        print(line)
    print(flush=True)
    return Load()


def production_server_env(
    *, database_url: str, static_root: str, cache_url: str, cache_seconds: int
) -> dict[str, str]:
    """The environment of a benchmark's gunicorn: the production settings (``DEBUG`` off,
    whitenoise's manifest: static files are collected into ``static_root``, a temporary
    directory, as a deployment would), the database, and the shared page cache in
    ``cache_url`` for ``cache_seconds`` (0: off)."""
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PARTNERSKAP_PAGE_CACHE_SECONDS": str(cache_seconds),
        "CACHE_URL": cache_url,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "partnerskap.config.settings",
        "PYTHONPATH": str(root / "src"),
        "STATIC_ROOT": static_root,
    }
    subprocess.run(
        [sys.executable, "-m", "partnerskap", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        timeout=300,
    )
    return env


def gunicorn_command(*, port: int, workers: int, options: Sequence[str] = ()) -> list[str]:
    """The command line of the benchmarks' gunicorn: the project's WSGI application on
    loopback, ``workers`` processes, warnings only, and ``options`` (a worker class, …)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "partnerskap.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *options,
        "--log-level",
        "warning",
    ]


def stop_server(server: subprocess.Popen[bytes], *, grace: float = 20) -> None:
    """Stop a benchmark's gunicorn: SIGTERM (its workers finish their requests), then kill
    after ``grace`` seconds."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
