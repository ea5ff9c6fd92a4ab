"""docs/api.md's «Try it» walkthrough, replayed as written (issue #8).

The test reads the doc itself: every ``curl`` of the section's ```sh blocks runs in the doc's
order through Django's test client, against the demo loaded as `make run` loads it (the
`demo` and `documents-process` commands on a database with fresh sequences, so the ids the
doc prints are the ids a new user gets). The tokens come from the `api-token create` command
the doc shows; what the doc marks as yours («paste yours», «yours differs», «the next link
from the answer») comes from the previous answer. Each command's outcome, and the prose's
checkable claims, are asserted; an edited walkthrough fails here until this file agrees.

No time machine: the doc's dates are real dates (steps dated 2026, a meeting in March 2027),
and the service refuses a step dated in the future, so the test runs on today's date on
purpose: it fails when the doc's dates stop working for a new user.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from partnerskap.demo.loader import DEMO_PASSWORD
from tests.snapshot import as_migrated

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "api.md"
TITLE = "## Try it: a walkthrough against `make run`"
TOKEN_SHAPE = re.compile(r"psk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}")
ETAG_SHAPE = re.compile(r'"[0-9a-f]{32}"')
NEXT_LINK = "<the next link from the answer>"
YOURS_DIFFERS = re.compile(r"^# ETag: (\"[^\"]+\")\s+\(yours differs\)$")

# Fresh sequences, as in the database `make run` creates: the doc prints ids (meeting 4,
# follow-up 34, the new meeting 23), so the test needs the ids a new user gets.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)


def section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(TITLE)
    end = text.find("\n## ", start + len(TITLE))
    return text[start:] if end == -1 else text[start:end]


SECTION = section()


def said(phrase: str) -> None:
    """The claim being checked is the doc's: editing the prose fails the test."""
    assert " ".join(phrase.split()) in " ".join(SECTION.split()), (
        f"the doc no longer says {phrase!r}"
    )


# ---------------------------------------------------------------- reading the doc


@dataclass
class Curl:
    """Its words as the doc writes them (quotes kept): expanded only when it runs."""

    source: str
    method: str
    url: str
    headers: list[str]
    data: str | None
    include_headers: bool
    before: list[str] = field(default_factory=list)  # comments above it, after a blank line
    after: list[str] = field(default_factory=list)  # comments right under it


@dataclass
class Command:
    """A `partnerskap …` line: a management command, with its environment prefix."""

    source: str
    env: dict[str, str]
    args: list[str]
    after: list[str] = field(default_factory=list)


@dataclass
class Assign:
    name: str
    value: str


@dataclass
class TokenFromProse:
    """«With a token for `user` (`api-token create user --name …`)»."""

    username: str


Step = Curl | Command | Assign | TokenFromProse
IGNORED = ("make run", "pretty() {")


def shell_lines(block: list[str]) -> list[str]:
    """A block's logical lines: backslash continuations joined, blank lines kept."""
    lines: list[str] = []
    pending = ""
    for raw in block:
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        lines.append((pending + line.strip()).strip() if pending else line.strip())
        pending = ""
    assert not pending, "a continuation runs off the end of a block"
    return lines


def words(line: str) -> list[str]:
    """Shell words with their quotes kept, so expansion can honour single quotes; stops at
    a pipe or a comment (`| pretty`, `| head -1`, `# …`)."""
    lexer = shlex.shlex(line, posix=False)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    out = []
    for word in lexer:
        if word == "|":
            break
        out.append(word)
    return out


