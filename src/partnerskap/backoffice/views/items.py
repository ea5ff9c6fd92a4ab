"""An agenda item in the back office: read it, edit it with optimistic locking (a second,
stale save is refused and shows what changed meanwhile), attach documents, record votes and
the outcome (a conclusion that reads as a decision in an individual case is confirmed with a
reason, A9), and open a closed item again (L2, L3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import Party
from partnerskap.agreements.selectors import areas_current
from partnerskap.backoffice.forms_items import (
    DocumentUploadForm,
    ItemCloseForm,
    ItemEditForm,
    ItemOutcomeForm,
    ReopenForm,
    VoteForm,
)
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import permission_required
from partnerskap.backoffice.refusals import form_refusal, refusal_status
from partnerskap.backoffice.selectors import item_saved
from partnerskap.core.access import Surface, exempt_access_record
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.documents.selectors import documents_for
from partnerskap.documents.services import document_upload
from partnerskap.meetings.individual_case import asks_confirmation
from partnerskap.meetings.models import AgendaItem, Meeting, Notice
from partnerskap.meetings.selectors import item_shown
from partnerskap.meetings.services.agenda import (
    EDITABLE,
    OUTCOMES_BY_KIND,
    agenda_item_close,
    agenda_item_record_outcome,
    agenda_item_reopen,
    agenda_item_update,
    vote_record,
)
from partnerskap.people import policy

#: The fields a conflict compares, with their labels from the form.
COMPARED = ("title", "case_presentation", "recommendation")


def _item_for(request: HttpRequest, pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related(
            "meeting__partnership", "closed_session__legal_basis"
        ).prefetch_related("areas", "sdgs"),
        pk=pk,
        meeting__partnership__in=policy.partnerships_visible(request.user),
    )


def _edit_form(item: AgendaItem, data: Any = None) -> ItemEditForm:
    initial = {
        "title": item.title,
        "areas": list(item.areas.all()),
        "sdgs": list(item.sdgs.all()),
        "case_presentation": item.case_presentation,
        "recommendation": item.recommendation,
        "lock_version": item.lock_version,
    }
    return ItemEditForm(
        data, initial=initial, areas=areas_current(partnership=item.meeting.partnership)
    )


#: Votes are recorded at the meeting: after the notice, until the minutes are approved.
VOTING = (Meeting.Status.NOTICE_PUBLISHED, Meeting.Status.HELD)


def _parties(item: AgendaItem) -> list[Party]:
    """The parties that may vote on the day of the meeting (an ended party no longer votes)."""
    parties = item.meeting.partnership.parties.order_by("partnershipparty__position")
    return [p for p in parties if p.is_active_on(item.meeting.date)]


def _vote_form(item: AgendaItem, data: Any = None) -> VoteForm:
    return VoteForm(data, parties=_parties(item), prefix="vote")


def _outcome_form(item: AgendaItem, data: Any = None) -> ItemOutcomeForm:
    """The outcome form, offering only the outcomes that fit the item's kind (A9)."""
    initial = {"outcome": item.outcome, "outcome_text": item.outcome_text}
    form = ItemOutcomeForm(data, initial=initial, prefix="outcome")
    allowed = OUTCOMES_BY_KIND[item.kind]
    field = form.fields["outcome"]
    field.choices = [c for c in field.choices if c[0] in allowed]  # type: ignore[attr-defined]
    return form


