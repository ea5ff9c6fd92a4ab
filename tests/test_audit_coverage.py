"""Every audited change is tested for its audit entry.

A guard reads the source for every ``audit.record`` call and fails when an action it can write
is asserted by no test (a test file that looks at ``AuditEntry`` names the action). The tests
below call the services the rest of the suite calls with ``actor=None`` with a real user and
check the entry each one leaves: its action, who did it, what it was done to and the data that
matters."""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerskap.accounts.services import recovery_codes_regenerate, two_factor_disable
from partnerskap.agreements.models import ElectedBody
from partnerskap.agreements.selectors import version_in_force
from partnerskap.agreements.services import (
    agreement_import,
    agreement_version_put_in_force,
    partnership_renew,
)
from partnerskap.api.services import api_token_create, api_token_revoke
from partnerskap.committees.services import (
    Member,
    committee_dissolve,
    committee_establish,
    committee_report,
)
from partnerskap.core.models import AuditEntry, LegalBasis
from partnerskap.core.operators import operator_grant, operator_revoke
from partnerskap.documents import extraction
from partnerskap.documents.models import Document, DocumentFile
from partnerskap.documents.services import (
    document_file_retry_extraction,
    document_public_variant_set,
    document_update,
    document_upload,
    document_version_add,
    minutes_pdf_store,
    notice_pdf_store,
)
from partnerskap.finance.services import allocation_record, cost_record
from partnerskap.followup.models import FollowUp
from partnerskap.followup.services import amendment_propose, followup_record
from partnerskap.meetings.models import AgendaItem, AnnualCycleEntry, GuestInvitation, Minutes, Vote
from partnerskap.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_close,
    agenda_item_record_outcome,
    agenda_item_update,
    agenda_item_withdraw,
    agenda_reorder,
    vote_record,
)
from partnerskap.meetings.services.attendance import (
    absence_register,
    attendance_record,
    guest_invite,
    substitute_call_in,
)
from partnerskap.meetings.services.chair import meeting_elect_chair
from partnerskap.meetings.services.cycle import (
    CycleEntry,
    annual_cycle_adopt,
    annual_cycle_discard,
    annual_cycle_draft,
)
from partnerskap.meetings.services.lifecycle import (
    meeting_cancel,
    meeting_create,
    meeting_postpone,
    meeting_publish_notice,
    meeting_record_held,
    meeting_request_create,
    meeting_reschedule,
)
from partnerskap.meetings.services.minutes import minutes_approve, minutes_draft
from partnerskap.people.services import sign_in_identity_link, sign_in_identity_remove
from tests.documents import files
from tests.factories import UserFactory
from tests.world import oslo

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "partnerskap"
TESTS = ROOT / "tests"
Kind, Outcome = AgendaItem.Kind, AgendaItem.Outcome


# ------------------------------------------------------------------------------------- the guard


def _action_patterns(argument: ast.expr, module: ast.Module, function: str) -> list[str]:
    """The actions an ``audit.record`` first argument can be, as regular expressions."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [re.escape(argument.value)]
    if isinstance(argument, ast.IfExp):
        return [
            *_action_patterns(argument.body, module, function),
            *_action_patterns(argument.orelse, module, function),
        ]
    if isinstance(argument, ast.JoinedStr):
        alternatives = [""]
        for part in argument.values:
            if isinstance(part, ast.Constant):
                options = [re.escape(str(part.value))]
            elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.IfExp):
                options = _action_patterns(part.value, module, function)
            else:
                options = ["[a-z_]+"]
            alternatives = [a + o for a in alternatives for o in options]
        return alternatives
    if isinstance(argument, ast.Name):
        # A parameter of a private helper: the actions its callers in the module pass.
        return [p for value in _passed(module, function, argument.id) for p in [re.escape(value)]]
    raise AssertionError(f"an audit action the guard cannot read: {ast.unparse(argument)}")


def _passed(module: ast.Module, function: str, parameter: str) -> list[str]:
    definition = next(
        node
        for node in ast.walk(module)
        if isinstance(node, ast.FunctionDef) and node.name == function
    )
    names = [a.arg for a in definition.args.args]
    index = names.index(parameter)
    values = []
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function:
            given = [k.value for k in node.keywords if k.arg == parameter]
            given += node.args[index : index + 1]
            values += [v.value for v in given if isinstance(v, ast.Constant)]
    assert values, f"{function}({parameter}) is never given an action"
    return values


class _AuditCalls(ast.NodeVisitor):
    """The ``audit.record`` calls of a module, with the function each one is in."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.calls: list[tuple[ast.Call, str]] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 (the visitor's naming)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "record"
            and isinstance(func.value, ast.Name)
            and func.value.id == "audit"
        ):
            self.calls.append((node, self.stack[-1] if self.stack else ""))
        self.generic_visit(node)