def unquote(word: str, variables: dict[str, str]) -> str:
    if word[:1] == "'" and word[-1:] == "'":
        return word[1:-1]
    if word[:1] == '"' and word[-1:] == '"':
        word = word[1:-1]
    assert "'" not in word, f"mixed quoting in {word!r}"

    def expand(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        assert name in variables, f"${name} is used before the walkthrough sets it"
        return variables[name]

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", expand, word)


def parse_curl(line: str) -> Curl:
    tokens = words(line)
    assert tokens[0] == "curl"
    method, url, data, include = "", "", None, False
    headers: list[str] = []
    rest = iter(tokens[1:])
    for word in rest:
        if word == "-s":
            continue
        if word in {"-si", "-is", "-i"}:
            include = True
        elif word == "-X":
            method = next(rest)
        elif word == "-H":
            headers.append(next(rest))
        elif word == "-d":
            data = next(rest)
        elif not word.startswith("-") and not url:
            url = word
        else:
            pytest.fail(f"the walkthrough uses a curl option this test does not know: {line}")
    if not method:
        method = "POST" if data is not None else "GET"
    return Curl(line, method, url, headers, data, include)


def walkthrough() -> list[Step]:
    steps: list[Step] = []
    in_block, block = False, []
    for line in SECTION.splitlines():
        if not in_block:
            if line.strip() == "```sh":
                in_block, block = True, []
            else:
                steps += [TokenFromProse(u) for u in re.findall(r"`api-token create (\S+)", line)]
            continue
        if line.strip() != "```":
            block.append(line)
            continue
        in_block = False
        steps += block_steps(shell_lines(block))
    assert not in_block, "an unclosed ```sh block"
    return steps


def block_steps(lines: list[str]) -> list[Step]:
    steps: list[Step] = []
    last: Curl | Command | None = None
    comments: list[str] = []
    for line in lines:
        if not line:
            last, comments = None, []
        elif line.startswith("#"):
            if last is not None:
                last.after.append(line)
            else:
                comments.append(line)
        elif line.startswith("curl "):
            last = parse_curl(line)
            last.before, comments = comments, []
            steps.append(last)
        elif match := re.fullmatch(r"(\w+)=(\S+)(\s+#.*)?", line):
            last = None
            steps.append(Assign(match.group(1), match.group(2)))
        elif "partnerskap " in line:
            argv = shlex.split(line, comments=True)
            env = {}
            while "=" in argv[0]:
                key, _, value = argv.pop(0).partition("=")
                env[key] = value
            assert argv[0] == ".venv/bin/partnerskap", line
            last = Command(line, env, argv[1:])
            steps.append(last)
        elif line.startswith(IGNORED):
            last = None
        else:
            pytest.fail(f"the walkthrough has a line this test cannot replay: {line}")
    return steps


# ---------------------------------------------------------------- what each command must do


@dataclass
class Reply:
    curl: Curl
    status: int
    headers: Any  # the HttpResponse: reply.headers["ETag"]
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)

    @property
    def results(self) -> list[dict[str, Any]]:
        return self.json()["results"]

    def posted(self) -> dict[str, Any]:
        assert self.curl.data is not None
        return json.loads(unquote(self.curl.data, {}))


def by_id(rows: list[dict[str, Any]], pk: int) -> dict[str, Any]:
    found = [row for row in rows if row["id"] == pk]
    assert len(found) == 1, f"id {pk} not in {[row['id'] for row in rows]}"
    return found[0]


def endpoint_lists() -> list[str]:
    """The lists in the doc's Endpoints table (`GET /meetings/`, …)."""
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"^\| `GET (/[a-z-]+/)`", text, flags=re.MULTILINE)


def check_index(reply: Reply) -> None:
    said("links to every list")
    links = set(reply.json().values())
    lists = endpoint_lists()
    assert len(lists) == 10
    for path in lists:
        assert f"http://testserver/api/v1{path}" in links, path


def check_partnerships(reply: Reply) -> None:
    said("the demo partnership, id 1, and its renewal")
    said("the demo partnership (Asker og Bærum – Viken 2020–2024, with its history)")
    # (The demo also holds the second council's partnership, Follo (demo) – Akershus.)
    by_id = {p["id"]: p for p in reply.results}
    partnership = by_id[1]
    assert partnership["name"] == "Asker og Bærum – Viken 2020–2024"
    renewal = by_id[partnership["successor"]]
    assert renewal["predecessor"] == 1


def check_meetings_2022(reply: Reply) -> None:
    said("three meetings in 2022")
    assert reply.json()["next"] is None
    assert [m["starts_at"][:4] for m in reply.results] == ["2022"] * 3


def check_meeting_4(reply: Reply) -> None:
    said("in meeting 4, PS 7/2021 «Orientering fra oppfølgingstjenesten (lukket)»")
    meeting = reply.json()
    assert meeting["id"] == 4
    [closed] = [i for i in meeting["agenda"] if i["case_number"] == "PS 7/2021"]
    said(
        'there with `"public": false`, its neutral title, its `legal_basis` and the kind of '
        "item and outcome, and nothing of its content"
    )
    assert closed["public"] is False
    assert closed["title"] == "Orientering fra oppfølgingstjenesten (lukket)"
    assert closed["legal_basis"]
    assert closed["case_presentation"] == closed["recommendation"] == closed["outcome_text"] == ""
    assert closed["kind"]
    assert closed["outcome"]
    said("`minutes` is the public part of the latest approved minutes")
    assert meeting["status"] == "minutes_approved"
    assert meeting["minutes"]["version"] >= 1
    assert "internal" not in meeting["minutes"]["content"]


