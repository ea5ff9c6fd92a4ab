"""Meetings in the back office: list, create, and one page to run a meeting from agenda to
minutes. Every action posts to ``meeting_action``, which checks the permission, validates the
form and calls one service; a broken rule comes back as a message next to the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerskap.agreements.models import ElectedBody, Partnership, Party
from partnerskap.agreements.selectors import areas_current
from partnerskap.backoffice import forms as bf
from partnerskap.backoffice.forms_items import confirmed_reason_of
from partnerskap.backoffice.forms_requests import meeting_initial
from partnerskap.backoffice.history import history_for
from partnerskap.backoffice.permissions import concluded_message, itself, permission_required
from partnerskap.backoffice.refusals import form_refusal, page_refusal
from partnerskap.backoffice.selectors import (
    bodies_of_partnership,
    meeting_people,
    meeting_request_open,
    meetings_listed,
    minutes_draft_of,
    present_people,
    proposals_of_meeting,
)
from partnerskap.backoffice.sorting import Column, Sorting
from partnerskap.core import time
from partnerskap.core.audit import user_of
from partnerskap.core.errors import ConflictError, DomainError
from partnerskap.core.params import int_param, year_param
from partnerskap.documents.pdf import minutes as minutes_pdf
from partnerskap.documents.pdf.language import document_language
from partnerskap.followup import services as followup
from partnerskap.meetings.models import AgendaItem, Meeting, Minutes
from partnerskap.meetings.selectors import items_shown
from partnerskap.meetings.selectors_forfall import (
    attendance_prefilled,
    forfall_overview,
    substitutes_called,
)
from partnerskap.meetings.services import agenda, attendance, chair, lifecycle, minutes
from partnerskap.people import policy
from partnerskap.people.policy import AnyUser

MEETINGS_PER_PAGE = 25
MINUTES_PAGE = "backoffice:meeting_minutes"
MEETING_COLUMNS = [
    Column("tittel", gettext_lazy("Meeting"), ("title",)),
    Column("tid", gettext_lazy("Time"), ("starts_at",)),
    Column("status", gettext_lazy("Status")),
    Column("innkalling", gettext_lazy("Notice"), ("notice__published_at",)),
]


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    partnerships = policy.partnerships_visible(request.user)
    sorting = Sorting(request, MEETING_COLUMNS, default="-tid")
    status = request.GET.get("status", "")
    year = request.GET.get("ar", "")
    query = request.GET.get("q", "").strip()
    meetings = sorting.apply(
        meetings_listed(
            partnerships=partnerships,
            status=status,
            year=year_param(request.GET, "ar"),
            query=query,
        )
    )
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "page": page,
        "sorting": sorting,
        "statuses": Meeting.Status.choices,
        "status": status,
        "year": year,
        "q": query,
        "can_plan": policy.partnerships_plannable(request.user).exists(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        # Search as you type: the results and, out of band, the count the screen reader hears.
        return render(request, "backoffice/_meeting_results.html", {**context, "oob": True})
    return render(request, "backoffice/meeting_list.html", context)


def _editable(request: HttpRequest) -> QuerySet[Partnership]:
    return policy.partnerships_plannable(request.user)


def _plans_any(_user: AnyUser, editable: QuerySet[Partnership]) -> bool:
    """Plan meetings: a party's secretariat, in the partnerships it edits that have not
    concluded (``policy.can_plan``)."""
    return editable.exists()


@login_required
@permission_required(
    _plans_any,
    load=_editable,
    subject=itself,
    refusal=gettext_lazy(
        "Only a party's secretariat can plan meetings, and only while the partnership's "
        "period lasts."
    ),
)
def meeting_create(request: HttpRequest, editable: QuerySet[Partnership]) -> HttpResponse:
    initial: dict[str, Any] = {}
    asked = meeting_request_open(partnerships=editable, pk=int_param(request.GET, "foresporsel"))
    if asked is not None:
        initial = meeting_initial(asked)  # planned «from this request», which it then closes
    form = bf.MeetingForm(request.POST or None, partnerships=editable, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = lifecycle.meeting_create(
                partnership=data["partnership"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                form=data["form"],
                request=data["request"],
                actor=user_of(request.user),
            )
        except DomainError as exc:
            # A refusing rule without a field of its own goes to the top of the form.
            status = form_refusal(form, exc)
            return render(request, "backoffice/meeting_form.html", {"form": form}, status=status)
        messages.success(request, _("The meeting is planned."))
        return redirect("backoffice:meeting", pk=meeting.pk)
    return render(request, "backoffice/meeting_form.html", {"form": form})


def _forms(
    meeting: Meeting, data: Any = None, only: str = "", user: AnyUser | None = None
) -> dict[str, forms.Form]:
    """The forms of the meeting page; the posted one is bound to ``data``. A guest is invited
    only on behalf of the ``user``'s own parties (A13)."""
    parties = (
        policy.parties_acted_for(user, meeting.partnership)
        if user is not None
        else Party.objects.none()
    )
    people = meeting_people(meeting=meeting)
    delegates, substitutes, absent = people.delegates, people.substitutes, people.absent
    attending = people.attending
    makers: dict[str, Callable[[Any], forms.Form]] = {
        "add_item": lambda d: bf.ItemForm(d, areas=areas_current(partnership=meeting.partnership)),
        "absence": lambda d: bf.AbsenceForm(d, people=delegates),
        "substitute": lambda d: bf.SubstituteForm(d, substitutes=substitutes, absent=absent),
        "guest": lambda d: bf.GuestForm(d, parties=parties),
        "attendance": lambda d: bf.AttendanceForm(
            d,
            people=attending,
            initial={"present": lambda: attendance_prefilled(meeting=meeting)},  # when shown
            labels=substitutes_called(meeting=meeting),
        ),
        "cancel": lambda d: bf.ReasonForm(d, prefix="cancel"),
        "postpone": lambda d: bf.ReasonForm(d, prefix="postpone"),
        "edit": lambda d: bf.MeetingEditForm(
            d,
            prefix="edit",
            initial={
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "location": meeting.location_id,
                "form": meeting.form,
            },
        ),
        "elect_chair": lambda d: bf.ElectChairForm(
            d, people=present_people(meeting=meeting), prefix="chair"
        ),
        "correct_minutes": lambda d: bf.ReasonForm(d, prefix="correct"),
    }
    return {name: make(data if name == only else None) for name, make in makers.items()}