def _render(
    request: HttpRequest,
    item: AgendaItem,
    *,
    edit: ItemEditForm | None = None,
    upload: DocumentUploadForm | None = None,
    vote: VoteForm | None = None,
    outcome: ItemOutcomeForm | None = None,
    reopen: ReopenForm | None = None,
    close: ItemCloseForm | None = None,
    conflict: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    partnership = item.meeting.partnership
    can_edit = policy.can_edit_partnership(request.user, partnership)
    shown = item_shown(user=request.user, item=item)
    can_read = shown.readable
    documents = documents_for(user=request.user, partnership=partnership, item=item)
    if shown.closed and shown.readable:
        exempt_access_record(
            user=request.user,
            target=item,
            surface=Surface.BACKOFFICE,
            label=shown.case_number,
            partnership_id=item.partnership_id,
            path=request.path,
        )
    context = {
        "item": shown,
        "meeting": item.meeting,
        "can_read": can_read,
        "can_edit": can_edit,
        "editable": can_edit and item.meeting.status in EDITABLE and not item.withdrawn,
        "edit_form": edit or _edit_form(item),
        "upload_form": upload or DocumentUploadForm(),
        "can_vote": can_edit and item.meeting.status in VOTING and not item.withdrawn,
        "vote_form": vote or _vote_form(item),
        "votes": item.votes.select_related("party") if can_read else [],
        "can_record_outcome": can_edit and item.meeting.status in VOTING and not item.withdrawn,
        "outcome_form": outcome or _outcome_form(item),
        "individual_case_reason": item.individual_case_reason if can_read else "",
        "proposal": getattr(item, "proposal", None) if can_read else None,
        "can_reopen": can_edit and shown.closed and item.meeting.status in EDITABLE,
        "reopen_form": reopen or ReopenForm(prefix="reopen"),
        "can_close": can_edit
        and not shown.closed
        and not item.withdrawn
        and item.meeting.status in EDITABLE,
        "close_form": close or ItemCloseForm(prefix="close"),
        "notice_published": Notice.objects.filter(meeting_id=item.meeting_id).exists(),
        "documents": documents,
        "conflict": conflict,
        "history": history_for(item) if can_read else [],
    }
    return render(request, "backoffice/items/detail.html", context, status=status)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _item_for(request, pk))


#: Changing an item, its documents and its votes: the parties' secretariats only.
editor_required = permission_required(
    policy.can_edit_partnership,
    load=_item_for,
    subject=lambda item: item.meeting.partnership,
    refusal=gettext_lazy("Only the parties' secretariats change agenda items."),
)


def _what_changed(item: AgendaItem, form: ItemEditForm) -> list[dict[str, str]]:
    """The fields whose saved value differs from what this user submitted."""
    current = item_saved(item=item)
    rows = []
    for name in COMPARED:
        saved = getattr(current, name)
        if saved != form.cleaned_data.get(name, ""):
            label = str(form.fields[name].label)
            rows.append({"field": label, "saved": saved, "yours": form.cleaned_data[name]})
    return rows


