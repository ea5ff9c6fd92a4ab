"""The audit sentence registry: every audit action code → a sentence in the reader's language,
with field labels and human values (pretix renders its log entries this way). No screen shows
an action code, a data key or a raw value («person: 3», «outside_period: False»).

Each app registers the actions it records from its own ``AppConfig.ready()`` (its
``audit_texts`` module), so ``core`` names no app::

    actions.register(
        "meetings.absence.registered",
        title=_("Absence registered"),
        sentence=lambda v: _("%(person)s sent apologies") % v,
        values={"person": "person"},
    )

- ``title``: a short description without any data (the privacy page and export show it: a
  name in the data could be someone else's, or a closed item's real title);
- ``sentence``: the entry as a sentence, from ``Values`` (the data's values formatted for
  reading; ``v.raw`` holds them as stored, ``v.count(key)`` for plurals);
- ``values``: which data keys the sentence uses and their kind (below);
- ``fields``: the labels and kinds of the fields a change lists before → after
  (``data["before"]``/``data["after"]``); a key may be a pattern (``"entry *"``);
- ``details``: data shown as «label: value» lines under the sentence.

A code may hold ``*`` for one dotted part (``admin.*.*.added``). Kinds: ``text``, ``int``,
``date``, ``datetime``, ``bool`` (Yes/No), ``money`` («kr 12 345,50»), ``choice:<group>`` (the
labels of ``core.labels``), ``list:<kind>``, and the kinds of reference apps register with
``register_kind`` (``person``, ``party``, …): a function from a set of stored keys (ids or
slugs, as strings) to their names, one query for all. ``describe`` renders many entries with
one query per kind of reference, however many entries there are.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerskap.core import labels
from partnerskap.core.models import AuditEntry

StrOrPromise = str | Promise
Loader = Callable[[set[str]], Mapping[str, str]]
NBSP = "\u00a0"
NONE = "–"


class Values(dict[str, str]):
    """An entry's data formatted for reading (``v["person"]``), for ``%`` formatting; the stored
    values are in ``raw``."""

    def __init__(self, formatted: Mapping[str, str], raw: Mapping[str, Any]) -> None:
        super().__init__(formatted)
        self.raw = raw

    def __missing__(self, key: str) -> str:
        return NONE

    def count(self, key: str) -> int:
        """A number in the data (for ``ngettext``); a list counts its members."""
        value = self.raw.get(key)
        if isinstance(value, list | tuple | dict):
            return len(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            return 0

    def given(self, key: str) -> bool:
        """Whether the data holds a value for ``key`` (not empty, not None)."""
        return self.raw.get(key) not in (None, "", [], {})


Sentence = Callable[[Values], StrOrPromise]
FieldSpec = tuple[StrOrPromise, str]
Prepare = Callable[[AuditEntry, dict[str, Any]], dict[str, Any]]


def _keep(entry: AuditEntry, data: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001
    return data


@dataclass(frozen=True)
class Action:
    code: str
    title: StrOrPromise
    sentence: Sentence
    values: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    details: Mapping[str, FieldSpec] = field(default_factory=dict)
    prepare: Prepare = _keep

    def field_order(self, key: str) -> tuple[int, str]:
        """Changes are listed in the order the fields were declared (start before end), the
        undeclared ones after them by name."""
        order = list(self.fields)
        return (order.index(key), key) if key in order else (len(order), key)

    def field_spec(self, key: str) -> FieldSpec | None:
        if key in self.fields:
            return self.fields[key]
        return next(
            (spec for pattern, spec in self.fields.items() if fnmatch.fnmatchcase(key, pattern)),
            None,
        )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Description:
    """One entry in words: its sentence, the fields it changed and its other details."""

    title: str
    sentence: str
    changes: tuple[Change, ...]
    details: tuple[tuple[str, str], ...]


class UnknownActionError(KeyError):
    pass


_actions: dict[str, Action] = {}
_patterns: dict[str, Action] = {}
_kinds: dict[str, Loader] = {}


def register(
    code: str,
    *,
    title: StrOrPromise,
    sentence: Sentence,
    values: Mapping[str, str] | None = None,
    fields: Mapping[str, FieldSpec] | None = None,
    details: Mapping[str, FieldSpec] | None = None,
    prepare: Prepare = _keep,
) -> None:
    """Give ``code`` its words. A code is registered once. ``prepare`` reshapes the stored
    data before it is read (for data stored in a form the sentence cannot use as it is)."""
    action = Action(code, title, sentence, values or {}, fields or {}, details or {}, prepare)
    table = _patterns if "*" in code else _actions
    if code in table and str(table[code].title) != str(title):
        msg = f"The audit action {code!r} is registered already"
        raise ValueError(msg)
    table[code] = action


def register_kind(name: str, loader: Loader) -> None:
    """Name a kind of reference held in audit data: ``loader`` maps stored keys to names."""
    if _kinds.get(name, loader) is not loader:
        msg = f"The reference kind {name!r} is registered already"
        raise ValueError(msg)
    _kinds[name] = loader


def find(code: str) -> Action | None:
    """The registration of ``code`` (exact, else the first pattern that matches)."""
    if code in _actions:
        return _actions[code]
    return next(
        (a for pattern, a in _patterns.items() if _matches(pattern, code)),
        None,
    )


def _matches(pattern: str, code: str) -> bool:
    parts, given = pattern.split("."), code.split(".")
    return len(parts) == len(given) and all(
        p in ("*", g) for p, g in zip(parts, given, strict=True)
    )


def registered() -> list[str]:
    return sorted([*_actions, *_patterns])


def kinds() -> list[str]:
    return sorted(_kinds)


def title(code: str) -> str:
    """The data-free description of ``code`` («Absence registered»)."""
    action = find(code)
    return str(action.title) if action else _("A change was recorded")


# ---------------------------------------------------------------------------- human values


_BUILTIN = {"text", "int", "date", "datetime", "bool", "money", "bytes"}


def _base(kind: str) -> str:
    return kind.removeprefix("list:")


def _is_reference(kind: str) -> bool:
    base = _base(kind)
    return base not in _BUILTIN and not base.startswith("choice:")


def _date(value: Any) -> str:
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return formats.date_format(day, "j.n.Y")


def _datetime(value: Any) -> str:
    try:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return _date(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "j.n.Y H:i")


def _money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", NBSP)
    return f"kr{NBSP}{text}"


def _format(value: Any, kind: str, names: Mapping[str, Mapping[str, str]]) -> str:  # noqa: PLR0911 - one return per kind
    if value is None or value == "":
        return NONE
    if kind.startswith("list:"):
        items = value if isinstance(value, list | tuple) else [value]
        return ", ".join(_format(v, kind[5:], names) for v in items) or NONE
    if kind == "bool":
        return _("Yes") if value else _("No")
    if kind == "date":
        return _date(value)
    if kind == "datetime":
        return _datetime(value)
    if kind == "money":
        return _money(value)
    if kind == "bytes":
        return str(filesizeformat(value))
    if kind == "int":
        return formats.number_format(value) if isinstance(value, int) else str(value)
    if kind.startswith("choice:"):
        return labels.label(value, kind[7:], get_language())
    if kind == "text":
        return str(value)
    return names.get(kind, {}).get(str(value), _("(deleted)"))


# ---------------------------------------------------------------------------- describing


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _get(data: dict[str, Any], key: str) -> Any:
    """``data[key]``; ``before.starts_at`` reads ``data["before"]["starts_at"]``."""
    if key in data:
        return data[key]
    head, _dot, rest = key.partition(".")
    return _mapping(data.get(head)).get(rest) if rest else None


def _references(action: Action, data: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    """The (kind, stored key) pairs of references an entry's description needs."""
    for key, kind in [*action.values.items(), *((k, s[1]) for k, s in action.details.items())]:
        if _is_reference(kind):
            value = _get(data, key)
            for v in value if isinstance(value, list | tuple) else [value]:
                yield _base(kind), v
    for side in (_mapping(data.get("before")), _mapping(data.get("after"))):
        for key, value in side.items():
            spec = action.field_spec(key)
            if spec and _is_reference(spec[1]):
                for v in value if isinstance(value, list | tuple) else [value]:
                    yield _base(spec[1]), v


