"""A small OParl crawler: from the System, follow every URL of the API, page through every
list, and check what the specification asks of each response.

Used by the crawl test, by ``.ci/oparl_schema_check.py`` (with the official JSON schemas as
the validator) and by ``bench/oparl_crawl.py`` (for the timings). It knows nothing of Django:
``fetch`` gets a URL and returns status, headers and body.

What it checks, for every response and object:

* HTTP 200, JSON, ``Access-Control-Allow-Origin: *`` (spec 2.6);
* an object's ``id`` is the URL it was fetched from (spec 2.4);
* every object, embedded ones included, has ``id``, ``type``, ``created`` and ``modified``,
  dates in the form ``yyyy-mm-ddThh:mm:ss±hh:mm`` (spec 2.4, 3.1);
* a list page has ``data``, ``pagination`` and ``links``; ``next`` on every page but the last;
  the filters of the first page are in every link; an object in a list is the object served at
  its ``id``; an embedded object's ``id`` serves an object of the same type;
* every URL under the API's root that any object names resolves;
* with ``check_files``, every ``File``'s ``accessUrl`` answers 200 with the bytes (``size``
  of them, of type ``mimeType``) and without ``Content-Disposition: attachment``, and its
  ``downloadUrl`` with one (spec 2.7). Those URLs are fetched only for this check, never
  parsed as OParl.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Fetch = Callable[[str], tuple[int, dict[str, str], bytes]]
Validate = Callable[[str, dict[str, Any]], list[str]]

SCHEMA = "https://schema.oparl.org/1.1/"
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
#: Properties whose URLs are a file's bytes, not OParl objects.
FILE_URLS = ("accessUrl", "downloadUrl", "externalServiceUrl")


@dataclass
class Crawl:
    root: str
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → as served there
    listed: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → as listed
    embedded: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # id → type
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # page URL → page
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # File id → a copy of it
    contents: dict[str, int] = field(default_factory=dict)  # accessUrl/downloadUrl → status
    timings: dict[str, float] = field(default_factory=dict)  # URL → seconds
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def types(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for obj in self.objects.values():
            name = str(obj.get("type", "")).removeprefix(SCHEMA)
            counts[name] = counts.get(name, 0) + 1
        return counts

    def report(self, limit: int = 50) -> str:
        lines = [f"{len(self.problems)} problem(s):", *self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"… and {len(self.problems) - limit} more")
        return "\n".join(lines)


def _walk_embedded(value: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object inside ``value`` (not ``value`` itself), with the property path."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}"
            if isinstance(item, dict) and str(item.get("type", "")).startswith(SCHEMA):
                yield path, item
                yield from _walk_embedded(item, path)
            elif isinstance(item, list | dict):
                yield from _walk_embedded(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            path = f"{where}[{index}]"
            if isinstance(item, dict) and str(item.get("type", "")).startswith(SCHEMA):
                yield path, item
                yield from _walk_embedded(item, path)
            else:
                yield from _walk_embedded(item, path)


def _strings(value: Any) -> Iterator[str]:
    """Every string in ``value`` but the URLs of file contents."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in FILE_URLS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _header(headers: dict[str, str], name: str) -> str:
    return {k.lower(): v for k, v in headers.items()}.get(name.lower(), "")


def check_object(obj: dict[str, Any], where: str) -> list[str]:
    """What every OParl object must have, embedded or not (spec 3.1, 2.4)."""
    problems = []
    for name in ("id", "type", "created", "modified"):
        if name not in obj:
            problems.append(f"{where}: no {name!r}")
    for name in ("created", "modified"):
        if name in obj and not (isinstance(obj[name], str) and DATE_TIME.match(obj[name])):
            problems.append(f"{where}: {name} {obj[name]!r} is not yyyy-mm-ddThh:mm:ss±hh:mm")
    if not str(obj.get("type", "")).startswith(SCHEMA):
        problems.append(f"{where}: type {obj.get('type')!r} is not an OParl 1.1 type")
    return problems


