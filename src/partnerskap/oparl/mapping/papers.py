"""Papers (proposals, A9, A10) and their consultations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from django.utils.translation import gettext_noop

from partnerskap.agreements.models import Partnership
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.meetings.models import AgendaItem
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.files import FileRecord
from partnerskap.oparl.mapping.common import choice, day, nonempty, stamp, text
from partnerskap.oparl.mapping.files import file, file_or_none

#: The role of an elected body's consultation of a proposal.
DECISION: Final = gettext_noop("Decision in the party's elected body")


def meeting_consultation(
    proposal: Proposal, *, urls: Urls, partnership: Partnership, meeting: int
) -> schema.Consultation:
    """The partnership meeting's handling of a proposal: it proposes, it does not decide
    (A9), so the consultation is not authoritative."""
    body = partnership.pk
    return schema.Consultation(
        id=urls.consultation(body, "meeting", proposal.pk),
        paper=urls.paper(body, "proposal", proposal.pk),
        agenda_item=urls.agenda_item(body, proposal.item_id),
        meeting=urls.meeting(body, meeting),
        organization=[urls.partnership_meeting(body)],
        authoritative=False,
        role=choice(AgendaItem.Outcome, AgendaItem.Outcome.PROPOSAL),
        web=urls.web("proposal", partnership.slug, proposal.pk),
        created=stamp(proposal.created),
        modified=stamp(proposal.modified),
    )


def follow_up_consultation(
    follow_up: FollowUp, *, urls: Urls, partnership: Partnership
) -> schema.Consultation:
    """An elected body's handling of a proposal: it decides, so the consultation is
    authoritative. Its status is the keyword."""
    body = partnership.pk
    return schema.Consultation(
        id=urls.consultation(body, "follow-up", follow_up.pk),
        paper=urls.paper(body, "proposal", follow_up.proposal_id),
        organization=[urls.organization(body, "elected-body", follow_up.elected_body_id)],
        authoritative=True,
        role=text(DECISION),
        keyword=[choice(FollowUp.Status, follow_up.status)],
        web=urls.web("proposal", partnership.slug, follow_up.proposal_id),
        created=stamp(follow_up.created),
        modified=stamp(follow_up.modified),
    )


def paper(
    proposal: Proposal,
    *,
    urls: Urls,
    partnership: Partnership,
    follow_ups: Sequence[FollowUp],
    areas: Sequence[str],
    files: Sequence[FileRecord],
    modified: dt.datetime,
) -> schema.Paper:
    """A proposal to the parties (A9) or to amend the agreement (A10). Its consultations are
    the partnership meeting's and each elected body's; its keywords are its areas (A3)."""
    body = partnership.pk
    main = files[0] if files else None
    return schema.Paper(
        id=urls.paper(body, "proposal", proposal.pk),
        body=urls.body(body),
        name=proposal.title,
        reference=proposal.item.case_number,
        date=day(proposal.sent_on),
        paper_type=choice(Proposal.Kind, proposal.kind),
        originator_organization=[urls.partnership_meeting(body)],
        main_file=file_or_none(main, urls=urls, body=body),
        auxiliary_file=nonempty([file(f, urls=urls, body=body, embedded=True) for f in files[1:]]),
        consultation=[
            meeting_consultation(
                proposal, urls=urls, partnership=partnership, meeting=proposal.item.meeting_id
            ),
            *(follow_up_consultation(f, urls=urls, partnership=partnership) for f in follow_ups),
        ],
        keyword=nonempty(areas),
        web=urls.web("proposal", partnership.slug, proposal.pk),
        created=stamp(proposal.created),
        modified=stamp(modified),
    )