@dataclass(frozen=True)
class Action:
    form: str | None
    run: Callable[[Meeting, dict[str, Any], Any], object]
    done: Any  # a lazily translated message
    page: str = "backoffice:meeting"  # where the action is posted from, and the user goes back


def _item(meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=data["item"], meeting=meeting)


def _move(meeting: Meeting, data: dict[str, Any], actor: Any) -> None:
    order = list(meeting.items.order_by("position", "number").values_list("pk", flat=True))
    i = order.index(_item(meeting, data).pk)
    j = i - 1 if data["direction"] == "up" else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
    agenda.agenda_reorder(meeting=meeting, item_ids=order, actor=actor)


def _attendance(meeting: Meeting, data: dict[str, Any], actor: Any) -> None:
    """Everyone listed on the form: ticked present, the rest not present."""
    listed = _forms(meeting)["attendance"].fields["present"].queryset  # type: ignore[attr-defined]
    chosen = set(data["present"])
    attendance.attendance_record(
        meeting=meeting, present={p: p in chosen for p in listed}, actor=actor
    )


def _propose(meeting: Meeting, data: dict[str, Any], actor: Any) -> None:
    followup.proposal_create(
        item=_item(meeting, data),
        title=data["title"],
        text=data["text"],
        bodies=list(data["bodies"]),
        sent_on=data["sent_on"],
        confirmed_reason=confirmed_reason_of(data),
        actor=actor,
    )


def _approve(meeting: Meeting, _data: dict[str, Any], actor: Any) -> None:
    """Approve the draft the user has read (L4): there must be one."""
    draft = minutes_draft_of(meeting=meeting)
    if draft is None:
        raise ConflictError(
            "meetings.minutes.no_draft",
            _("There is no draft to approve; generate the draft minutes and read them first."),
        )
    minutes.minutes_approve(minutes=draft, actor=actor)


ITEM_FORMS: dict[str, type[forms.Form]] = {
    "close": bf.CloseForm,
    "outcome": bf.OutcomeForm,
    "move": bf.MoveForm,
    "withdraw": bf.MoveForm,
}

