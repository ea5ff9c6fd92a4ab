"""Proposing an amendment to the agreement in the back office (A10): from an agenda item whose
outcome is a proposal to the parties, pick a section of the text in force (or a new one), edit
its text in place, preview the change as a diff, and send it to each party's bodies through
``followup.services.amendment_propose``.

Three steps on one page, each working without JavaScript: the section is chosen with a GET
form (``?del=<slug>``), the text is posted with «Preview the change» (the page again, with the
diff, nothing stored) or «Send to the bodies» (the service; a broken rule comes back beside
its field)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.agreements.diff import ParagraphDiff, text_diff
from partnerskap.agreements.models import (
    AgreementSection,
    AgreementVersion,
    ElectedBody,
    Partnership,
)
from partnerskap.agreements.selectors import version_sections, version_to_amend
from partnerskap.backoffice.forms_agreement import NEW_SECTION, AmendmentForm, SectionChoiceForm
from partnerskap.backoffice.permissions import permission_required, run_refusal
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.selectors import bodies_of_partnership
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import DomainError
from partnerskap.followup.services import amendment_propose
from partnerskap.meetings.models import AgendaItem
from partnerskap.meetings.selectors import items_shown
from partnerskap.people import policy

#: The bodies ticked as «must adopt» at first: each party's own council or county council.
ADOPTING_KINDS = (ElectedBody.Kind.REGIONAL_COUNCIL, ElectedBody.Kind.COUNTY_COUNCIL)


def _item_for(request: HttpRequest, pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related(
            "meeting", "partnership__agreement__special_part", "closed_session__legal_basis"
        ).prefetch_related("areas"),
        pk=pk,
        partnership__in=policy.partnerships_visible(request.user),
    )


@dataclass
class Draft:
    """What the page shows: the item, the text amended, the chosen section (``None`` for a
    new one) and, once chosen, the form and the preview."""

    item: AgendaItem
    base: AgreementVersion | None
    sections: list[AgreementSection]
    chosen: str = ""
    section: AgreementSection | None = None
    form: AmendmentForm | None = None
    preview: list[ParagraphDiff] | None = None

    @property
    def new_section(self) -> bool:
        return self.chosen == NEW_SECTION


def _draft(request: HttpRequest, item: AgendaItem) -> Draft:
    part = item.partnership.agreement.special_part
    base = version_to_amend(part=part)
    sections = list(version_sections(version=base)) if base is not None else []
    draft = Draft(item=item, base=base, sections=sections)
    chosen = request.POST.get("section") or request.GET.get("del", "")
    if chosen == NEW_SECTION or any(s.slug == chosen for s in sections):
        draft.chosen = chosen
        draft.section = next((s for s in sections if s.slug == chosen), None)
    return draft


def _bodies(partnership: Partnership) -> QuerySet[ElectedBody]:
    return bodies_of_partnership(partnership=partnership).order_by("party__name", "name")


def _initial(draft: Draft, bodies: QuerySet[ElectedBody]) -> dict[str, Any]:
    parties = set(draft.item.partnership.parties.values_list("pk", flat=True))
    return {
        "title": draft.item.title,
        "text": draft.item.outcome_text,
        "proposed_text": draft.section.body if draft.section else "",
        "required_bodies": [
            b for b in bodies if b.party_id in parties and b.kind in ADOPTING_KINDS
        ],
        "sent_on": time.today(),
    }


def _page(request: HttpRequest, draft: Draft, status: int = 200) -> HttpResponse:
    item = items_shown(user=request.user, items=[draft.item])[0]
    context = {
        "draft": draft,
        "item": item,
        "partnership": draft.item.partnership,
        "choice": SectionChoiceForm(
            initial={"del": draft.chosen}, sections=draft.sections, auto_id="c_%s"
        ),
        "awaiting": draft.item.outcome == AgendaItem.Outcome.PROPOSAL
        and not hasattr(draft.item, "proposal"),
        "existing": getattr(draft.item, "proposal", None),
    }
    return render(request, "backoffice/agreement/amendment_form.html", context, status=status)


def _send(request: HttpRequest, draft: Draft, data: dict[str, Any]) -> HttpResponse | int:
    """The service call; when a rule refuses it, the status (the form carries the error)."""
    assert draft.form is not None
    try:
        proposal = amendment_propose(
            item=draft.item,
            title=data["title"],
            text=data["text"],
            section_slug=draft.section.slug if draft.section else "",
            section_heading=data.get("section_heading", ""),
            proposed_text=data["proposed_text"],
            required_bodies=list(data["required_bodies"]),
            other_bodies=list(data["other_bodies"]),
            in_force_from=data["in_force_from"],
            sent_on=data["sent_on"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        form_refusal(draft.form, exc)
        return page_refusal(request, exc)
    messages.success(
        request,
        _("The amendment is sent to the bodies; each party's bodies record their decision."),
    )
    return redirect("backoffice:amendment", pk=proposal.pk)


@login_required
@permission_required(
    policy.can_run,
    load=_item_for,
    subject=lambda item: item.partnership,
    refusal=run_refusal(
        gettext_lazy("Only the parties' secretariats propose amendments to the agreement.")
    ),
)
def amendment_create(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    draft = _draft(request, item)
    if not draft.chosen:
        return _page(request, draft)
    bodies = _bodies(item.partnership)
    if request.method != "POST":
        draft.form = AmendmentForm(
            initial=_initial(draft, bodies), bodies=bodies, new_section=draft.new_section
        )
        return _page(request, draft)
    draft.form = AmendmentForm(request.POST, bodies=bodies, new_section=draft.new_section)
    if not draft.form.is_valid():
        return _page(request, draft, page_refusal(request, None))
    data = draft.form.cleaned_data
    draft.preview = text_diff(draft.section.body if draft.section else "", data["proposed_text"])
    if "send" not in request.POST:
        return _page(request, draft)
    sent = _send(request, draft, data)
    return sent if isinstance(sent, HttpResponse) else _page(request, draft, sent)
