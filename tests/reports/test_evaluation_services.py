"""The evaluation's lifecycle: draft → approved (every party) → published, the figures frozen
at the first approval, refusals in the user's words, an audit entry for every step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.models import AuditEntry
from partnerskap.finance.services import allocation_record
from partnerskap.reports import services
from partnerskap.reports.models import Evaluation

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def council_user(world):
    return User.objects.get(username="sekretariat-radet")


@pytest.fixture
def county_user(world):
    return User.objects.get(username="sekretariat-viken")


@pytest.fixture
def written(world, council_user):
    evaluation = services.evaluation_start(partnership=world.partnership, actor=council_user)
    return services.evaluation_assessment_update(
        evaluation=evaluation, assessment="  Godt samarbeid «æøå» <b>  ", actor=council_user
    )


def _audited(action: str, evaluation: Evaluation) -> bool:
    return AuditEntry.objects.filter(action=action, target_id=str(evaluation.pk)).exists()


def test_start_opens_a_draft_once_per_partnership(world, council_user):
    evaluation = services.evaluation_start(partnership=world.partnership, actor=council_user)
    assert evaluation.status == Evaluation.Status.DRAFT
    assert evaluation.snapshot is None
    assert _audited("reports.evaluation.started", evaluation)
    with pytest.raises(ConflictError, match="allerede startet"):
        services.evaluation_start(partnership=world.partnership, actor=council_user)


def test_assessment_is_saved_stripped_and_audited(written):
    assert written.assessment == "Godt samarbeid «æøå» <b>"
    assert _audited("reports.evaluation.assessment_updated", written)


def test_approval_needs_an_assessment(world, council_user):
    evaluation = services.evaluation_start(partnership=world.partnership, actor=council_user)
    with pytest.raises(DomainError, match="Skriv vurderingen før") as refused:
        services.evaluation_approve(evaluation=evaluation, party=world.council, actor=council_user)
    assert refused.value.field == "assessment"


def test_one_approval_is_not_enough_to_publish(world, written, council_user):
    evaluation = services.evaluation_approve(
        evaluation=written, party=world.council, actor=council_user
    )
    assert evaluation.status == Evaluation.Status.DRAFT
    assert _audited("reports.evaluation.approved", evaluation)
    with pytest.raises(ConflictError, match="Alle parter må godkjenne"):
        services.evaluation_publish(evaluation=evaluation, actor=council_user)


def test_both_parties_approve_then_it_is_published(world, written, council_user, county_user):
    services.evaluation_approve(evaluation=written, party=world.council, actor=council_user)
    evaluation = services.evaluation_approve(
        evaluation=written, party=world.county, actor=county_user
    )
    assert evaluation.status == Evaluation.Status.APPROVED
    assert {a.approved_by for a in evaluation.approvals.all()} == {council_user, county_user}
    evaluation = services.evaluation_publish(evaluation=evaluation, actor=county_user)
    assert evaluation.status == Evaluation.Status.PUBLISHED
    assert evaluation.published_at is not None
    assert _audited("reports.evaluation.published", evaluation)


def test_a_party_approves_once(world, written, council_user):
    services.evaluation_approve(evaluation=written, party=world.council, actor=council_user)
    with pytest.raises(ConflictError, match="har allerede godkjent"):
        services.evaluation_approve(evaluation=written, party=world.council, actor=council_user)


def test_only_a_party_of_the_partnership_approves(world, written, council_user):
    outsider = world.council.member_municipalities.first()
    with pytest.raises(DomainError, match="er ikke part i"):
        services.evaluation_approve(evaluation=written, party=outsider, actor=council_user)


def test_the_approved_text_is_not_changed_without_withdrawing(world, written, council_user):
    services.evaluation_approve(evaluation=written, party=world.council, actor=council_user)
    with pytest.raises(ConflictError, match="Trekk tilbake godkjenningen"):
        services.evaluation_assessment_update(
            evaluation=written, assessment="Noe annet", actor=council_user
        )
    evaluation = services.evaluation_withdraw_approval(
        evaluation=written, party=world.council, actor=council_user
    )
    assert _audited("reports.evaluation.approval_withdrawn", evaluation)
    assert evaluation.snapshot is None
    evaluation = services.evaluation_assessment_update(
        evaluation=evaluation, assessment="Noe annet", actor=council_user
    )
    assert evaluation.assessment == "Noe annet"


def test_withdrawing_an_approval_not_given_is_refused(world, written, council_user):
    with pytest.raises(ConflictError, match="har ikke godkjent"):
        services.evaluation_withdraw_approval(
            evaluation=written, party=world.council, actor=council_user
        )


def test_figures_are_frozen_at_the_first_approval(world, written, council_user, county_user):
    services.evaluation_approve(evaluation=written, party=world.council, actor=council_user)
    frozen = Evaluation.objects.get(pk=written.pk).snapshot
    assert frozen["finances"][0]["allocated"] == "0.00"
    allocation_record(
        partnership=world.partnership,
        party=world.council,
        year=2022,
        amount=Decimal("50000.00"),
        decision_reference="PS 1/2022",
        decided_on=dt.date(2022, 1, 10),
        actor=council_user,
    )
    services.evaluation_approve(evaluation=written, party=world.county, actor=county_user)
    published = services.evaluation_publish(evaluation=written, actor=council_user)
    assert published.snapshot == frozen
    assert published.snapshot_taken_at is not None


def test_a_published_evaluation_is_final(world, written, council_user, county_user):
    services.evaluation_approve(evaluation=written, party=world.council, actor=council_user)
    services.evaluation_approve(evaluation=written, party=world.county, actor=county_user)
    services.evaluation_publish(evaluation=written, actor=council_user)
    for step in (
        lambda: services.evaluation_publish(evaluation=written, actor=council_user),
        lambda: services.evaluation_withdraw_approval(
            evaluation=written, party=world.council, actor=council_user
        ),
        lambda: services.evaluation_assessment_update(
            evaluation=written, assessment="x", actor=council_user
        ),
    ):
        with pytest.raises(ConflictError, match="er publisert og kan ikke"):
            step()