def audited_actions() -> dict[str, str]:
    """Every action an ``audit.record`` call in the source can write (a regular expression)
    → where the call is."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        visitor = _AuditCalls()
        visitor.visit(module)
        for call, function in visitor.calls:
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            for pattern in _action_patterns(call.args[0], module, function):
                found.setdefault(pattern, where)
    return found


def _asserted_literals() -> set[str]:
    """The string literals of test modules that look at the audit log, and the actions this
    module's tests check with ``audited``."""
    literals: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == Path(__file__).name:
            literals |= {
                call.args[0].value
                for call in ast.walk(tree)
                if isinstance(call, ast.Call)
                and getattr(call.func, "id", None) == "audited"
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
            }
        elif "AuditEntry" in path.read_text(encoding="utf-8"):
            literals |= {
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            }
    return literals


def test_every_audited_action_is_asserted_by_a_test():
    literals = _asserted_literals()
    missing = {
        pattern: where
        for pattern, where in audited_actions().items()
        if not any(re.fullmatch(pattern, literal) for literal in literals)
    }
    assert not missing, "audited actions no test asserts: " + ", ".join(
        f"{pattern} at {where}" for pattern, where in sorted(missing.items())
    )


def test_the_guard_reads_every_form_of_action():
    """Plain strings, choices, f-strings and a helper's parameter are all read."""
    actions = audited_actions()
    assert len(actions) > 50
    for expected in (
        re.escape("meetings.notice.published"),  # a string
        re.escape("documents.document.public_variant_withdrawn"),  # one of a choice
        re.escape("documents.file.text_failed"),  # one of a choice in an f-string
        re.escape("documents.generated.") + "[a-z_]+",  # a value in an f-string
        re.escape("meetings.meeting.cancelled"),  # what callers pass to a helper
        re.escape("meetings.meeting.postponed"),
    ):
        assert expected in actions, expected
    assert not re.fullmatch(re.escape("documents.generated.") + "[a-z_]+", "documents.generated.")


# ------------------------------------------------------------------------- what each one writes


