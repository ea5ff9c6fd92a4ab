"""The agreement in the back office: its versions and who has signed each for which party
(A17), and the amendments (A10) with their adoption status and a readable diff.

A party's secretariat records only its own party's signature (``policy.can_sign``);
everyone working in the partnership reads. Amendments change only through the follow-ups in the
parties' bodies (``followup.services.followup_record``), so these pages link there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import (
    AgreementPart,
    AgreementVersion,
    Partnership,
    Party,
    Signature,
)
from partnerskap.agreements.selectors import (
    parties_of_part,
    partnership_parties,
    parts_versions,
    version_adoptions,
    version_changes,
    version_in_force,
    version_latest,
    version_sections,
    version_signatures,
)
from partnerskap.agreements.services import signature_record
from partnerskap.backoffice.forms_agreement import AMENDMENT_STATES, SignatureForm
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import concluded_message, itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.selectors import amendment_resulting_in
from partnerskap.backoffice.views.amendment_propose import amendment_create
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.followup.models import FollowUp, Proposal
from partnerskap.followup.selectors import (
    amendment_diff,
    amendment_old_text,
    amendment_with_follow_ups,
    amendments_readable,
    items_awaiting_proposal,
    proposal_titles,
)
from partnerskap.meetings.selectors import items_shown
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser

PER_PAGE = 25


# ---------------------------------------------------------------------------- helpers


def _visible(request: HttpRequest) -> QuerySet[Partnership]:
    return policy.partnerships_visible(request.user).order_by("-period_start", "name")


def _chosen(request: HttpRequest) -> tuple[list[Partnership], Partnership | None]:
    partnerships = list(_visible(request).select_related("agreement"))
    slug = request.GET.get("partnerskap", "")
    if slug:
        found = next((p for p in partnerships if p.slug == slug), None)
        if found is None:
            raise Http404
        return partnerships, found
    return partnerships, (partnerships[0] if partnerships else None)


def _uses_part(part: AgreementPart) -> Q:
    return Q(agreement__special_part=part) | Q(agreement__general_part=part)


@dataclass
class SignatureRow:
    party: Party
    signature: Signature | None
    may_sign: bool
    form: SignatureForm | None = None


@dataclass
class VersionRow:
    version: AgreementVersion
    rows: list[SignatureRow]

    @property
    def signed(self) -> bool:
        """A17: signed only when every party has signed its copy."""
        return bool(self.rows) and all(r.signature is not None for r in self.rows)


def _signature_rows(
    signatures: list[Signature], parties: list[Party], acting: set[int]
) -> list[SignatureRow]:
    by_party = {s.party_id: s for s in signatures}
    return [
        SignatureRow(p, by_party.get(p.pk), p.pk in acting and p.pk not in by_party)
        for p in parties
    ]


def _acting(
    request: HttpRequest, part: AgreementPart, partnership: Partnership, parties: list[Party]
) -> set[int]:
    """The parties whose signatures the user may record on ``part`` (``policy.can_sign``)."""
    return {p.pk for p in parties if policy.can_sign(request.user, part, partnership, p)}


# ---------------------------------------------------------------------------- versions


@dataclass
class PartView:
    part: AgreementPart
    parties: list[Party]
    in_force: AgreementVersion | None
    versions: list[VersionRow] = field(default_factory=list)


def _part_view(request: HttpRequest, part: AgreementPart, partnership: Partnership) -> PartView:
    parties = list(parties_of_part(part=part).order_by("name"))
    acting = _acting(request, part, partnership, parties)
    versions = parts_versions(part=part)
    return PartView(
        part=part,
        parties=parties,
        in_force=version_in_force(part=part),
        versions=[
            VersionRow(v, _signature_rows(list(v.signatures.all()), parties, acting))
            for v in versions
        ],
    )


@login_required
def agreement_overview(request: HttpRequest) -> HttpResponse:
    partnerships, partnership = _chosen(request)
    context: dict[str, Any] = {"partnerships": partnerships, "partnership": partnership}
    context["can_renew"] = partnership is not None and policy.can_renew(request.user, partnership)
    agreement = getattr(partnership, "agreement", None) if partnership else None
    if partnership is not None and agreement is not None:
        parts = [agreement.special_part]
        if agreement.general_part is not None:
            parts.append(agreement.general_part)
        context["agreement"] = agreement
        context["parts"] = [_part_view(request, p, partnership) for p in parts]
    return render(request, "backoffice/agreement/overview.html", context)


def _version_for(request: HttpRequest, pk: int) -> tuple[AgreementVersion, Partnership]:
    version = get_object_or_404(AgreementVersion.objects.select_related("part"), pk=pk)
    partnership = _visible(request).filter(_uses_part(version.part)).first()
    if partnership is None:
        raise Http404
    return version, partnership


def _version_page(
    request: HttpRequest,
    version: AgreementVersion,
    partnership: Partnership,
    bound: tuple[int, SignatureForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    parties = list(parties_of_part(part=version.part).order_by("name"))
    acting = _acting(request, version.part, partnership, parties)
    signatures = version_signatures(version=version)
    rows = _signature_rows(signatures, parties, acting)
    for row in rows:
        if row.may_sign:
            if bound is not None and bound[0] == row.party.pk:
                row.form = bound[1]
            else:
                row.form = SignatureForm(
                    prefix=f"p{row.party.pk}", initial={"signed_on": time.today()}
                )
    amendment = amendment_resulting_in(version=version)
    context = {
        "version": version,
        "partnership": partnership,
        "row": VersionRow(version, rows),
        "in_force": version_in_force(part=version.part),
        "adoptions": version_adoptions(version=version),
        "sections": version_sections(version=version),
        "changes": version_changes(version=version),
        "versions": [
            VersionRow(v, _signature_rows(list(v.signatures.all()), parties, acting))
            for v in parts_versions(part=version.part)
        ],
        "amendment": amendment,
        # L3: an amendment made under a closed item is named by its item's public title.
        "amendment_title": proposal_titles(user=request.user, proposal_ids=[amendment.pk])[
            amendment.pk
        ]
        if amendment
        else "",
        "history": history_for(version, *signatures),
    }
    return render(request, "backoffice/agreement/version_detail.html", context, status=status)


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version, partnership = _version_for(request, pk)
    return _version_page(request, version, partnership)


@dataclass(frozen=True)
class Signing:
    """A version to sign, in a partnership the user works in, for one of its parties."""

    version: AgreementVersion
    partnership: Partnership
    party: Party


def _signing(request: HttpRequest, pk: int, party: str) -> Signing:
    version, partnership = _version_for(request, pk)
    party_obj = get_object_or_404(parties_of_part(part=version.part), slug=party)
    return Signing(version, partnership, party_obj)


def _may_sign(user: AnyUser, signing: Signing) -> bool:
    return policy.can_sign(user, signing.version.part, signing.partnership, signing.party)


def _sign_refusal(signing: Signing) -> str:
    special = signing.version.part.kind == AgreementPart.Kind.SPECIAL
    if special and policy.is_concluded(signing.partnership):
        return concluded_message(signing.partnership)
    return _("Only %(party)s's own secretariat records its signature.") % {"party": signing.party}


@login_required
@require_POST
@permission_required(
    _may_sign,
    load=_signing,
    subject=itself,
    refusal=_sign_refusal,
)
def signature_create(request: HttpRequest, signing: Signing) -> HttpResponse:
    version, partnership, party_obj = signing.version, signing.partnership, signing.party
    form = SignatureForm(request.POST, prefix=f"p{party_obj.pk}")
    if not form.is_valid():
        return _version_page(request, version, partnership, (party_obj.pk, form), 400)
    data = form.cleaned_data
    try:
        signature_record(
            version=version,
            party=party_obj,
            signatory_name=data["signatory_name"],
            signatory_role=data["signatory_role"],
            place=data["place"],
            signed_on=data["signed_on"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        form_refusal(form, exc)
        status = page_refusal(request, exc)
        return _version_page(request, version, partnership, (party_obj.pk, form), status)
    messages.success(
        request,
        _("The signature of %(party)s on version %(number)d is recorded.")
        % {"party": party_obj, "number": version.number},
    )
    return redirect("backoffice:agreement_version", pk=version.pk)


# ---------------------------------------------------------------------------- amendments


def _party_of(follow_up: FollowUp, parties: list[Party]) -> Party | None:
    """The partnership party a body answers for (its own, or its council), from prefetched
    rows (no query)."""
    body_party = follow_up.elected_body.party
    for party in parties:
        if party.pk in (body_party.pk, body_party.council_id):
            return party
    return None


def _by_party(proposal: Proposal, parties: list[Party]) -> list[tuple[Party, list[FollowUp]]]:
    """Per party, the follow-ups of the bodies that must adopt the amendment."""
    required = [f for f in proposal.follow_ups.all() if f.required_for_adoption]
    return [(p, [f for f in required if _party_of(f, parties) == p]) for p in parties]


@login_required
def amendment_list(request: HttpRequest) -> HttpResponse:
    partnerships, partnership = _chosen(request)
    context: dict[str, Any] = {
        "partnerships": partnerships,
        "partnership": partnership,
        "states": AMENDMENT_STATES,
    }
    if partnership is not None:
        parties = list(partnership_parties(partnership=partnership))
        proposals = amendments_readable(user=request.user, partnership=partnership)
        if policy.can_run(request.user, partnership):
            context["awaiting"] = items_shown(
                user=request.user, items=items_awaiting_proposal(partnership=partnership)
            )
        state = request.GET.get("tilstand", "")
        if state in dict(AMENDMENT_STATES):
            proposals = proposals.filter(amendment_state=state)
        page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("side"))
        context |= {
            "parties": parties,
            "state": state,
            "page": page,
            "rows": [(p, _by_party(p, parties)) for p in page],
        }
    return render(request, "backoffice/agreement/amendment_list.html", context)


@login_required
def amendment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = amendment_with_follow_ups(pk=pk, partnerships=_visible(request))
    if proposal is None:
        raise Http404
    is_closed = hasattr(proposal.item, "closed_session")
    if is_closed and not policy.can_read_exempt(request.user, proposal.partnership):
        raise Http404  # L3: a proposal from a closed item is exempt content
    parties = list(partnership_parties(partnership=proposal.partnership))
    follow_ups = list(proposal.follow_ups.all())
    assert proposal.part is not None  # an amendment always names its part (constraint)
    base = proposal.base_version
    in_force = version_in_force(part=proposal.part)
    latest = version_latest(part=proposal.part)
    answerable = set(
        policy.bodies_answerable(request.user)
        .filter(pk__in=[f.elected_body_id for f in follow_ups])
        .values_list("pk", flat=True)
    )
    context = {
        "proposal": proposal,
        "partnership": proposal.partnership,
        "diff": amendment_diff(proposal=proposal),
        "old_text": amendment_old_text(proposal=proposal),
        "in_force": in_force,
        "stale": proposal.amendment_state == Proposal.AmendmentState.PENDING and latest != base,
        "by_party": _by_party(proposal, parties),
        "follow_ups": [
            (f, _party_of(f, parties), f.elected_body_id in answerable) for f in follow_ups
        ],
        "is_public": not is_closed,
        "history": history_for(proposal, *follow_ups),
    }
    return render(request, "backoffice/agreement/amendment_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("avtale/", agreement_overview, name="agreement"),
    path("avtale/versjon/<id:pk>/", version_detail, name="agreement_version"),
    path("avtale/versjon/<id:pk>/signer/<slug:party>/", signature_create, name="signature_create"),
    path("avtale/endringer/", amendment_list, name="amendments"),
    path("avtale/endringer/<id:pk>/", amendment_detail, name="amendment"),
    path("avtale/endringer/ny/<id:pk>/", amendment_create, name="amendment_create"),
]
