"""The data the authorisation matrix runs against, built once per test module: the demo
partnership (Asker og Bærum ↔ Viken, with its 2020–2024 history) and a second partnership
(another regional council with another county, its own secretariat, a meeting with a closed
item and an exempt document), so that «another partnership» is real.

``Roles`` are the seven identities of the matrix; ``Objects`` the primary keys and slugs the
routes are called with. Objects belong to the demo partnership («ours») unless their name says
``other_``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.test import Client

from partnerskap.agreements.models import (
    AgreementVersion,
    CooperationArea,
    ElectedBody,
    Partnership,
    Party,
)
from partnerskap.agreements.services import agreement_import, partnership_renew
from partnerskap.api.services import api_token_create
from partnerskap.archive.models import ArchiveExport
from partnerskap.committees.models import Committee
from partnerskap.core import jobs
from partnerskap.core.access import exempt_access_record
from partnerskap.core.models import ExemptAccess, LegalBasis
from partnerskap.demo.loader import PARTNERSHIP_SLUG, SEED_FILE, load_demo
from partnerskap.documents.models import Document
from partnerskap.finance.models import BudgetAllocation, CostEntry
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.services import proposal_create
from partnerskap.meetings.models import AgendaItem, GuestInvitation, Location, Meeting
from partnerskap.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_close,
    agenda_item_record_outcome,
)
from partnerskap.meetings.services.attendance import guest_invite
from partnerskap.meetings.services.lifecycle import meeting_create, meeting_publish_notice
from partnerskap.people.models import Membership, Person, Role, SignInIdentity
from partnerskap.people.services import membership_create
from partnerskap.search import tasks as search_tasks
from tests.documents.files import pdf
from tests.oparl.conftest import upload
from tests.world import oslo

#: The matrix's columns, in order, with the demo login (or a login made here) of each.
ROLES: dict[str, str] = {
    "anonymous": "",
    "member": "medlem",  # the council's member: reads, edits nothing
    "officer": "saksbehandler-baerum",  # Bærum's case officer: another party than ours
    "other": "sekretariat-vestfold",  # the other partnership's secretariat
    "ended": "sekretariat-viken",  # Viken's secretariat: the membership ended 31.12.2023
    "own": "sekretariat-radet",  # the council's secretariat: our partnership's own
    "operator": "admin",  # a superuser
}

OTHER_SLUG = "vestfold-telemark-2025-2028"
OTHER_SEED = (
    SEED_FILE.read_text(encoding="utf-8")
    .replace("2020 – 2024", "2025 – 2028")
    .replace(
        "Interkommunalt råd for Asker og Bærum kommune", "Interkommunalt politisk råd Vestfold"
    )
    .replace("Viken Fylkeskommune", "Telemark fylkeskommune")
)


@dataclass
class Objects:
    """What the routes are called with. ``Any`` values: primary keys, slugs, years."""

    values: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # role → API token
    users: dict[str, User] = field(default_factory=dict)  # role → user (not anonymous)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def _other_partnership() -> dict[str, Any]:
    """Vestfold's council ↔ Telemark, 2025–2028: a secretariat, and a meeting with a closed
    item carrying an exempt document."""
    agreement_import(
        data=OTHER_SEED.encode(),
        partnership_slug=OTHER_SLUG,
        in_force_from=dt.date(2025, 1, 1),
        actor=None,
    )
    partnership = Partnership.objects.get(slug=OTHER_SLUG)
    council = partnership.parties.get(kind=Party.Kind.REGIONAL_COUNCIL)
    user = get_user_model().objects.create_user("sekretariat-vestfold", password="x")
    person = Person.objects.create(
        given_name="Vera", family_name="Vestfold", email="v@example.invalid", user=user
    )
    membership_create(
        person=person,
        party=council,
        role=Role.SECRETARIAT,
        valid_from=dt.date(2025, 1, 1),
        actor=None,
    )
    start = oslo(2026, 3, 10)
    meeting = meeting_create(
        partnership=partnership,
        title="Partnerskapsmøte Vestfold",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location=Location.objects.create(name="Tønsberg", room="Sal"),
        form=Meeting.Form.IN_PERSON,
        actor=None,
    )
    areas = list(CooperationArea.objects.filter(part__agreement__partnership=partnership)[:1])
    item = agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.PROPOSAL,
        title="Tilsetting Vestfold",
        areas=areas,
        actor=None,
    )
    basis = LegalBasis.objects.get(code="kl-11-5-2-a")
    agenda_item_close(item=item, legal_basis=basis, public_title="Personalsak", actor=None)
    meeting_publish_notice(meeting=meeting, actor=None)
    # A proposal from the closed item: neither it nor its follow-up is public (L3).
    agenda_item_record_outcome(
        item=item, outcome=AgendaItem.Outcome.PROPOSAL, outcome_text="Foreslås", actor=None
    )
    body = ElectedBody(
        slug="vestfold-radsmote",
        party=council,
        name="Rådsmøtet i Vestfold",
        kind="regional_council",
    )
    body.full_clean()
    body.save()
    closed_proposal = proposal_create(
        item=item,
        title="Forslag Vestfold",
        text="Tekst",
        bodies=[body],
        sent_on=dt.date(2026, 3, 12),
        actor=None,
    )
    exempt = upload(
        item,
        "Vurdering Vestfold",
        pdf("Vurdering Vestfold"),
        legal_basis=LegalBasis.objects.get(code="offl-13"),
        public_title="Vurdering",
    )
    # A meeting whose notice is not out: its agenda is nobody's business outside B yet.
    draft = meeting_create(
        partnership=partnership,
        title="Partnerskapsmøte Vestfold, høst",
        starts_at=start + dt.timedelta(days=180),
        ends_at=start + dt.timedelta(days=180, hours=2),
        location=None,
        form=Meeting.Form.REMOTE,
        actor=None,
    )
    draft_item = agenda_item_add(
        meeting=draft,
        kind=AgendaItem.Kind.DISCUSSION,
        title="Utkast Vestfold",
        areas=areas,
        actor=None,
    )
    # Its renewal, still a draft: not public at all, not even its meetings.
    renewal = partnership_renew(
        partnership=partnership,
        name="Vestfold – Telemark 2029–2032",
        slug="vestfold-telemark-2029-2032",
        period_start=dt.date(2029, 1, 1),
        period_end=dt.date(2032, 12, 31),
        actor=None,
    )
    Partnership.objects.filter(pk=renewal.pk).update(status=Partnership.Status.DRAFT)
    renewal.refresh_from_db()
    later = oslo(2029, 3, 6)
    hidden = meeting_create(
        partnership=renewal,
        title="Første møte i ny periode",
        starts_at=later,
        ends_at=later + dt.timedelta(hours=2),
        location=None,
        form=Meeting.Form.REMOTE,
        actor=None,
    )
    guest = guest_invite(
        meeting=meeting,
        inviting_party=council,
        guest_name="Gunn Gjest",
        guest_role="Rådgiver",
        guest_kind="expert",
        actor=None,
    )
    return {
        "other_guest": guest.pk,
        "other_draft_partnership_meeting": hidden.pk,
        "other_draft_partnership": renewal.pk,
        "other_draft_slug": renewal.slug,
        "other_closed_follow_up": closed_proposal.follow_ups.get().pk,
        "other_draft_item": draft_item.pk,
        "other_partnership": partnership.slug,
        "other_council": council.slug,
        "other_meeting": meeting.pk,
        "other_closed_item": item.pk,
        "other_exempt_file": exempt.files.get().pk,
    }


def sign_in(client: Client, user: User) -> None:
    """Sign ``user`` in as a finished sign-in leaves them. (When a sign-in step is added, such
    as a second factor, complete it here so every role reaches what it may.)"""
    client.force_login(user)


def _admin_rows() -> None:
    """A row of each admin model the demo leaves empty, so every change page can be opened."""
    Group.objects.create(name="Matrise")
    seen = {"user_agent": "matrix", "ip_address": "192.0.2.1", "username": "nobody"}
    seen |= {"http_accept": "*/*", "path_info": "/sekretariat/logg-inn/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    admin_user = User.objects.get(username="admin")
    exempt_access_record(
        user=admin_user, surface=ExemptAccess.Surface.BACKOFFICE, target=admin_user, label="matrix"
    )
    SignInIdentity.objects.create(
        person=Person.objects.order_by("pk").first(), issuer="https://idp.example", subject="m"
    )
    jobs.enqueue(search_tasks.index_meeting, meeting_id=Meeting.objects.order_by("pk")[0].pk)
    ours = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    ArchiveExport.objects.create(
        partnership=ours, period_start=ours.period_start, period_end=ours.period_end
    )


def build() -> Objects:
    """Load the demo and the other partnership; give every signed-in role an API token. The
    demo comes without its renewal (A18): «our» partnership is the concluded one, not renewed,
    so its secretariat plans nowhere and may renew it."""
    load_demo(renewal=False)
    ours = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    values: dict[str, Any] = {"partnership": ours.slug, "partnership_pk": ours.pk}
    council = ours.parties.get(kind=Party.Kind.REGIONAL_COUNCIL)
    values |= {"council": council.slug, "county": ours.parties.get(slug="viken-fylkeskommune").slug}
    meetings = Meeting.objects.filter(partnership=ours).order_by("starts_at")
    meeting = meetings.last()
    assert meeting is not None
    values["meeting"] = meeting.pk
    items = AgendaItem.objects.filter(meeting__partnership=ours)
    open_item = items.filter(closed_session__isnull=True, withdrawn=False).order_by("pk").first()
    closed_item = items.filter(closed_session__isnull=False).get()
    assert open_item is not None
    values |= {"item": open_item.pk, "closed_item": closed_item.pk}
    # Awaiting, in Asker's body: the council's secretariat answers for it, Bærum's officer not.
    follow_up = FollowUp.objects.filter(
        proposal__partnership=ours,
        elected_body__slug="asker-kommunestyre",
        status=FollowUp.Status.RECEIVED,
    ).first()
    assert follow_up is not None
    values |= {"follow_up": follow_up.pk, "proposal": follow_up.proposal_id}
    values["committee"] = Committee.objects.filter(partnership=ours).order_by("pk").first().pk  # type: ignore[union-attr]
    values["cost"] = CostEntry.objects.filter(partnership=ours, party=council).first().pk  # type: ignore[union-attr]
    values["allocation"] = (
        BudgetAllocation.objects.filter(partnership=ours, party=council).first().pk  # type: ignore[union-attr]
    )
    version = AgreementVersion.objects.get(part__agreement__partnership=ours, number=1)
    values["version"] = version.pk
    values["amendment"] = (
        Proposal.objects.filter(partnership=ours, kind=Proposal.Kind.AMENDMENT).first().pk  # type: ignore[union-attr]
    )
    values["area"] = CooperationArea.objects.filter(part__agreement__partnership=ours).first().slug  # type: ignore[union-attr]
    values["area_pk"] = CooperationArea.objects.get(
        part__agreement__partnership=ours, slug=values["area"]
    ).pk
    values["body"] = ElectedBody.objects.get(slug="asker-kommunestyre").pk
    values["general_part"] = ours.agreement.general_part_id
    values["council_pk"] = council.pk
    values["person"] = Membership.objects.filter(party=council, role=Role.CHAIR).get().person_id
    values["delegate"] = Membership.objects.filter(party=council, role=Role.CHAIR).get().pk
    # People, roles, bodies of the other party (Viken): ours sees them, does not change them.
    viken = Membership.objects.filter(party__slug="viken-fylkeskommune", role=Role.MEMBER)
    values["county_person"] = viken.order_by("pk")[0].person_id
    values["county_membership"] = viken.order_by("pk")[0].pk
    values["county_body"] = ElectedBody.objects.get(slug="viken-fylkesting").pk
    values["location"] = meeting.location_id
    values["guest"] = GuestInvitation.objects.filter(meeting__partnership=ours).order_by("pk")[0].pk
    public_doc = upload(open_item, "Saksframlegg", pdf("Saksframlegg"))
    exempt_doc = upload(
        open_item,
        "Tilbud",
        pdf("Tilbud"),
        legal_basis=LegalBasis.objects.get(code="offl-13"),
        public_title="Tilbud (unntatt)",
    )
    values |= {
        "document": public_doc.pk,
        "public_file": public_doc.files.get().pk,
        "exempt_file": exempt_doc.files.get().pk,
    }
    values |= _other_partnership()
    objects = Objects(values=values)
    for role, login in ROLES.items():
        if login:
            user = get_user_model().objects.get(username=login)
            objects.users[role] = user
            objects.tokens[role] = api_token_create(user=user, name="matrix", actor=None).secret
    assert Document.objects.count() == 3
    _admin_rows()
    return objects