def check_municipalities(reply: Reply) -> None:
    said("Bærum kommune is id 5")
    assert {p["kind"] for p in reply.results} == {"municipality"}
    assert by_id(reply.results, 5)["name"] == "Bærum kommune"


def check_baerum_owes(reply: Reply) -> None:
    said("what Bærum's bodies still owe")
    said("Bærum kommunestyre has not yet answered proposal 11 (follow-up 34, status `sent`)")
    assert reply.results
    assert {(f["status"], f["elected_body"]["party"]) for f in reply.results} == {("sent", 5)}
    owed = by_id(reply.results, 34)
    assert owed["proposal"] == 11
    assert owed["elected_body"]["name"] == "Bærum kommunestyre"
    assert owed["lock_version"] == 0  # the first step below sends expected_lock_version 0


def check_digitalisation(reply: Reply) -> None:
    said("proposals on digitalisation")
    assert reply.results
    for proposal in reply.results:
        assert proposal["sent_on"].startswith("2022-")
        assert {"id": 6, "slug": "digitalisering", "name": "Digitalisering"} in proposal["areas"]


def check_modified_since(reply: Reply) -> None:
    since = dt.datetime.fromisoformat("2026-01-01T00:00+01:00")  # Oslo time, as documented
    assert reply.results
    assert all(dt.datetime.fromisoformat(m["modified"]) >= since for m in reply.results)


def check_first_page(reply: Reply) -> None:
    said('Follow `next` (also sent as a `Link: <…>; rel="next"` header)')
    body = reply.json()
    assert len(body["results"]) == 2
    assert body["next"]
    assert reply.headers["Link"] == f'<{body["next"]}>; rel="next"'


def check_etag(reply: Reply) -> None:
    said("Every GET answers with an `ETag`")
    assert reply.curl.include_headers  # `-si`, or grep finds no header
    assert ETAG_SHAPE.fullmatch(reply.headers["ETag"]), reply.headers["ETag"]


def check_not_modified(reply: Reply) -> None:
    said("answer is `304 Not Modified`, with no body")
    assert reply.curl.include_headers  # `-si`, or `head -1` shows no status line
    assert reply.content == b""


def check_step(reply: Reply) -> None:
    said("Each answer is `201 Created` with the follow-up and its whole history")
    posted, follow_up = reply.posted(), reply.json()
    assert follow_up["id"] == 34
    assert follow_up["status"] == posted["status"]
    assert follow_up["lock_version"] == posted["expected_lock_version"] + 1
    history = follow_up["events"]
    assert history[0]["status"] == "sent"
    assert len(history) == posted["expected_lock_version"] + 2
    assert history[-1] == {
        "status": posted["status"],
        "on": posted["on"],
        "note": posted.get("note", ""),
    }
    for key in ("body_meeting_date", "body_case_number", "decision_text"):
        if key in posted:
            assert follow_up[key] == posted[key]


def check_decision_public(reply: Reply) -> None:
    said("everyone now sees Bærum's decision")
    assert not any("Authorization" in header for header in reply.curl.headers)
    baerum = by_id(reply.json()["follow_ups"], 34)
    assert baerum["status"] == "adopted"
    assert baerum["decided_on"] == "2026-02-12"
    assert baerum["decision_text"] == "Bærum kommunestyre slutter seg til forslaget."


def problem(code: str) -> Callable[[Reply], None]:
    def check(reply: Reply) -> None:
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert reply.json()["code"] == code
        assert any(code in comment for comment in reply.curl.before + reply.curl.after)

    return check


def check_locations(reply: Reply) -> None:
    said("Bærum rådhus is id 2")
    assert by_id(reply.results, 2)["name"].startswith("Bærum rådhus")


def check_areas(reply: Reply) -> None:
    assert {a["partnership"] for a in reply.results} == {2}
    by_id(reply.results, 10)  # the item below is filed under area 10


