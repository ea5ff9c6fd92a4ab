"""Declared possible disqualification (inhabilitet) by personal link (issue 18, point 2): the
reason a member gives is personal data with the same period as an absence's reason."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.meetings.models import Disqualification
from partnerskap.privacy.providers.base import ERASED_REASON, meetings_in, when_text
from partnerskap.privacy.registry import Context, Provider, Row, Subject


class DisqualificationProvider(Provider):
    key = "meetings.disqualification"
    title = gettext_lazy("Declared possible disqualification")
    kind = "absence_reason"  # the same period as a reason for forfall
    columns = (
        ("meeting", gettext_lazy("Meeting")),
        ("date", gettext_lazy("Date")),
        ("case", gettext_lazy("Case")),
        ("reason", gettext_lazy("Reason")),
    )

    def _rows(self, subject: Subject) -> QuerySet[Disqualification]:
        return Disqualification.objects.filter(Q(person=subject.person) & meetings_in(subject))

    def collect(self, subject: Subject) -> list[Row]:
        if subject.person is None:
            return []
        rows = self._rows(subject).select_related("meeting", "item")
        return [
            {
                "meeting": d.meeting.title,
                "date": when_text(d.meeting.starts_at),
                "case": d.item.case_number,
                "reason": d.reason,
            }
            for d in rows.order_by("meeting__starts_at", "pk")
        ]

    def _due(
        self, rows: QuerySet[Disqualification], context: Context
    ) -> QuerySet[Disqualification]:
        cutoff = context.cutoff(self.kind)
        if cutoff is None:
            return rows.none()
        return rows.filter(meeting__starts_at__lt=cutoff).exclude(reason=ERASED_REASON)

    def erase(self, subject: Subject, *, context: Context) -> int:
        if subject.person is None:
            return 0
        due = self._due(self._rows(subject), context)
        return due.update(reason=ERASED_REASON, modified=context.now)

    def kept(self, subject: Subject, *, context: Context) -> str:
        if subject.person is None or not self._rows(subject).exists():
            return ""
        return _(
            "A declaration of possible disqualification keeps its reason as long as a reason "
            "for forfall, then the reason is erased; the minutes record what the meeting decided."
        )

    def sweep(self, *, context: Context) -> int:
        return self._due(Disqualification.objects.all(), context).update(
            reason=ERASED_REASON, modified=context.now
        )