class Crawler:
    def __init__(
        self,
        fetch: Fetch,
        start: str,
        validate: Validate | None = None,
        root: str = "",
        *,
        validate_embedded: bool = True,
        check_files: bool = False,
    ) -> None:
        self.fetch = fetch
        self.validate = validate
        self.validate_embedded = validate_embedded
        self.check_files = check_files
        self.result = Crawl(root=root or start)
        self.queue: deque[str] = deque([start])
        self.seen: set[str] = {start}

    def run(self, limit: int = 1_000_000) -> Crawl:
        while self.queue and len(self.seen) <= limit:
            self.visit(self.queue.popleft())
        self.compare()
        if self.check_files:
            for file in self.result.files.values():
                self.check_file(file)
        return self.result

    def problem(self, message: str) -> None:
        self.result.problems.append(message)

    def enqueue(self, url: str) -> None:
        if url.startswith(self.result.root) and url not in self.seen:
            self.seen.add(url)
            self.queue.append(url)

    def get(self, url: str) -> Any:
        started = time.perf_counter()
        status, headers, body = self.fetch(url)
        self.result.timings[url] = time.perf_counter() - started
        if status != 200:
            self.problem(f"{url}: HTTP {status}")
            return None
        lowered = {k.lower(): v for k, v in headers.items()}
        if lowered.get("access-control-allow-origin") != "*":
            self.problem(f"{url}: no «Access-Control-Allow-Origin: *»")
        if body.startswith(b"\xef\xbb\xbf"):
            self.problem(f"{url}: UTF-8 with a byte order mark")
        try:
            return json.loads(body)
        except ValueError:
            self.problem(f"{url}: not JSON")
            return None

    def visit(self, url: str) -> None:
        data = self.get(url)
        if not isinstance(data, dict):
            return
        if "data" in data and "type" not in data:
            self.visit_page(url, data)
        else:
            self.visit_object(url, data, where=url)
            if data.get("id") != url:
                self.problem(f"{url}: id is {data.get('id')!r}, not the URL it came from")
            self.result.objects[url] = data

    def visit_object(self, url: str, obj: dict[str, Any], where: str) -> None:
        self.result.problems.extend(check_object(obj, where))
        if self.validate is not None:
            self.result.problems.extend(self.validate(where, obj))
        self.note_file(obj)
        for path, inner in _walk_embedded(obj, where):
            self.result.problems.extend(check_object(inner, path))
            if self.validate is not None and self.validate_embedded:
                self.result.problems.extend(self.validate(path, inner))
            if isinstance(inner.get("id"), str):
                self.result.embedded[inner["id"]] = (path, inner)
            self.note_file(inner)
        for text in _strings(obj):
            self.enqueue(text)
        del url

    def note_file(self, obj: dict[str, Any]) -> None:
        if obj.get("type") == f"{SCHEMA}File" and isinstance(obj.get("id"), str):
            self.result.files.setdefault(obj["id"], obj)

    def check_file(self, file: dict[str, Any]) -> None:
        """The file's bytes are at ``accessUrl`` (inline) and ``downloadUrl`` (attachment)."""
        where = file["id"]
        for name, attachment in (("accessUrl", False), ("downloadUrl", True)):
            url = file.get(name)
            if not isinstance(url, str):
                if name == "accessUrl":
                    self.problem(f"{where}: no accessUrl")
                continue
            status, headers, body = self.fetch(url)
            self.result.contents[url] = status
            if status != 200:
                self.problem(f"{where}: {name} {url} answers HTTP {status}")
                continue
            kind = _header(headers, "Content-Type").split(";")[0].strip()
            if "mimeType" in file and kind != file["mimeType"]:
                self.problem(f"{where}: {name} serves {kind!r}, mimeType is {file['mimeType']!r}")
            if "size" in file and len(body) != file["size"]:
                self.problem(f"{where}: {name} serves {len(body)} bytes, size is {file['size']}")
            disposition = _header(headers, "Content-Disposition").strip().lower()
            if attachment and not (
                disposition.startswith("attachment") and "filename=" in disposition
            ):
                self.problem(f"{where}: downloadUrl without «attachment; filename=»")
            if not attachment and disposition.startswith("attachment"):
                self.problem(f"{where}: accessUrl sends «Content-Disposition: attachment»")

    def visit_page(self, url: str, page: dict[str, Any]) -> None:
        self.result.pages[url] = page
        for name in ("data", "pagination", "links"):
            if name not in page:
                self.problem(f"{url}: list page without {name!r}")
        links = page.get("links", {})
        pagination = page.get("pagination", {})
        if "next" not in links and pagination.get("currentPage") != pagination.get("totalPages"):
            self.problem(f"{url}: no links.next, but page {pagination} is not the last")
        wanted = {k: v for k, v in parse_qsl(urlsplit(url).query) if k in FILTERS}
        for name, link in links.items():
            carried = {k: v for k, v in parse_qsl(urlsplit(link).query) if k in FILTERS}
            if carried != wanted:
                self.problem(f"{url}: links.{name} drops or changes the filters: {link}")
        for index, obj in enumerate(page.get("data", [])):
            where = f"{url} data[{index}]"
            if not isinstance(obj, dict):
                self.problem(f"{where}: not an object")
                continue
            self.visit_object(url, obj, where)
            if isinstance(obj.get("id"), str):
                self.result.listed[obj["id"]] = obj
                self.enqueue(obj["id"])
        for name in ("next", "first", "last", "prev"):
            if isinstance(links.get(name), str):
                self.enqueue(links[name])

    def compare(self) -> None:
        """A listed object is the object served at its id; an embedded object's id serves an
        object of its type."""
        objects = self.result.objects
        for obj_id, listed in self.result.listed.items():
            if obj_id in objects and objects[obj_id] != listed:
                self.problem(f"{obj_id}: differs in its list from the object at its URL")
        for obj_id, (path, inner) in self.result.embedded.items():
            served = objects.get(obj_id)
            if served is None:
                self.problem(f"{path}: embedded id {obj_id} was not served")
            elif served.get("type") != inner.get("type"):
                self.problem(f"{path}: embedded {inner.get('type')}, served {served.get('type')}")


def crawl(
    fetch: Fetch,
    start: str,
    validate: Validate | None = None,
    root: str = "",
    *,
    validate_embedded: bool = True,
    check_files: bool = False,
) -> Crawl:
    """Crawl from ``start`` (by default the System), following every URL under ``root`` (by
    default ``start``). ``validate`` is called for every object, and for every embedded one
    unless ``validate_embedded`` is false (a validator that descends into them itself).
    ``check_files`` fetches every file's ``accessUrl`` and ``downloadUrl`` as well."""
    crawler = Crawler(
        fetch,
        start,
        validate,
        root,
        validate_embedded=validate_embedded,
        check_files=check_files,
    )
    return crawler.run()