def check_new_meeting(reply: Reply) -> None:
    said("in the renewed agreement, 2025–2028, id 2")
    meeting = reply.json()
    assert meeting["partnership"] == 2
    assert meeting["outside_period"] is False
    assert meeting["location"]["id"] == 2
    assert meeting["starts_at"] == "2027-03-11T10:00:00+01:00"  # Oslo time without an offset


def check_new_item(reply: Reply) -> None:
    said("numbered PS 1/2027")
    item = reply.json()
    assert item["meeting"] == 23
    assert item["case_number"] == "PS 1/2027"
    assert [a["id"] for a in item["areas"]] == [10]
    assert item["sdgs"] == [11, 17]


def check_moved(reply: Reply) -> None:
    said("what you leave out stays as it is")
    meeting = reply.json()
    assert (meeting["starts_at"], meeting["ends_at"]) == (
        "2027-03-18T10:00:00+01:00",
        "2027-03-18T13:00:00+01:00",
    )
    assert meeting["title"] == "Ekstraordinært partnerskapsmøte"
    assert meeting["location"]["id"] == 2


def check_notice(reply: Reply) -> None:
    notice = reply.json()
    assert notice["message"] == "Velkommen."
    assert notice["published_at"]


def check_public_agenda(reply: Reply) -> None:
    said("the agenda is public from now on (L1)")
    assert not any("Authorization" in header for header in reply.curl.headers)
    meeting = reply.json()
    assert meeting["status"] == "notice_published"
    assert [(i["case_number"], i["title"], i["public"]) for i in meeting["agenda"]] == [
        ("PS 1/2027", "Ny partnerskapsavtale med Akershus", True)
    ]


def ok(reply: Reply) -> None:
    """Nothing to check beyond the status."""


API = "$API"
# (method, the URL as the doc writes it, status, check), in the doc's order.
EXPECTED: list[tuple[str, str, int, Callable[[Reply], None]]] = [
    # 1. Reading
    ("GET", f"{API}/", 200, check_index),
    ("GET", f"{API}/partnerships/", 200, check_partnerships),
    ("GET", f'"{API}/meetings/?year=2022"', 200, check_meetings_2022),
    ("GET", f"{API}/meetings/4/", 200, check_meeting_4),
    ("GET", f'"{API}/parties/?kind=municipality"', 200, check_municipalities),
    ("GET", f'"{API}/follow-ups/?party=5&status=sent"', 200, check_baerum_owes),
    ("GET", f'"{API}/proposals/?year=2022&area=6"', 200, check_digitalisation),
    ("GET", f'"{API}/meetings/?modified_since=2026-01-01T00:00"', 200, check_modified_since),
    ("GET", f'"{API}/agenda-items/?limit=2"', 200, check_first_page),
    ("GET", f'"{NEXT_LINK}"', 200, ok),  # checked against the first page in the test
    ("GET", f"{API}/meetings/5/", 200, check_etag),
    ("GET", f"{API}/meetings/5/", 304, check_not_modified),
    # 3. Recording a follow-up
    ("GET", f'"{API}/follow-ups/?party=5&status=sent"', 200, check_baerum_owes),
    ("POST", f"{API}/follow-ups/34/steps/", 201, check_step),
    ("POST", f"{API}/follow-ups/34/steps/", 201, check_step),
    ("POST", f"{API}/follow-ups/34/steps/", 201, check_step),
    ("GET", f"{API}/proposals/11/", 200, check_decision_public),
    ("POST", f"{API}/follow-ups/33/steps/", 403, problem("api.forbidden.record_follow_up")),
    ("POST", f"{API}/follow-ups/34/steps/", 409, problem("followup.final")),
    # 4. Meetings, for the secretariat
    ("GET", f"{API}/locations/", 200, check_locations),
    ("GET", f'"{API}/areas/?partnership=2"', 200, check_areas),
    ("POST", f"{API}/meetings/", 201, check_new_meeting),
    ("POST", f"{API}/meetings/23/agenda-items/", 201, check_new_item),
    ("PATCH", f"{API}/meetings/23/", 200, check_moved),
    ("POST", f"{API}/meetings/23/notice/", 201, check_notice),
    ("GET", f"{API}/meetings/23/", 200, check_public_agenda),
]


