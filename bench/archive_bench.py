"""Noark 5 extraction (L9): time and peak memory of ``partnerskap archive-export`` on the
benchmark data (``bench/generate.py``: 20 partnerships × 20 years), target under 5 minutes and
under 300 MB for a partnership's whole period.

    .venv/bin/python bench/generate.py --drop                     # once: 20 × 20, ~2-3 min
    .venv/bin/python bench/archive_bench.py                        # the largest partnership
    .venv/bin/python bench/archive_bench.py --spans 1 5 20 --partnership SLUG

For each span (years back from the partnership's last meeting) it runs the command in a child
process and reads the child's wall time and peak resident memory (``os.wait4``'s ``ru_maxrss``),
so the numbers include Python and Django themselves; a 0-year span (no meetings) gives that
baseline. Memory that stays flat as the span grows is what streaming promises. The generated
data has no document files, so this measures the XML; the files are copied in 1 MB blocks.
Figures: docs/performance.md, «Archive extraction».
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from measure import print_machine  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/partnerskap_bench"


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    import django  # noqa: PLC0415

    django.setup()


def largest(slug: str | None) -> tuple[str, dt.date, dt.date]:
    from django.db.models import Count, Max, Min  # noqa: PLC0415

    from partnerskap.agreements.models import Partnership  # noqa: PLC0415

    rows = Partnership.objects.annotate(
        n=Count("meetings"), first=Min("meetings__starts_at"), last=Max("meetings__starts_at")
    )
    if slug:
        rows = rows.filter(slug=slug)
    chosen = rows.order_by("-n", "slug").first()
    if chosen is None or chosen.first is None:
        sys.exit("no partnership with meetings: run bench/generate.py first")
    return chosen.slug, chosen.first.date(), chosen.last.date()


def run(database_url: str, slug: str, start: dt.date, end: dt.date) -> dict[str, object]:
    out = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    command = [
        str(ROOT / ".venv" / "bin" / "partnerskap"),
        "archive-export",
        str(out),
        "--partnership",
        slug,
        "--from",
        start.isoformat(),
        "--to",
        end.isoformat(),
    ]
    env = dict(os.environ, DATABASE_URL=database_url)
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    said = child.stdout.read().strip() if child.stdout else ""
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    if status != 0:
        sys.exit(f"archive-export failed ({status}): {said}")
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "package_mb": round(size / 1024 / 1024, 2),
        "said": said,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--partnership", help="slug (default: the one with most meetings)")
    parser.add_argument("--spans", type=int, nargs="+", default=[0, 1, 5, 20])
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    print_machine()
    setup(args.database_url)
    slug, first, last = largest(args.partnership)
    print(f"Partnership {slug}: meetings from {first} to {last}")
    results = []
    for years in args.spans:
        if years == 0:
            start = end = first - dt.timedelta(days=1)
        else:
            start, end = max(first, dt.date(last.year - years + 1, 1, 1)), last
        result = run(args.database_url, slug, start, end)
        results.append({"years": years, **result})
        print(
            f"{years:>3} years ({start} – {end}): {result['seconds']:>7} s, "
            f"peak RSS {result['peak_rss_mb']:>6} MB, package {result['package_mb']} MB"
            f"\n      {result['said']}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")


if __name__ == "__main__":
    main()