@login_required
@require_POST
@editor_required
def item_edit(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    form = _edit_form(item, request.POST)
    if not form.is_valid():
        return _render(request, item, edit=form, status=400)
    data = form.cleaned_data
    try:
        agenda_item_update(
            item=item,
            title=data["title"],
            areas=list(data["areas"]),
            sdgs=list(data["sdgs"]),
            case_presentation=data["case_presentation"],
            recommendation=data["recommendation"],
            expected_lock_version=data["lock_version"],
            actor=user_of(request.user),
        )
    except ConflictError as exc:
        conflict = _what_changed(item, form) if exc.code.endswith("changed_meanwhile") else None
        item = _item_for(request, item.pk)
        # Keep what the user typed; a second save, after reading what changed, overwrites.
        values = request.POST.copy()
        values["lock_version"] = str(item.lock_version)
        retry = _edit_form(item, values)
        retry.is_valid()
        retry.add_error(None, str(exc))
        return _render(request, item, edit=retry, conflict=conflict, status=refusal_status(exc))
    except DomainError as exc:
        return _render(request, item, edit=form, status=form_refusal(form, exc))
    messages.success(request, _("The item is saved."))
    return redirect("backoffice:item", pk=item.pk)


@login_required
@require_POST
@editor_required
def item_document_upload(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, item, upload=form, status=400)
    data = form.cleaned_data
    public_file = data["public_file"]
    try:
        document_upload(
            owner=item,
            title=data["title"],
            document_type=data["document_type"],
            document_date=data["document_date"],
            content=data["file"],
            filename=data["file"].name,
            legal_basis=data["legal_basis"],
            public_title=data["public_title"],
            public_content=public_file,
            public_filename=public_file.name if public_file else "",
            actor=user_of(request.user),
        )
    except DomainError as exc:
        return _render(request, item, upload=form, status=form_refusal(form, exc))
    messages.success(request, _("The document is attached."))
    return redirect("backoffice:item", pk=item.pk)


@login_required
@require_POST
@editor_required
def item_vote(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """Record how each party voted on one motion (L4: the votes go into the minutes)."""
    form = _vote_form(item, request.POST)
    if not form.is_valid():
        return _render(request, item, vote=form, status=400)
    try:
        with transaction.atomic():
            for party, choice in form.choices():
                vote_record(
                    item=item,
                    motion=form.cleaned_data["motion"],
                    party=party,
                    choice=choice,
                    actor=user_of(request.user),
                )
    except DomainError as exc:
        return _render(request, item, vote=form, status=form_refusal(form, exc))
    messages.success(request, _("The vote is recorded."))
    return redirect("backoffice:item", pk=item.pk)


@login_required
@require_POST
@editor_required
def item_outcome(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """Record what the meeting did with the item; a conclusion that reads as a decision in an
    individual case asks for a confirmation and a reason (A9), kept with the item."""
    form = _outcome_form(item, request.POST)
    if not form.is_valid():
        return _render(request, item, outcome=form, status=400)
    data = form.cleaned_data
    try:
        agenda_item_record_outcome(
            item=item,
            outcome=data["outcome"],
            outcome_text=data["outcome_text"],
            confirmed_reason=form.reason_confirmed(),
            actor=user_of(request.user),
        )
    except DomainError as exc:
        if asks_confirmation(exc):
            form.ask_confirmation(exc)
            status = refusal_status(exc)
        else:
            status = form_refusal(form, exc)
        return _render(request, _item_for(request, item.pk), outcome=form, status=status)
    messages.success(request, _("The outcome is recorded."))
    return redirect("backoffice:item", pk=item.pk)


@login_required
@require_POST
@editor_required
def item_close(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """Close the item to the public on a legal basis (L3)."""
    form = ItemCloseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _render(request, item, close=form, status=400)
    try:
        agenda_item_close(
            item=item,
            legal_basis=form.cleaned_data["legal_basis"],
            public_title=form.cleaned_data["public_title"],
            actor=user_of(request.user),
        )
    except DomainError as exc:
        return _render(request, item, close=form, status=form_refusal(form, exc))
    messages.success(request, _("The item is closed on its legal basis."))
    return redirect("backoffice:item", pk=item.pk)


@login_required
@require_POST
@editor_required
def item_reopen(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """Open a closed item to the public again (audited; a reason once the notice is out)."""
    form = ReopenForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return _render(request, item, reopen=form, status=400)
    try:
        agenda_item_reopen(
            item=item, reason=form.cleaned_data["reason"], actor=user_of(request.user)
        )
    except DomainError as exc:
        return _render(request, item, reopen=form, status=form_refusal(form, exc))
    messages.success(request, _("The item is open to the public again."))
    return redirect("backoffice:item", pk=item.pk)


urlpatterns = [
    path("saker/<id:pk>/", item_detail, name="item"),
    path("saker/<id:pk>/endre/", item_edit, name="item_edit"),
    path("saker/<id:pk>/dokumenter/", item_document_upload, name="item_document_upload"),
    path("saker/<id:pk>/stemmer/", item_vote, name="item_vote"),
    path("saker/<id:pk>/utfall/", item_outcome, name="item_outcome"),
    path("saker/<id:pk>/lukk/", item_close, name="item_close"),
    path("saker/<id:pk>/gjenapne/", item_reopen, name="item_reopen"),
]