def check_comments(reply: Reply) -> None:
    """What the doc says above a command (a status) and prints under it: a status line,
    `→ "key": value`, or a whole answer."""
    for comment in reply.curl.before:  # «…: 403», «(201; …»
        for status in re.findall(r"(?<![\w/–-])([1-5]\d\d)(?![\w/–-])", comment):
            assert reply.status == int(status), comment
    after = [c.removeprefix("#").strip() for c in reply.curl.after]
    if after and after[0].startswith("{"):
        assert reply.json() == json.loads("".join(after)), reply.content
        return
    for comment in after:
        if match := re.fullmatch(r"HTTP/1\.1 (\d{3}) .+", comment):
            assert reply.status == int(match.group(1))
        elif match := re.fullmatch(r'→ "(\w+)": (.+)', comment):
            assert reply.json()[match.group(1)] == json.loads(match.group(2))
        elif not YOURS_DIFFERS.match(f"# {comment}"):
            pytest.fail(f"a comment this test cannot check: {comment}")


# ---------------------------------------------------------------- the run


def make_run_commands() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun: setup\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"\$\(APP\) ([\w-]+)", recipe)


def make_run_origin() -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    host = re.search(r"^HOST\s*\?=\s*(\S+)", makefile, flags=re.MULTILINE)
    port = re.search(r"^PORT\s*\?=\s*(\S+)", makefile, flags=re.MULTILINE)
    assert host, "HOST ?= … in the Makefile"
    assert port, "PORT ?= … in the Makefile"
    return f"http://{host.group(1)}:{port.group(1)}"


def load_as_make_run(settings: Any, tmp_path: Path) -> str:
    """What `make run` runs before it serves, as `partnerskap` runs it; the test database is
    already migrated, and static files play no part in the API."""
    commands = make_run_commands()
    assert commands[:2] == ["migrate", "collectstatic"]
    assert commands[-1] == "serve"  # the web server with a job worker (partnerskap serve)
    as_migrated()  # transactional tests flush the database after themselves
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    printed = io.StringIO()
    with override_settings(DEBUG=True):  # `make run` sets DEBUG=true; the demo insists on it
        for name in commands[2:-1]:  # demo, documents-process
            call_command(name.replace("-", "_"), stdout=printed)
    return printed.getvalue()


