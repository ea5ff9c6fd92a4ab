"""The mail log and the audit log (core)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core import actions
from partnerskap.core.models import AuditEntry, OutboundMessage
from partnerskap.meetings.models import Absence, Attendance
from partnerskap.privacy.providers.base import (
    ERASED_ADDRESS,
    when_text,
)
from partnerskap.privacy.registry import Context, Provider, Row, Subject


class MailProvider(Provider):
    key = "core.mail"
    title = gettext_lazy("E-mail sent to them")
    kind = "mail_log"
    columns = (
        ("created", gettext_lazy("Queued")),
        ("sent_at", gettext_lazy("Sent")),
        ("to", gettext_lazy("To")),
        ("subject", gettext_lazy("Subject line")),
    )

    def _rows(self, subject: Subject) -> QuerySet[OutboundMessage]:
        scope = Q(pk__in=[])
        for email in subject.emails:
            scope |= Q(to__iexact=email)
        return OutboundMessage.objects.filter(scope)

    def collect(self, subject: Subject) -> list[Row]:
        return [
            {
                "created": when_text(m.created),
                "sent_at": when_text(m.sent_at),
                "to": m.to,
                "subject": m.subject,
            }
            for m in self._rows(subject).order_by("created", "pk")
        ]

    def erase(self, subject: Subject, *, context: Context) -> int:
        return self._rows(subject).update(to=ERASED_ADDRESS)

    def sweep(self, *, context: Context) -> int:
        cutoff = context.cutoff(self.kind)
        if cutoff is None:
            return 0
        old = OutboundMessage.objects.filter(created__lt=cutoff).exclude(to=ERASED_ADDRESS)
        return old.update(to=ERASED_ADDRESS)


def audit_scope(subject: Subject) -> Q:
    """Audit entries where the subject acted (through their login) or is the target (the
    person, the login, their roles, attendance and absences)."""
    person = subject.person
    if person is None:
        return Q(pk__in=[])
    targets = {
        "people.person": [person.pk],
        "people.membership": list(person.memberships.values_list("pk", flat=True)),
        "meetings.attendance": list(
            Attendance.objects.filter(person=person).values_list("pk", flat=True)
        ),
        "meetings.absence": list(
            Absence.objects.filter(person=person).values_list("pk", flat=True)
        ),
    }
    scope = Q(pk__in=[])
    if person.user_id is not None:
        scope |= Q(actor_id=person.user_id)
        targets["auth.user"] = [person.user_id]
    for label, ids in targets.items():
        if ids:
            scope |= Q(target_type=label, target_id__in=[str(i) for i in ids])
    return scope


def _target_kind(target_type: str, target_id: str) -> str:
    """«meeting 12»: the kind of record in words, and its id."""
    if not target_type:
        return ""
    try:
        kind = str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = target_type
    return f"{kind} {target_id}".strip()


class AuditProvider(Provider):
    key = "core.audit"
    title = gettext_lazy("Audit log entries")
    kind = "audit_log"
    columns = (
        ("at", gettext_lazy("When")),
        ("role", gettext_lazy("In the entry")),
        ("what", gettext_lazy("What happened")),
        ("target", gettext_lazy("Concerns")),
    )

    def collect(self, subject: Subject) -> list[Row]:
        user_id = subject.person.user_id if subject.person is not None else None
        entries = AuditEntry.objects.filter(audit_scope(subject)).order_by("at", "id")
        return [
            {
                "at": when_text(e.at),
                "role": _("actor")
                if user_id is not None and e.actor_id == user_id
                else _("concerned"),
                "action": e.action,
                # Words without the entry's data, and the record's kind and id only: a name
                # in the data, or a record's name, could be a closed item's real title.
                "what": actions.title(e.action),
                "target": _target_kind(e.target_type, e.target_id),
            }
            for e in entries
        ]

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None:
            return ""
        return _(
            "The audit log is the evidence of who did what (GDPR art. 5 (2)) and is never "
            "changed; a closed login shows there under its anonymous name."
        )
