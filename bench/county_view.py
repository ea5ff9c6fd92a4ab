"""The view across partnerships (``/sekretariat/oversikt/``, issue 17) on the generated data.

Signs in (in process, ``django.test.Client``) as a secretariat of the county that holds the
most partnerships in the database (a bench user, ``bench-fylke``, with an authenticator of its
own, made once and reused), and
times the page as the county's case officers use it: unfiltered, overdue only, the second page
of the work list, sorted by status, one partnership. Prints per page the queries, p50, p95 and
max of at least 200 requests, and the verdict against the target (``measure.verdict``: «not
judged» on a busy machine). Rerunnable; it changes nothing but the bench user::

    .venv/bin/python bench/generate.py --drop          # once: 20 partnerships × 20 years
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerskap_bench \\
        .venv/bin/python bench/county_view.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from typing import Any

from measure import p95, percentile, print_machine, verdict

BENCH_USER = "bench-fylke"
#: The back office's page target (``pages_bench.BACKOFFICE_P95_MS``).
TARGET_MS = 50.0


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerskap.config.test_settings")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import logging  # noqa: PLC0415

    import django  # noqa: PLC0415

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)


def county_user() -> tuple[Any, Any]:
    """The county with the most partnerships, and the bench user in its secretariat."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db.models import Count  # noqa: PLC0415

    from partnerskap.agreements.models import Party  # noqa: PLC0415
    from partnerskap.people.models import Membership, Person, Role  # noqa: PLC0415

    county = (
        Party.objects.filter(kind=Party.Kind.COUNTY)
        .annotate(n=Count("partnerships"))
        .order_by("-n", "pk")
        .first()
    )
    if county is None:
        sys.exit("No county in this database: run bench/generate.py first.")
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    person, _ = Person.objects.get_or_create(
        user=user, defaults={"given_name": "Bench", "family_name": "Fylke"}
    )
    Membership.objects.get_or_create(
        person=person,
        party=county,
        role=Role.SECRETARIAT,
        defaults={"valid_from": dt.date(2000, 1, 1)},
    )
    return county, user


def both_factors(client: Any, user: Any) -> None:
    """Mark the session as past the second factor (a secretariat must sign in with two), as
    ``django_otp.login`` does after a code, with the bench user's own authenticator."""
    from django_otp import DEVICE_ID_SESSION_KEY  # noqa: PLC0415
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def pages(county: Any) -> list[tuple[str, str]]:
    from partnerskap.agreements.models import Partnership  # noqa: PLC0415

    base = "/sekretariat/oversikt/"
    one = Partnership.objects.filter(parties=county).order_by("-period_end").first()
    found = [
        ("overview", base),
        ("overdue only", base + "?forfalt=1"),
        ("work list page 2", base + "?side=2"),
        ("sorted by status", base + "?sorter=-status"),
        ("concluded included", base + "?avsluttet=1"),
    ]
    if one is not None:
        found.append(("one partnership", base + f"?partnerskap={one.slug}&avsluttet=1"))
    return found


def measure_page(client: Any, url: str, *, n: int, warmup: int) -> dict[str, Any]:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "status": status,
        "queries": queries,
        "p50": percentile(times, 0.5),
        "p95": p95(times),
        "max": max(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnerskap_bench"
        ),
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    if args.requests < 200:
        parser.error("--requests must be at least 200: a p95 needs 200 samples")
    load = print_machine()
    setup(args.database_url)
    from django.test import Client  # noqa: PLC0415

    from partnerskap.agreements.models import Partnership  # noqa: PLC0415

    county, user = county_user()
    client = Client()
    client.force_login(user)
    both_factors(client, user)
    held = Partnership.objects.filter(parties=county).count()
    print(f"County {county.name}: {held} partnerships; target p95 < {TARGET_MS:.0f} ms\n")
    print(f"{'page':<22} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, url in pages(county):
        r = measure_page(client, url, n=args.requests, warmup=args.warmup)
        if r["status"] != 200:
            sys.exit(f"{url} answered {r['status']}, not 200: nothing to measure")
        load.sample()
        print(
            f"{name:<22} {r['status']:>6} {r['queries']:>7} {r['p50']:>8.1f} "
            f"{r['p95']:>8.1f} {r['max']:>8.1f}  {verdict(r['p95'] < TARGET_MS, load)}",
            flush=True,
        )
    print(f"\n{load.describe()}")


if __name__ == "__main__":
    main()