def run_command(env: dict[str, str], args: list[str]) -> str:
    """`DEBUG=true .venv/bin/partnerskap api-token create …`, as `partnerskap` runs it."""
    name, *rest = args
    out = io.StringIO()
    with override_settings(DEBUG=env.get("DEBUG", "").lower() == "true"):
        call_command(name.replace("-", "_"), *rest, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def printed_secret(printed: str) -> str:
    """`api-token create` prints «Token «name» for user:», then the token on a line of its own."""
    secret = printed.splitlines()[1]
    assert TOKEN_SHAPE.fullmatch(secret), printed
    return secret


def replay(client: Any, curl: Curl, variables: dict[str, str], state: dict[str, Any]) -> Reply:
    """One curl through the test client: the doc's origin is `make run`'s server, the next
    link and the ETag the doc shows as examples are the ones the previous answers gave."""
    url = unquote(curl.url, variables)
    if url == NEXT_LINK:
        url = state["replies"][-1].json()["next"]
        assert url, "the previous answer has no next link"
    else:
        assert url.startswith(f"{make_run_origin()}/"), url
        url = url.removeprefix(make_run_origin())
    headers = {"Accept": "*/*"}  # what curl sends unless told otherwise
    for word in curl.headers:
        name, _, value = unquote(word, variables).partition(":")
        value = value.strip()
        headers[name] = state["etags"].get(value, value)
    content_type = headers.pop("Content-Type", "application/x-www-form-urlencoded")
    data = "" if curl.data is None else unquote(curl.data, variables)
    response = client.generic(
        curl.method, url, data.encode(), content_type=content_type, headers=headers
    )
    assert urlsplit(url).path.startswith("/api/v1/")
    return Reply(curl, response.status_code, response, response.content)


def test_the_api_walkthrough_works_as_written(client, settings, tmp_path) -> None:
    printed = load_as_make_run(settings, tmp_path)
    said("prints the demo logins (password `partnerskap-demo` for all)")
    logins = dict(re.findall(r"^  (\S+)\s+(\S+)", printed, flags=re.MULTILINE))
    for username in ("admin", "saksbehandler-baerum", "sekretariat-radet", "sekretariat-viken"):
        assert logins[username] == DEMO_PASSWORD

    steps = walkthrough()
    curls = [s for s in steps if isinstance(s, Curl)]
    assert len(curls) == 26, "docs/api.md's walkthrough changed: update EXPECTED"
    assert [(c.method, c.url) for c in curls] == [(m, u) for m, u, _, _ in EXPECTED]

    variables: dict[str, str] = {}
    issued: dict[str, str] = {}  # username → the token the walkthrough issued for them
    holders: dict[str, str] = {}  # $TOKEN → whose token
    user = ""  # whose token the next `X=psk_…` is
    state: dict[str, Any] = {"replies": [], "etags": {}}
    expected = iter(EXPECTED)
    for step in steps:
        if isinstance(step, TokenFromProse):
            user = step.username
        elif isinstance(step, Command):
            assert step.args[:2] == ["api-token", "create"], step.source
            printed = run_command(step.env, step.args)
            user = step.args[2]
            issued[user] = printed_secret(printed)
            # What the doc shows under the command is what the command prints.
            shown = [c.removeprefix("# ") for c in step.after]
            assert printed.splitlines()[0] == shown[0]
            assert TOKEN_SHAPE.fullmatch(shown[1]), shown[1]
        elif isinstance(step, Assign) and step.name == "API":
            assert step.value == f"{make_run_origin()}/api/v1", "$API is not `make run`'s server"
            variables["API"] = step.value
        elif isinstance(step, Assign):
            assert step.value == "psk_…", step  # «paste yours»
            assert user, f"${step.name} has no `api-token create` before it"
            if user not in issued:  # the prose names the command; run it as a new user would
                printed = run_command(
                    {"DEBUG": "true"}, ["api-token", "create", user, "--name", "Walkthrough"]
                )
                issued[user] = printed_secret(printed)
            variables[step.name] = issued[user]
            holders[step.name] = user
        else:
            _, _, status, check = next(expected)
            reply = replay(client, step, variables, state)
            assert reply.status == status, (step.source, reply.status, reply.content[:500])
            check(reply)
            check_comments(reply)
            state["replies"].append(reply)
            for comment in step.after:
                if match := YOURS_DIFFERS.match(comment):
                    assert ETAG_SHAPE.fullmatch(match.group(1)), "the example ETag's shape"
                    state["etags"][match.group(1)] = reply.headers["ETag"]

    assert holders == {"TOKEN": "saksbehandler-baerum", "SEK": "sekretariat-radet"}
    replies: list[Reply] = state["replies"]
    # The second page continues the first, in the documented order (year, number, id).
    first, second = replies[8].results, replies[9].results
    assert len(second) == 2
    assert (first[-1]["year"], first[-1]["number"]) < (second[0]["year"], second[0]["number"])
    # The conditional GET sent back the ETag the first GET gave, not the doc's example.
    assert list(state["etags"].values()) == [replies[10].headers["ETag"]]

    # «Whose tokens can write in the demo»: the council's secretariat answers for a member
    # municipality's body (Asker's follow-up 33, refused to Bærum's case officer above) ...
    said(
        "the council's secretariat **`sekretariat-radet`** edits the partnership's meetings and "
        "records follow-ups for the council's and its member municipalities' bodies"
    )
    step = client.post(
        "/api/v1/follow-ups/33/steps/",
        {"status": "on_agenda", "body_meeting_date": "2026-12-10", "body_case_number": "PS 9/26"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {variables['SEK']}"},
    )
    assert step.status_code == 201, step.content
    # ... and Viken's secretariat ended with Viken.
    said("so `sekretariat-viken` can no longer write")
    viken = run_command(
        {"DEBUG": "true"}, ["api-token", "create", "sekretariat-viken", "--name", "Walkthrough"]
    )
    refused = client.post(
        "/api/v1/meetings/23/agenda-items/",
        {"kind": "discussion", "title": "Fra Viken", "areas": [10]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {printed_secret(viken)}"},
    )
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "api.forbidden.edit_partnership"

    # The problem shown under «Errors»: a notice for a meeting with an empty agenda.
    example = errors_example()
    meeting = client.post(
        "/api/v1/meetings/",
        {
            "partnership": 2,
            "title": "Uten saker",
            "starts_at": "2027-04-15T10:00",
            "ends_at": "2027-04-15T12:00",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {variables['SEK']}"},
    )
    assert meeting.status_code == 201, meeting.content
    empty = client.post(
        f"/api/v1/meetings/{meeting.json()['id']}/notice/",
        content_type="application/json",
        headers={"Authorization": f"Bearer {variables['SEK']}"},
    )
    assert empty["Content-Type"] == "application/problem+json"
    assert re.fullmatch(r"/api/v1/meetings/\d+/notice/", example.pop("instance"))
    assert empty.json() == {
        **example,
        "instance": f"/api/v1/meetings/{meeting.json()['id']}/notice/",
    }


def errors_example() -> dict[str, Any]:
    """The problem document the doc shows under «Errors»."""
    errors = DOC.read_text(encoding="utf-8").split("\n## Errors\n", 1)[1]
    return json.loads(errors.split("```json\n", 1)[1].split("```", 1)[0])


@pytest.mark.django_db
def test_the_admin_issues_and_revokes_tokens_as_described(client, bare_demo) -> None:
    """«Or in the admin …»: the labels the doc names are the admin's, in either language."""
    said("open *API-tokener → Legg til* (*API tokens → Add* with `LANGUAGE_CODE=en`)")
    said("the admin's *Trekk tilbake tokenene* (*Revoke the tokens*) action")
    admin_user = get_user_model().objects.get(username="admin")
    case_officer = get_user_model().objects.get(username="saksbehandler-baerum")
    client.force_login(admin_user)
    issued = client.post(
        "/admin/api/apitoken/add/", {"user": case_officer.pk, "name": "Sak og arkiv Bærum"}
    )
    assert issued.status_code == 200
    page = issued.content.decode()
    [secret] = set(TOKEN_SHAPE.findall(page))
    assert f"<code>Authorization: Bearer {secret}</code>" in page  # the header to send, as is
    for language, listed, add, revoke in [
        ("nb", "API-tokener", "Legg til", "Trekk tilbake tokenene"),
        ("en", "API tokens", "Add", "Revoke the tokens"),
    ]:
        with override_settings(LANGUAGE_CODE=language):
            index = client.get("/admin/").content.decode()
            changelist = client.get("/admin/api/apitoken/").content.decode()
        assert f'<a href="/admin/api/apitoken/">{listed}</a>' in index
        assert re.search(rf'href="/admin/api/apitoken/add/"[^>]*>{add}</a>', index)
        assert f'<option value="revoke">{revoke}</option>' in changelist
        assert secret not in changelist  # the token is shown once, on the page after adding
    step = client.post(
        "/api/v1/follow-ups/999999/steps/",
        {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert step.status_code == 404  # the token is known (an unknown one is a 401)


SRC = ROOT / "src" / "partnerskap"


def resolve(dotted: str) -> object:
    """`partnerskap.api.views.base.ApiView` → the class: the longest importable module, then
    attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise AssertionError(dotted)


def test_the_code_files_and_error_codes_the_doc_names_exist() -> None:
    """A renamed selector, a moved test or a changed error code leaves the doc stale; this
    notices."""
    text = DOC.read_text(encoding="utf-8")
    names = set(re.findall(r"`([a-z_][\w./]*)`", text, flags=re.IGNORECASE))
    source = "\n".join(path.read_text(encoding="utf-8") for path in SRC.rglob("*.py"))
    python = {n for n in names if n.startswith("partnerskap.") or ".selectors." in n}
    files = {n for n in names if n.endswith(".py")}
    codes = {n for n in names - python - files if re.fullmatch(r"(api|followup|meetings)\.\S+", n)}
    services = set(re.findall(r"\(`(\w+)`\)", text))  # the Endpoints table: (`meeting_create`)
    assert "meetings.selectors.agendas_public" in python
    assert {"followup.final", "api.forbidden.record_follow_up"} <= codes
    assert {"meeting_create", "followup_record"} <= services
    for name in python:
        resolve(name if name.startswith("partnerskap.") else f"partnerskap.{name}")
    for name in files:
        assert (ROOT / name).exists() or any(SRC.rglob(name)), name
    for code in codes:
        assert f'"{code}"' in source, code
    for service in services:
        assert re.search(rf"^def {service}\(", source, flags=re.MULTILINE), service