ACTIONS: dict[str, Action] = {
    "publish_notice": Action(
        None,
        lambda m, d, a: lifecycle.meeting_publish_notice(meeting=m, actor=a),
        gettext_lazy("The notice is published."),
    ),
    "record_held": Action(
        None,
        lambda m, d, a: lifecycle.meeting_record_held(meeting=m, actor=a),
        gettext_lazy("The meeting is recorded as held."),
    ),
    "draft_minutes": Action(
        None,
        lambda m, d, a: minutes.minutes_draft(meeting=m, actor=a),
        gettext_lazy("Draft minutes generated from the records; read them before approving."),
        page=MINUTES_PAGE,
    ),
    "approve_minutes": Action(
        None, _approve, gettext_lazy("The minutes are approved."), page=MINUTES_PAGE
    ),
    "correct_minutes": Action(
        "correct_minutes",
        lambda m, d, a: minutes.minutes_correct(meeting=m, reason=d["reason"], actor=a),
        gettext_lazy(
            "A corrected draft is made; correct the records, generate it again, and approve it."
        ),
        page=MINUTES_PAGE,
    ),
    "edit": Action(
        "edit",
        lambda m, d, a: lifecycle.meeting_reschedule(
            meeting=m,
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            location=d["location"],
            form=d["form"],
            reason=d["reason"],
            actor=a,
        ),
        gettext_lazy("The meeting is changed."),
    ),
    "cancel": Action(
        "cancel",
        lambda m, d, a: lifecycle.meeting_cancel(meeting=m, reason=d["reason"], actor=a),
        gettext_lazy("The meeting is cancelled."),
    ),
    "postpone": Action(
        "postpone",
        lambda m, d, a: lifecycle.meeting_postpone(meeting=m, reason=d["reason"], actor=a),
        gettext_lazy("The meeting is postponed."),
    ),
    "add_item": Action(
        "add_item",
        lambda m, d, a: agenda.agenda_item_add(
            meeting=m,
            kind=d["kind"],
            title=d["title"],
            areas=list(d["areas"]),
            sdgs=d["sdgs"],
            case_presentation=d["case_presentation"],
            recommendation=d["recommendation"],
            procedural_subject=d["procedural_subject"]
            if d["kind"] == AgendaItem.Kind.PROCEDURAL
            else "",
            actor=a,
        ),
        gettext_lazy("The item is on the agenda."),
    ),
    "absence": Action(
        "absence",
        lambda m, d, a: attendance.absence_register(
            meeting=m, person=d["person"], reason=d["reason"], actor=a
        ),
        gettext_lazy("The absence is registered."),
    ),
    "substitute": Action(
        "substitute",
        lambda m, d, a: attendance.substitute_call_in(
            meeting=m, substitute=d["substitute"], for_person=d["for_person"], actor=a
        ),
        gettext_lazy("The substitute is called in."),
    ),
    "guest": Action(
        "guest",
        lambda m, d, a: attendance.guest_invite(
            meeting=m,
            inviting_party=d["inviting_party"],
            guest_name=d["guest_name"],
            guest_role=d["guest_role"],
            guest_kind=d["guest_kind"],
            guest_email=d["guest_email"],
            actor=a,
        ),
        gettext_lazy("The guest is invited and the other party told."),
    ),
    "attendance": Action("attendance", _attendance, gettext_lazy("Attendance is recorded.")),
    "elect_chair": Action(
        "elect_chair",
        lambda m, d, a: chair.meeting_elect_chair(meeting=m, person=d["person"], actor=a),
        gettext_lazy("The elected chair is recorded."),
    ),
    "close": Action(
        "close",
        lambda m, d, a: agenda.agenda_item_close(
            item=_item(m, d), legal_basis=d["legal_basis"], public_title=d["public_title"], actor=a
        ),
        gettext_lazy("The item is closed on its legal basis."),
    ),
    "outcome": Action(
        "outcome",
        lambda m, d, a: agenda.agenda_item_record_outcome(
            item=_item(m, d),
            outcome=d["outcome"],
            outcome_text=d["outcome_text"],
            confirmed_reason=confirmed_reason_of(d),
            actor=a,
        ),
        gettext_lazy("The outcome is recorded."),
    ),
    "move": Action("move", _move, gettext_lazy("The agenda is reordered.")),
    "propose": Action("propose", _propose, gettext_lazy("The proposal is sent to the bodies.")),
    "withdraw": Action(
        "withdraw",
        lambda m, d, a: agenda.agenda_item_withdraw(item=_item(m, d), actor=a),
        gettext_lazy("The item is withdrawn; its number is not reused."),
    ),
}


#: Actions that plan (``policy.can_plan``): refused in a concluded partnership, whose held
#: meetings still get their outcomes, minutes and proposals' follow-up. (``edit``, changing a
#: planned meeting's time, place and form, is the meeting slice's action.)
PLANNING_ACTIONS = frozenset({"publish_notice", "add_item", "guest", "edit"})


def _bodies(meeting: Meeting) -> QuerySet[ElectedBody]:
    return bodies_of_partnership(partnership=meeting.partnership)


