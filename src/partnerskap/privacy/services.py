"""Export, erasure and the retention sweep (L10), each one transaction, audited.

What is held comes from the registry's providers (``registry``, ``providers``); these
functions only ask each one in turn, so an app added later is covered once it registers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model

from partnerskap.core import audit, time
from partnerskap.core.audit import Actor
from partnerskap.core.errors import ConflictError
from partnerskap.privacy.registry import Context, Subject, providers
from partnerskap.privacy.selectors import retention_periods

#: The export format's version (in the JSON), raised when its shape changes.
EXPORT_VERSION = 1


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Export:
    subject: str
    made_at: dt.datetime
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        return {
            "version": EXPORT_VERSION,
            "subject": self.subject,
            "made_at": time.local(self.made_at).isoformat(timespec="seconds"),
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "retention_kind": s.kind,
                    "columns": dict(s.columns),
                    "rows": s.rows,
                }
                for s in self.sections
            ],
        }


@dataclass
class Erasure:
    changed: dict[str, int] = field(default_factory=dict)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (section title, reason)

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def _target(subject: Subject) -> Model | None:
    return subject.person


def _audit_data(subject: Subject, **data: Any) -> dict[str, Any]:
    if subject.person is None:
        data["guest"] = True
    return data


@transaction.atomic
def personal_data_export(*, subject: Subject, actor: Actor, purpose: str = "json") -> Export:
    """Everything every provider holds about ``subject`` (in the requester's scope); audited
    as ``privacy.export.made`` (``purpose``: ``json`` for a download, ``page`` for the
    readable page)."""
    now = time.now()
    sections = [
        Section(
            key=p.key,
            title=str(p.title),
            kind=p.kind,
            columns=[(key, str(label)) for key, label in p.columns],
            rows=p.collect(subject),
        )
        for p in providers()
    ]
    audit.record(
        "privacy.export.made",
        actor=actor,
        target=_target(subject),
        data=_audit_data(
            subject,
            format=purpose,
            rows={s.key: len(s.rows) for s in sections if s.rows},
        ),
    )
    return Export(subject=subject.label, made_at=now, sections=sections)


def erasure_refusals(*, subject: Subject) -> list[str]:
    """Why no erasure may be made now (the confirm page shows them); empty when it may."""
    return [reason for p in providers() if (reason := p.refusal(subject))]


def erasure_preview(*, subject: Subject) -> list[tuple[str, str]]:
    """(section, reason) for each kind of data that stays after an erasure."""
    context = Context(now=time.now(), actor=None, periods=retention_periods())
    return [
        (str(p.title), reason) for p in providers() if (reason := p.kept(subject, context=context))
    ]


@transaction.atomic
def personal_data_erase(
    *, subject: Subject, actor: Actor, now: dt.datetime | None = None
) -> Erasure:
    """Erase or pseudonymise what may go of ``subject``'s data, and say what stays and why.
    Refused (``ConflictError``) while a provider objects, e.g. the person still holds a role.
    Never touches approved minutes, votes or the archive (L9). A second erasure changes
    nothing. Audited as ``privacy.erasure.made`` with the number of rows changed per kind."""
    refusals = erasure_refusals(subject=subject)
    if refusals:
        raise ConflictError("privacy.erasure.refused", " ".join(refusals))
    context = Context(now=now or time.now(), actor=actor, periods=retention_periods())
    result = Erasure()
    for p in providers():
        changed = p.erase(subject, context=context)
        if changed:
            result.changed[p.key] = changed
        if reason := p.kept(subject, context=context):
            result.kept.append((str(p.title), reason))
    audit.record(
        "privacy.erasure.made",
        actor=actor,
        target=_target(subject),
        data=_audit_data(subject, changed=result.changed, total=result.total),
    )
    return result


@transaction.atomic
def privacy_sweep(*, actor: Actor = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every retention period: each provider erases or pseudonymises what is past its
    kind's period. Idempotent (a second run the same day changes nothing). Audited as
    ``privacy.sweep.made`` with the counts per provider."""
    context = Context(now=now or time.now(), actor=actor, periods=retention_periods())
    changed = {p.key: n for p in providers() if (n := p.sweep(context=context))}
    audit.record("privacy.sweep.made", actor=actor, data={"changed": changed})
    return changed