@pytest.fixture(autouse=True)
def _every_entry_reads_as_words(request: pytest.FixtureRequest) -> Any:
    """After each flow below: every entry it left reads as words in all three languages
    (``tests/core/test_audit_sentences.py``)."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    request.getfixturevalue("db")
    yield
    from tests.core.test_audit_sentences import words_problems

    for language in ("nb", "nn", "en"):
        with translation.override(language):
            problems = [p for entry in AuditEntry.objects.all() for p in words_problems(entry)]
        assert not problems, problems


def audited(action: str, actor: Any, target: models.Model, **data: Any) -> AuditEntry:
    """The latest entry for ``action``: by ``actor``, on ``target``, with ``data`` in it."""
    entry = AuditEntry.objects.filter(action=action).latest("id")
    assert entry.actor == actor, action
    assert (entry.target_type, entry.target_id) == (target._meta.label_lower, str(target.pk))
    assert entry.target_repr == str(target)[:300]
    for key, value in data.items():
        assert entry.data[key] == value, (action, key, entry.data)
    return entry


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def secretariat(bare_demo):
    return _user("sekretariat-radet")


@pytest.fixture
def basis(db) -> LegalBasis:
    return LegalBasis.objects.get(code="kl-11-5-2-a")


@pytest.mark.django_db
def test_a_meeting_from_request_to_approved_minutes_is_audited_step_by_step(
    world, secretariat, basis
):
    actor = secretariat
    request = meeting_request_create(
        partnership=world.partnership,
        requesting_party=world.county,
        reason="Budsjettet",
        requested_on=dt.date(2022, 2, 1),
        actor=actor,
    )
    audited("meetings.request.created", actor, request)
    meeting = meeting_create(
        partnership=world.partnership,
        title="Ekstraordinært møte",
        starts_at=oslo(2022, 3, 15),
        ends_at=oslo(2022, 3, 15, 13),
        location=world.location,
        request=request,
        actor=actor,
    )
    audited("meetings.meeting.created", actor, meeting, request=request.pk, outside_period=False)
    meeting_reschedule(
        meeting=meeting, starts_at=oslo(2022, 3, 16), ends_at=oslo(2022, 3, 16, 13), actor=actor
    )
    entry = audited("meetings.meeting.rescheduled", actor, meeting)
    assert entry.data["after"]["starts_at"] == oslo(2022, 3, 16).isoformat()
    assert entry.data["before"] != entry.data["after"]

    def add(title: str, kind: str = Kind.DISCUSSION) -> AgendaItem:
        return agenda_item_add(
            meeting=meeting, kind=kind, title=title, areas=world.areas[:1], actor=actor
        )

    talk, proposal, closed = add("Orientering"), add("Innfart", Kind.PROPOSAL), add("Tilsetting")
    audited(
        "meetings.item.added",
        actor,
        closed,
        number=closed.case_number,
        areas=[world.areas[0].slug],
    )
    agenda_reorder(meeting=meeting, item_ids=[closed.pk, talk.pk, proposal.pk], actor=actor)
    audited("meetings.agenda.reordered", actor, meeting, order=[closed.pk, talk.pk, proposal.pk])
    agenda_item_close(item=closed, legal_basis=basis, public_title="Personalsak", actor=actor)
    audited("meetings.item.closed", actor, closed, basis="kl-11-5-2-a")
    eikeland, storli = world.people["Eikeland"], world.people["Storli"]
    absence_register(meeting=meeting, person=eikeland, reason="Ferie", actor=actor)
    audited("meetings.absence.registered", actor, meeting, person=eikeland.pk)
    substitute_call_in(meeting=meeting, substitute=storli, for_person=eikeland, actor=actor)
    audited("meetings.substitute.called_in", actor, meeting, substitute=storli.pk)
    assert AuditEntry.objects.filter(action="meetings.substitute.called_in").get().data == {
        "substitute": storli.pk,
        "for": eikeland.pk,
    }
    guest_invite(  # on behalf of the secretariat's own party (A13)
        meeting=meeting,
        inviting_party=world.council,
        guest_name="Kari Fagperson",
        guest_role="Trafikkplanlegger",
        guest_kind=GuestInvitation.GuestKind.EXPERT,
        actor=actor,
    )
    audited("meetings.guest.invited", actor, meeting, guest="Kari Fagperson")
    assert AuditEntry.objects.get(action="meetings.guest.invited").data["party"] == (
        world.council.slug
    )
    meeting_publish_notice(meeting=meeting, actor=actor)
    audited("meetings.notice.published", actor, meeting)
    agenda_item_withdraw(item=talk, actor=actor)
    audited("meetings.item.withdrawn", actor, talk)
    present = {world.people["Lindeberg"]: True, storli: True, world.people["Rustad"]: False}
    attendance_record(meeting=meeting, present=present, actor=actor)
    audited(
        "meetings.attendance.recorded",
        actor,
        meeting,
        **{str(person.pk): value for person, value in present.items()},
    )
    agenda_item_record_outcome(item=proposal, outcome=Outcome.PROPOSAL, actor=actor)
    audited("meetings.item.outcome", actor, proposal, outcome="proposal")
    vote_record(
        item=proposal,
        motion="Innstillingen",
        party=world.council,
        choice=Vote.Choice.FOR,
        actor=actor,
    )
    audited(
        "meetings.vote.recorded",
        actor,
        proposal,
        motion="Innstillingen",
        party=world.council.slug,
        choice="for",
    )
    agenda_item_record_outcome(item=closed, outcome=Outcome.NOTED, actor=actor)
    meeting_record_held(meeting=meeting, actor=actor)
    meeting.refresh_from_db()
    audited("meetings.meeting.held", actor, meeting, chaired_by=meeting.chaired_by_id)
    minutes = minutes_draft(meeting=meeting, actor=actor)
    audited("meetings.minutes.drafted", actor, minutes, v=1)
    minutes_approve(minutes=minutes, actor=actor)
    audited("meetings.minutes.approved", actor, minutes, v=1)


@pytest.mark.django_db
def test_an_elected_chair_a_cancelled_and_a_postponed_meeting_are_audited(
    world, published, secretariat
):
    actor = secretariat
    meeting = published()
    for name in ("Aasheim", "Lindeberg"):  # chair and deputy away: the meeting elects one
        absence_register(meeting=meeting, person=world.people[name], reason="Reise", actor=None)
    eikeland = world.people["Eikeland"]
    attendance_record(meeting=meeting, present={eikeland: True}, actor=None)
    meeting_elect_chair(meeting=meeting, person=eikeland, actor=actor)
    audited("meetings.chair.elected", actor, meeting, person=eikeland.pk)
    cancelled = published(oslo(2022, 5, 3))
    meeting_cancel(meeting=cancelled, reason="For få saker", actor=actor)
    audited("meetings.meeting.cancelled", actor, cancelled, reason="For få saker")
    postponed = published(oslo(2022, 6, 7))
    meeting_postpone(meeting=postponed, reason="Budsjettet er ikke klart", actor=actor)
    audited("meetings.meeting.postponed", actor, postponed, reason="Budsjettet er ikke klart")


@pytest.mark.django_db
def test_annual_cycles_and_item_changes_are_audited(world, secretariat):
    actor = secretariat
    entries = [CycleEntry(AnnualCycleEntry.Kind.MILESTONE, dt.date(2022, 9, 1), "Budsjett")]
    discarded = annual_cycle_draft(
        partnership=world.partnership, year=2022, entries=entries, actor=actor
    )
    audited("meetings.cycle.drafted", actor, discarded, year=2022)
    annual_cycle_discard(cycle=discarded, actor=actor)
    entry = AuditEntry.objects.filter(action="meetings.cycle.discarded").get()
    assert (entry.actor, entry.target_type) == (actor, "meetings.annualcycle")
    assert (entry.data["year"], entry.data["partnership"]) == (2022, world.partnership.pk)
    cycle = annual_cycle_draft(
        partnership=world.partnership, year=2022, entries=entries, actor=None
    )
    meeting = world.meeting(oslo(2022, 6, 1))
    item = world.item(
        meeting,
        kind=Kind.PROCEDURAL,
        title="Årshjul",
        procedural_subject=AgendaItem.ProceduralSubject.ANNUAL_CYCLE,
    )
    agenda_item_update(item=item, title="Årshjul 2022", areas=world.areas[:2], actor=actor)
    entry = audited("meetings.item.updated", actor, item)
    assert entry.data["after"] == {
        "title": "Årshjul 2022",
        "areas": sorted(a.slug for a in world.areas[:2]),
    }
    assert entry.data["before"]["title"] == "Årshjul"
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome=Outcome.PROCEDURAL, actor=None)
    annual_cycle_adopt(cycle=cycle, item=item, actor=actor)
    audited("meetings.cycle.adopted", actor, cycle, item=item.pk)


@pytest.mark.django_db
def test_granting_and_revoking_the_operator_role_are_audited(bare_demo):
    actor, user = UserFactory(username="drift"), UserFactory(username="ny-operatør")
    operator_grant(user=user, actor=actor)
    audited("core.operator.granted", actor, user)
    operator_revoke(user=user, actor=actor)
    audited("core.operator.revoked", actor, user)


def _proposal_item(world) -> AgendaItem:
    meeting = world.meeting(oslo(2022, 3, 15))
    item = world.item(meeting, kind=Kind.PROPOSAL, title="Endring av avtalen")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome=Outcome.PROPOSAL, actor=None)
    return item


def _amend(world, item: AgendaItem, actor: Any, meetings: str = "fire"):
    bodies = {b.slug: b for b in ElectedBody.objects.all()}
    return amendment_propose(
        item=item,
        title="Endret møtefrekvens",
        text="Endring",
        section_slug="oppfolging-av-avtalen",
        proposed_text=f"- Det gjennomføres minst {meetings} møter.",
        required_bodies=[bodies["radet-representantskap"], bodies["viken-fylkesting"]],
        in_force_from=dt.date(2022, 9, 1),
        sent_on=dt.date(2022, 3, 20),
        actor=actor,
    )


@pytest.mark.django_db
def test_proposals_their_follow_up_and_amendments_are_audited(world, secretariat):
    actor = secretariat
    proposal = _amend(world, _proposal_item(world), actor)
    audited(
        "followup.proposal.created",
        actor,
        proposal,
        kind=proposal.kind,
        bodies=["radet-representantskap", "viken-fylkesting"],
    )
    council = proposal.follow_ups.get(elected_body__slug="radet-representantskap")
    county = proposal.follow_ups.get(elected_body__slug="viken-fylkesting")
    for follow_up, on in ((council, dt.date(2022, 5, 10)), (county, dt.date(2022, 6, 15))):
        followup_record(
            follow_up=follow_up,
            status=FollowUp.Status.ADOPTED,
            on=on,
            decision_text="Vedtatt",
            actor=actor,
        )
        audited("followup.recorded", actor, follow_up, status="adopted", on=on.isoformat())
    proposal.refresh_from_db()
    entry = audited("followup.amendment.adopted", actor, proposal)
    assert entry.data == {"version": proposal.resulting_version.number}
    assert proposal.resulting_version == version_in_force(
        part=world.partnership.agreement.special_part, on=dt.date(2022, 9, 1)
    )

    rejected = _amend(world, _proposal_item(world), None, meetings="seks")
    followup_record(
        follow_up=rejected.follow_ups.get(elected_body__slug="viken-fylkesting"),
        status=FollowUp.Status.REJECTED,
        on=dt.date(2022, 6, 1),
        decision_text="Avvist",
        actor=actor,
    )
    audited("followup.amendment.rejected", actor, rejected)


@pytest.mark.django_db
def test_a_committee_report_is_audited(world, secretariat, basis):
    actor = secretariat
    meeting = world.meeting(oslo(2022, 3, 15))
    item = world.item(meeting, kind=Kind.PROCEDURAL, procedural_subject="committee")
    meeting_publish_notice(meeting=meeting, actor=None)
    agenda_item_record_outcome(item=item, outcome=Outcome.PROCEDURAL, actor=None)
    committee = committee_establish(
        item=item,
        name="Arbeidsutvalg",
        task="Utrede",
        mandate="Utrede",
        starts_on=dt.date(2022, 4, 1),
        ends_on=dt.date(2022, 12, 31),
        members=[Member(world.people["Rustad"], world.county)],
        areas=world.areas[:1],
        actor=actor,
    )
    audited("committees.established", actor, committee, item=item.case_number, members=1)
    report_item = world.item(world.meeting(oslo(2022, 10, 4)), title="Rapport")
    committee_report(committee=committee, item=report_item, summary="Ferdig", actor=actor)
    audited("committees.reported", actor, committee, item=report_item.pk)
    committee_dissolve(committee=committee, on=dt.date(2023, 1, 1), actor=actor)
    audited("committees.dissolved", actor, committee, on="2023-01-01")


@pytest.mark.django_db
def test_allocations_and_costs_are_audited(world, secretariat):
    actor = secretariat
    allocation = allocation_record(
        partnership=world.partnership,
        party=world.county,
        year=2022,
        amount=Decimal("5000.00"),
        decision_reference="FU 3/22",
        decided_on=dt.date(2022, 1, 10),
        actor=actor,
    )
    audited(
        "finance.allocation.recorded",
        actor,
        allocation,
        party=world.county.slug,
        amount="5000.00",
        year=2022,
    )
    cost = cost_record(
        partnership=world.partnership,
        party=world.county,
        category="participation",
        amount=Decimal("1500.50"),
        incurred_on=dt.date(2022, 3, 15),
        description="Reise",
        allocation=allocation,
        actor=actor,
    )
    audited(
        "finance.cost.recorded",
        actor,
        cost,
        party=world.county.slug,
        amount="1500.50",
        category="participation",
    )


@pytest.mark.django_db
def test_importing_an_agreement_putting_it_in_force_and_renewing_are_audited(seed_bytes):
    actor = UserFactory(username="operatør")
    first = agreement_import(
        data=seed_bytes, partnership_slug="p", source_name="avtale.md", actor=actor
    )
    entry = audited("agreements.version.imported", actor, first.version, source="avtale.md")
    assert entry.data["number"] == 1
    assert len(entry.data["sha256"]) == 64
    changed = seed_bytes.replace(
        b"- **Digitalisering.**",
        b"- **Kultur og frivillighet.** Dialog om kultur.\n- **Digitalisering.**",
    )
    second = agreement_import(data=changed, partnership_slug="p", actor=None).version
    agreement_version_put_in_force(version=second, in_force_from=dt.date(2023, 1, 1), actor=actor)
    entry = audited("agreements.version.in_force", actor, second, in_force_from="2023-01-01")
    assert entry.data["added"]  # the new area
    partnership = first.partnership
    renewed = partnership_renew(
        partnership=partnership,
        name="Partnerskap 2025–2028",
        slug="p-2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2028, 12, 31),
        actor=actor,
    )
    audited("agreements.partnership.renewed", actor, renewed, predecessor="p")


@pytest.fixture
def stored_files(settings, tmp_path):
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")


@pytest.mark.django_db
def test_documents_are_audited_from_upload_to_a_retried_extraction(
    world, published, secretariat, stored_files, jobs_after, monkeypatch
):
    actor = secretariat
    item = published().items.get()
    offl13 = LegalBasis.objects.get(code="offl-13")
    with jobs_after():
        document = document_upload(
            owner=item,
            title="Notat",
            document_type=Document.Type.VEDLEGG,
            document_date=dt.date(2022, 3, 1),
            content=files.pdf("Notat"),
            actor=actor,
        )
    entry = audited("documents.document.uploaded", actor, document, type="pdf")
    assert entry.data["size"] == document.files.get().size
    file = document.files.get()
    audited("documents.file.text_extracted", None, document, file=file.pk, error="")
    document_update(
        document=document,
        title="Notat (unntatt)",
        document_type=Document.Type.VEDLEGG,
        document_date=dt.date(2022, 3, 1),
        legal_basis=offl13,
        public_title="Notat",
        actor=actor,
    )
    audited("documents.document.updated", actor, document, exempt="offl-13")
    document_version_add(document=document, content=files.pdf("Notat 2"), actor=actor)
    audited("documents.document.version_added", actor, document, version=2, public_variant=False)
    document_public_variant_set(document=document, content=files.pdf("Sladdet"), actor=actor)
    audited("documents.document.public_variant_set", actor, document, version=2)
    document_public_variant_set(document=document, content=None, actor=actor)
    audited("documents.document.public_variant_withdrawn", actor, document, version=2)

    def broken(data: bytes) -> str:
        raise ValueError("the parser choked")

    monkeypatch.setitem(extraction.EXTRACTORS, "pdf", broken)
    with jobs_after():
        document_version_add(document=document, content=files.pdf("3"), actor=None)
    failed = DocumentFile.objects.get(document=document, version=3, variant="main")
    audited("documents.file.text_failed", None, document, file=failed.pk)
    monkeypatch.undo()
    document_file_retry_extraction(file=failed, actor=actor)
    audited("documents.file.text_retry", actor, document, file=failed.pk)


@pytest.mark.django_db
def test_generated_notices_and_minutes_are_audited(world, stored_files):
    meeting = world.meeting(oslo(2022, 3, 15))
    world.item(meeting)
    meeting_publish_notice(meeting=meeting, actor=None)
    notice = notice_pdf_store(meeting.pk)
    assert notice is not None
    audited("documents.generated.notice", None, notice, version=1, internal_variant=False)
    agenda_item_record_outcome(item=meeting.items.get(), outcome=Outcome.NOTED, actor=None)
    meeting_record_held(meeting=meeting, actor=None)
    minutes_approve(minutes=minutes_draft(meeting=meeting, actor=None), actor=None)
    approved = Minutes.objects.get(meeting=meeting, status=Minutes.Status.APPROVED)
    document = minutes_pdf_store(approved.pk)
    assert document is not None
    audited("documents.generated.minutes", None, document, version=1)


@pytest.mark.django_db
def test_revoking_an_api_token_is_audited(bare_demo):
    owner, actor = _user("sekretariat-radet"), UserFactory(username="drift")
    issued = api_token_create(user=owner, name="Arkiv", actor=actor)
    audited("api.token.created", actor, issued.token, user="sekretariat-radet", name="Arkiv")
    api_token_revoke(token=issued.token, actor=actor)
    audited(
        "api.token.revoked",
        actor,
        issued.token,
        user="sekretariat-radet",
        prefix=issued.token.prefix,
    )


@pytest.mark.django_db
def test_linking_and_removing_a_sign_in_identity_are_audited(bare_demo):
    person = _user("sekretariat-radet").person
    identity = sign_in_identity_link(person=person, issuer="https://idp.example", subject="abc")
    audited(
        "people.identity.linked", person.user, person, issuer="https://idp.example", subject="abc"
    )
    actor = UserFactory(username="drift")
    sign_in_identity_remove(identity=identity, actor=actor)
    audited("people.identity.removed", actor, person, issuer="https://idp.example", subject="abc")


@pytest.mark.django_db
def test_new_recovery_codes_turning_two_factor_off_and_signing_out_are_audited(client):
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert len(recovery_codes_regenerate(user=user)) == 10
    audited("accounts.two_factor.recovery_codes_regenerated", user, user)
    two_factor_disable(user=user)
    audited("accounts.two_factor.disabled", user, user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.force_login(user)
    client.logout()
    audited("accounts.signed_out", user, user)