def _names(needed: dict[str, set[str]]) -> dict[str, Mapping[str, str]]:
    names: dict[str, Mapping[str, str]] = {}
    for kind, keys in needed.items():
        keys.discard("None")
        if kind not in _kinds:
            msg = f"No reference kind {kind!r}; register it in the app's ready()"
            raise UnknownActionError(msg)
        names[kind] = _kinds[kind](keys) if keys else {}
    return names


def _describe(
    entry: AuditEntry, action: Action | None, names: dict[str, Mapping[str, str]]
) -> Description:
    if action is None:
        return Description(_("A change was recorded"), _("A change was recorded."), (), ())
    data = action.prepare(entry, _mapping(entry.data))
    formatted = {key: _format(_get(data, key), kind, names) for key, kind in action.values.items()}
    sentence = str(action.sentence(Values(formatted, data)))
    before, after = _mapping(data.get("before")), _mapping(data.get("after"))
    changes = []
    for key in sorted(set(before) | set(after), key=action.field_order):
        spec = action.field_spec(key)
        if spec is None or before.get(key) == after.get(key):
            continue
        label, kind = spec
        changes.append(
            Change(
                str(label),
                _format(before.get(key), kind, names),
                _format(after.get(key), kind, names),
            )
        )
    details = tuple(
        (str(label), _format(_get(data, key), kind, names))
        for key, (label, kind) in action.details.items()
        if _get(data, key) not in (None, "", [], {})
    )
    return Description(str(action.title), sentence, tuple(changes), details)


def describe(entries: Iterable[AuditEntry]) -> list[Description]:
    """The entries in words, in the active language: one query per kind of reference."""
    found = [(entry, find(entry.action)) for entry in entries]
    needed: dict[str, set[str]] = {}
    for entry, action in found:
        if action is not None:
            for kind, key in _references(action, action.prepare(entry, _mapping(entry.data))):
                if key is not None:
                    needed.setdefault(kind, set()).add(str(key))
    names = _names(needed)
    return [_describe(entry, action, names) for entry, action in found]


def describe_one(entry: AuditEntry) -> Description:
    return describe([entry])[0]


def unlisted(entry: AuditEntry) -> list[str]:
    """The changed fields of an entry that its registration gives no label (a test asks for
    none: a change without a label would be left out of the history)."""
    action = find(entry.action)
    if action is None:
        return [entry.action]
    data = action.prepare(entry, _mapping(entry.data))
    before, after = _mapping(data.get("before")), _mapping(data.get("after"))
    return sorted(key for key in set(before) | set(after) if action.field_spec(key) is None)
