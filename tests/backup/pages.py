"""What the public sees, as bytes: run in a subprocess by test_round_trip.py against one
database and file directory (``python -m tests.backup.pages OUT.json NOW``).

It crawls the portal from its home page (every link under the site, file downloads and feeds
included, the back office and the admin left out), searches for a word the search index
holds, and crawls the whole OParl graph with every file's bytes (``partnerskap.oparl.crawler``),
all through Django's test client at the instant ``NOW`` (time stands still, so every process
sees the same «today»). It writes each URL's status and the SHA-256 of its body. The only
thing changed before hashing is the CSRF token a form carries, which is random per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlencode, urlsplit

SKIP = ("/admin/", "/sekretariat/", "/static/", "/i18n/", "/api/", "/metrics", "/readyz")
LIMIT = 600
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.links.append(value)


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def snapshot(out: str, now: str) -> None:
    import django

    django.setup()
    import time_machine
    from django.test import Client
    from django.test.utils import setup_test_environment

    from partnerskap.oparl.crawler import crawl
    from partnerskap.search.models import SearchEntry

    setup_test_environment()
    client = Client()
    pages: dict[str, list[Any]] = {}

    def fetch(path: str) -> tuple[int, dict[str, str], bytes]:
        response = client.get(path)
        body = _body(response)
        pages[path] = [response.status_code, hashlib.sha256(CSRF.sub(rb"\1\2", body)).hexdigest()]
        return response.status_code, dict(response.headers), body

    with time_machine.travel(dt.datetime.fromisoformat(now), tick=False):
        queue, seen = deque(["/"]), {"/"}
        while queue and len(seen) < LIMIT:
            path = queue.popleft()
            status, headers, body = fetch(path)
            if status != 200 or "text/html" not in headers.get("Content-Type", ""):
                continue
            parser = _Links()
            parser.feed(body.decode())
            for link in parser.links:
                target = urldefrag(link)[0]
                if not target.startswith("/") or target.startswith("//"):
                    continue
                if target.startswith(SKIP) or target in seen:
                    continue
                seen.add(target)
                queue.append(target)

        entry = SearchEntry.objects.order_by("pk").first()
        probe: dict[str, Any] = {"entries": SearchEntry.objects.count()}
        if entry is not None:
            # The title's words of four letters or more: specific enough to find this entry
            # on the first page of results however many partnerships share a word.
            word = " ".join(re.findall(r"\w{4,}", entry.title)) or entry.title
            status, _, body = fetch(f"/sok/?{urlencode({'q': word})}")
            probe |= {"word": word, "status": status, "found": entry.url in body.decode()}

        def oparl(url: str) -> tuple[int, dict[str, str], bytes]:
            parts = urlsplit(url)
            return fetch(f"{parts.path}?{parts.query}" if parts.query else parts.path)

        graph = crawl(oparl, "http://testserver/oparl/v1/", check_files=True)

    result = {
        "pages": pages,
        "search": probe,
        "oparl": {"objects": len(graph.objects), "files": len(graph.files)},
        "oparl_problems": graph.problems[:20],
    }
    Path(out).write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    snapshot(*sys.argv[1:])
