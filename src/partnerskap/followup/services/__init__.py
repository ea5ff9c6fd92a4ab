"""Writes for proposals and their follow-up (A9) and amendments (A10), split by sub-concept:
``proposals`` (putting a proposal or an amendment to the bodies), ``handling`` (a body's steps)
and ``outcomes`` (what an amendment's decisions come to). The public names are re-exported
here, so ``from partnerskap.followup.services import followup_record`` keeps working."""

from partnerskap.followup.services.handling import PROGRESS, followup_record
from partnerskap.followup.services.proposals import (
    AREAS_SECTION,
    amendment_propose,
    party_of_body,
    proposal_create,
)
from partnerskap.followup.services.succession import (
    follow_up_hand_over,
    handovers_planned,
    party_cease_with_handover,
)

__all__ = [
    "AREAS_SECTION",
    "PROGRESS",
    "amendment_propose",
    "follow_up_hand_over",
    "followup_record",
    "handovers_planned",
    "party_cease_with_handover",
    "party_of_body",
    "proposal_create",
]