#: The steps of a meeting, in order, with the forms each holds (``failed``: the step whose
#: form came back with errors opens).
STEPS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("prepare", gettext_lazy("Prepare"), ("add_item", "guest")),
    ("notice", gettext_lazy("Notice"), ("edit", "cancel", "postpone")),
    ("meeting", gettext_lazy("Meeting"), ("absence", "substitute", "attendance", "elect_chair")),
    ("minutes", gettext_lazy("Minutes"), ("correct_minutes",)),
    ("follow-up", gettext_lazy("Follow-up"), ()),
]

#: The step a meeting is at, by its status.
CURRENT_STEP: dict[str, str] = {
    Meeting.Status.PLANNED: "prepare",
    Meeting.Status.POSTPONED: "notice",
    Meeting.Status.NOTICE_PUBLISHED: "meeting",
    Meeting.Status.HELD: "minutes",
    Meeting.Status.MINUTES_APPROVED: "follow-up",
    Meeting.Status.CANCELLED: "",
}


def _steps(meeting: Meeting, *, has_items: bool, failed: str | None) -> list[dict[str, Any]]:
    current = CURRENT_STEP[meeting.status]
    if current == "prepare" and has_items:
        current = "notice"  # an agenda to publish
    opened = next((slug for slug, _label, held in STEPS if failed in held), current)
    return [
        {"slug": slug, "label": label, "current": slug == current, "open": slug == opened}
        for slug, label, _held in STEPS
    ]


def _context(
    meeting: Meeting,
    request: HttpRequest,
    bound: dict[str, forms.Form] | None = None,
    failed: str | None = None,
) -> dict[str, Any]:
    # Each item as this user may see it: a closed item's real title, text and areas only for
    # readers of the partnership's exempt content (L3); the rest get its public form.
    items = items_shown(
        user=request.user,
        items=meeting.items.select_related("closed_session__legal_basis")
        .prefetch_related("areas")
        .order_by("position", "number"),
    )
    page_forms = bound or _forms(meeting, user=request.user)
    before_held = meeting.status in (Meeting.Status.PLANNED, Meeting.Status.NOTICE_PUBLISHED)
    proposals = {p.item_id: p for p in proposals_of_meeting(meeting=meeting)}
    return {
        "meeting": meeting,
        "items": items,
        "forms": page_forms,
        "steps": _steps(meeting, has_items=any(not i.withdrawn for i in items), failed=failed),
        # Rendered once per agenda item; their model choices are loaded once (bf.Loaded…).
        "item_forms": {
            "close": bf.CloseForm(),
            "outcome": bf.OutcomeForm(),
            "propose": bf.ProposalForm(bodies=_bodies(meeting), initial={"sent_on": time.today()}),
        },
        "proposals": proposals,
        "notice": getattr(meeting, "notice", None),
        "absences": meeting.absences.select_related("person", "party"),
        # Forfall by link, substitutes asked per seat, declared disqualification (issue 18).
        "forfall": forfall_overview(meeting=meeting),
        "attendances": meeting.attendances.select_related("person", "party", "substitute_for"),
        "guests": meeting.guests.select_related("inviting_party"),
        "minutes": meeting.minutes.order_by("-version"),
        # Who will chair (A8, L6), while it can still change.
        "chair_now": chair.meeting_chair(meeting=meeting) if before_held else None,
        "started": meeting.starts_at <= time.now(),
        "history": history_for(meeting),
        "can_edit": policy.can_edit_partnership(request.user, meeting.partnership),
        "can_plan": policy.can_plan(request.user, meeting.partnership),
        "can_read_exempt": policy.can_read_exempt(request.user, meeting.partnership),
    }


def _meeting_for(request: HttpRequest, pk: int, *related: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("partnership", "location", *related),
        pk=pk,
        partnership__in=policy.partnerships_visible(request.user),
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk, "notice")  # not for actions: a service may add one
    return render(request, "backoffice/meeting_detail.html", _context(meeting, request))


def _minutes_shown(meeting: Meeting, request: HttpRequest) -> tuple[Minutes | None, Any]:
    """The draft waiting for approval, else the latest approved version, with the context the
    minutes PDF is rendered from (the members' variant for readers of exempt content)."""
    shown = minutes_draft_of(meeting=meeting) or meeting.minutes.order_by("-version").first()
    if shown is None:
        return None, None
    public = dict(shown.content.get("public", {}))
    public.update(
        version=shown.version,
        approved_at=shown.approved_at,
        correction_reason=shown.correction_reason,
        draft=shown.status == Minutes.Status.DRAFT,
    )
    internal = (
        shown.content.get("internal") or {}
        if policy.can_read_exempt(request.user, meeting.partnership)
        else None
    )
    context = minutes_pdf.minutes_context(
        public,
        partnership=meeting.partnership.name,
        internal=internal,
        language=document_language(meeting.partnership),
    )
    return shown, context


def _minutes_page(
    meeting: Meeting, request: HttpRequest, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    shown, document = _minutes_shown(meeting, request)
    page_forms = bound or _forms(meeting)
    return {
        "meeting": meeting,
        "shown": shown,
        "doc": document,
        "versions": meeting.minutes.order_by("-version"),
        "correct_form": page_forms["correct_minutes"],
        "can_edit": policy.can_edit_partnership(request.user, meeting.partnership),
    }


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as they stand: the draft, readable (and correctable through the records)
    before it is approved, or the latest approved version."""
    meeting = _meeting_for(request, pk)
    return render(request, "backoffice/meeting_minutes.html", _minutes_page(meeting, request))


@login_required
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes shown on ``meeting_minutes`` as a PDF, rendered now: a draft is no document
    of the archive yet (approved minutes are stored as documents by a job)."""
    meeting = _meeting_for(request, pk)
    shown, document = _minutes_shown(meeting, request)
    if shown is None:
        raise Http404(_("This meeting has no minutes yet."))
    from partnerskap.documents.pdf.render import render_pdf  # noqa: PLC0415 - slow import

    pdf = render_pdf(minutes_pdf.TEMPLATE, document)
    filename = minutes_pdf.minutes_filename(
        day=meeting.date,
        version=shown.version,
        draft=shown.status == Minutes.Status.DRAFT,
        language=document["doc"]["language"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Posted:
    """An action posted to a meeting."""

    meeting: Meeting
    spec: Action


def _meeting_acted_on(request: HttpRequest, pk: int, action: str) -> Posted:
    """The meeting an action is posted to; an action not in ``ACTIONS`` is refused."""
    meeting = _meeting_for(request, pk)
    if action not in ACTIONS:
        raise PermissionDenied(_("Unknown action."))
    if action in PLANNING_ACTIONS and policy.is_concluded(meeting.partnership):
        raise PermissionDenied(concluded_message(meeting.partnership))
    return Posted(meeting, ACTIONS[action])


@login_required
@require_POST
@permission_required(
    policy.can_edit_partnership,
    load=_meeting_acted_on,
    subject=lambda posted: posted.meeting.partnership,
    refusal=gettext_lazy("Only the parties' secretariats can change this meeting."),
)
def meeting_action(request: HttpRequest, posted: Posted) -> HttpResponse:
    meeting, spec = posted.meeting, posted.spec
    data: dict[str, Any] = {}
    bound: dict[str, forms.Form] = {}
    if spec.form is not None:
        form: forms.Form
        if spec.form == "propose":
            form = bf.ProposalForm(request.POST, bodies=_bodies(meeting))
            bound = _forms(meeting, user=request.user)
        elif spec.form in ITEM_FORMS:
            form = ITEM_FORMS[spec.form](request.POST)
            bound = _forms(meeting, user=request.user)
        else:
            bound = _forms(meeting, request.POST, only=spec.form, user=request.user)
            form = bound[spec.form]
        if not form.is_valid():
            messages.error(request, _("Check the form: the fields marked below need fixing."))
            return _refused(request, posted, bound, status=400)
        data = form.cleaned_data
    try:
        spec.run(meeting, data, user_of(request.user))
    except DomainError as exc:
        if spec.form in bound:
            form_refusal(bound[spec.form], exc)
        return _refused(request, posted, bound, status=page_refusal(request, exc))
    messages.success(request, str(spec.done))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "backoffice/_agenda.html", _context(meeting, request))
    return redirect(spec.page, pk=meeting.pk)


def _refused(
    request: HttpRequest, posted: Posted, bound: dict[str, forms.Form], *, status: int
) -> HttpResponse:
    """The page the action was posted from again, with the posted form and its errors."""
    meeting = Meeting.objects.select_related("partnership", "location", "notice").get(
        pk=posted.meeting.pk
    )  # as saved: a refused service may have changed the object in memory
    if posted.spec.page == MINUTES_PAGE:
        context = _minutes_page(meeting, request, bound or None)
        return render(request, "backoffice/meeting_minutes.html", context, status=status)
    context = _context(meeting, request, bound or None, failed=posted.spec.form)
    return render(request, "backoffice/meeting_detail.html", context, status=status)
