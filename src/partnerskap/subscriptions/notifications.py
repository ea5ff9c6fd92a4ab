"""What a subscriber receives (docs/notifications.md, «Public subscriptions»), sent by the jobs
in ``subscriptions.tasks``, once per subscription and thing (``core.mail.send_once``).

Only public content, read through the public selectors: a meeting of a public partnership
(``meetings_public``) whose agenda is public (``agenda_public``: a closed item shows its
neutral title and legal basis), the public minutes (``minutes_public``), a public proposal
(``proposals_public``) and its follow-ups. A meeting reaches an area's followers when its
public agenda has an open item in the area (``items_public_open``).

Each message is in the language the subscriber signed up in, links to the public page, and
carries RFC 8058's one-click unsubscribe headers. Keys name the subscription by id, never the
address (the key is logged when a send fails)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partnerskap.core.mail import send_once, site_url
from partnerskap.core.models import OutboundMessage
from partnerskap.core.time import local
from partnerskap.followup.models import DECIDED_STATUSES, FollowUp, FollowUpEvent
from partnerskap.followup.selectors import proposals_public
from partnerskap.meetings.models import Meeting, Notice
from partnerskap.meetings.public import agenda_is_public, items_public_open
from partnerskap.meetings.selectors import agenda_public, meetings_public, minutes_public
from partnerskap.subscriptions import tokens
from partnerskap.subscriptions.letters import Letter, Section
from partnerskap.subscriptions.models import Subscription

Topic = Subscription.Topic


def _link(language: str, name: str, **kwargs: object) -> str:
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs))


def followed_name(subscription: Subscription) -> str:
    if subscription.topic == Topic.AREA and subscription.area is not None:
        return f"{subscription.area.name} ({subscription.partnership.name})"
    if subscription.topic == Topic.PROPOSAL and subscription.proposal is not None:
        return subscription.proposal.title
    return subscription.partnership.name


def unsubscribe_url(subscription: Subscription) -> str:
    token = tokens.make(tokens.UNSUBSCRIBE, subscription.pk)
    return _link(subscription.language, "subscriptions:unsubscribe", token=token)


def _send(subscription: Subscription, *, key: str, subject: str, letter: Letter) -> None:
    url = unsubscribe_url(subscription)
    letter.footer.append(
        (
            _("You get this because you follow %(name)s. Unsubscribe with one click:")
            % {"name": followed_name(subscription)},
            url,
        )
    )
    send_once(
        key=key,
        to=subscription.email,
        subject=subject,
        body=letter.text(),
        html=letter.html(),
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


#: The most specific subscription of an address speaks for it (its unsubscribe link).
_SPECIFIC = {Topic.PROPOSAL: 0, Topic.AREA: 1, Topic.PARTNERSHIP: 2}


def _followers(
    *, partnership_id: int, area_ids: Iterable[int] = (), proposal_ids: Iterable[int] = ()
) -> list[Subscription]:
    """The confirmed subscriptions that follow the thing, one per address (an address that
    follows the partnership and one of its areas hears of a meeting once)."""
    found: dict[str, Subscription] = {}
    for subscription in sorted(
        _following(partnership_id, area_ids, proposal_ids),
        key=lambda s: (_SPECIFIC[Topic(s.topic)], s.pk),
    ):
        found.setdefault(subscription.address_key, subscription)
    return sorted(found.values(), key=lambda s: s.pk)


def _following(
    partnership_id: int, area_ids: Iterable[int], proposal_ids: Iterable[int]
) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(confirmed_at__isnull=False)
        .filter(
            Q(topic=Topic.PARTNERSHIP, partnership_id=partnership_id)
            | Q(topic=Topic.AREA, area_id__in=list(area_ids))
            | Q(topic=Topic.PROPOSAL, proposal_id__in=list(proposal_ids))
        )
        .select_related("partnership", "area", "proposal")
        .order_by("pk")
    )


# ---------------------------------------------------------------- confirmation


def confirmation(*, subscription_id: int, attempt: int) -> None:
    """The double opt-in: a link that confirms; nothing else goes out before it is used."""
    subscription = (
        Subscription.objects.select_related("partnership", "area", "proposal")
        .filter(pk=subscription_id, confirmed_at__isnull=True)
        .first()
    )
    if subscription is None:
        return
    language = subscription.language
    token = tokens.make(tokens.CONFIRM, subscription.pk)
    with translation.override(language):
        name = followed_name(subscription)
        subject = _("Confirm that you want to follow %(name)s") % {"name": name}
        letter = Letter(
            language,
            [
                _(
                    "Someone, probably you, asked to get an e-mail when there is news about "
                    "%(name)s on the partnership portal."
                )
                % {"name": name},
                _(
                    "If it was not you, do nothing: no more e-mail will be sent, and the "
                    "address is deleted within a week."
                ),
            ],
            footer=[
                (
                    _("Confirm the subscription (the link works for 7 days):"),
                    _link(language, "subscriptions:confirm", token=token),
                )
            ],
        )
        send_once(
            key=f"subscription-confirm:{subscription.pk}:{attempt}",
            to=subscription.email,
            subject=subject,
            body=letter.text(),
            html=letter.html(),
        )


# ---------------------------------------------------------------- meetings


def _meeting_areas(meeting: Meeting) -> set[int]:
    """The areas of the meeting's open public items (a closed item's areas are not public)."""
    return set(
        items_public_open(partnership=meeting.partnership)
        .filter(meeting=meeting)
        .exclude(areas=None)
        .values_list("areas", flat=True)
    )


def _meeting_lines(meeting: Meeting) -> list[str]:
    form = Meeting.Form(meeting.form).label
    return [
        _("Time: %(time)s") % {"time": f"{local(meeting.starts_at):%d.%m.%Y %H:%M}"},
        _("Place: %(place)s") % {"place": meeting.location or form},
    ]


def _agenda(meeting: Meeting, link: str) -> Section:
    lines = []
    for item in agenda_public(meeting=meeting):
        basis = f" ({item.legal_basis})" if item.closed else ""
        lines.append((f"{item.case_number} {item.title}{basis}", ""))
    lines.append((_("The meeting on the portal"), link))
    return Section(_("Agenda:"), lines)


def notice(*, notice_id: int) -> None:
    """A public notice published, or issued again after a change, to the meeting's followers."""
    found = Notice.objects.filter(pk=notice_id).values_list("meeting_id", "version").first()
    if found is None:
        return
    meeting = meetings_public().filter(pk=found[0]).first()
    if meeting is None or not agenda_is_public(meeting):
        return
    version = found[1]
    followers = _followers(partnership_id=meeting.partnership_id, area_ids=_meeting_areas(meeting))
    for subscription in followers:
        language = subscription.language
        link = _link(
            language, "portal:meeting", partnership=meeting.partnership.slug, pk=meeting.pk
        )
        with translation.override(language):
            if version > 1:
                subject = _("Changed notice: %(meeting)s") % {"meeting": meeting}
                opening = _("The notice of %(meeting)s has changed.") % {"meeting": meeting.title}
            else:
                subject = _("Notice: %(meeting)s") % {"meeting": meeting}
                opening = _("%(meeting)s is called.") % {"meeting": meeting.title}
            letter = Letter(language, [opening, *_meeting_lines(meeting)], [_agenda(meeting, link)])
            _send(
                subscription,
                key=f"subscription-notice:{notice_id}:v{version}:{subscription.pk}",
                subject=subject,
                letter=letter,
            )


def cancellation(*, meeting_id: int) -> None:
    """A meeting cancelled after its notice: every follower who got the notice hears it."""
    meeting = meetings_public().filter(pk=meeting_id, status=Meeting.Status.CANCELLED).first()
    if meeting is None or not hasattr(meeting, "notice"):
        return
    prefix = f"subscription-notice:{meeting.notice.pk}:"
    keys = OutboundMessage.objects.filter(key__startswith=prefix).exclude(sent_at=None)
    got = {int(key.rpartition(":")[2]) for key in keys.values_list("key", flat=True)}
    followers = Subscription.objects.filter(pk__in=got, confirmed_at__isnull=False)
    for subscription in followers.select_related("partnership", "area", "proposal"):
        language = subscription.language
        with translation.override(language):
            when = f"{local(meeting.starts_at):%d.%m.%Y %H:%M}"
            letter = Letter(
                language,
                [
                    _("%(meeting)s, %(time)s, is cancelled.")
                    % {"meeting": meeting.title, "time": when},
                    _("Reason: %(reason)s") % {"reason": meeting.status_reason},
                ],
            )
            _send(
                subscription,
                key=f"subscription-cancel:{meeting.pk}:{subscription.pk}",
                subject=_("Meeting cancelled: %(meeting)s") % {"meeting": meeting},
                letter=letter,
            )


def minutes(*, meeting_id: int, minutes_id: int) -> None:
    """Public minutes approved, to the meeting's followers."""
    meeting = meetings_public().filter(pk=meeting_id).first()
    if meeting is None or minutes_public(meeting=meeting) is None:
        return
    followers = _followers(partnership_id=meeting.partnership_id, area_ids=_meeting_areas(meeting))
    for subscription in followers:
        language = subscription.language
        link = _link(
            language, "portal:meeting", partnership=meeting.partnership.slug, pk=meeting.pk
        )
        with translation.override(language):
            letter = Letter(
                language,
                [
                    _("The minutes of %(meeting)s are approved and public.")
                    % {"meeting": meeting.title}
                ],
                footer=[(_("Read the minutes on the portal:"), link)],
            )
            _send(
                subscription,
                key=f"subscription-minutes:{minutes_id}:{subscription.pk}",
                subject=_("Minutes approved: %(meeting)s") % {"meeting": meeting},
                letter=letter,
            )


# ---------------------------------------------------------------- proposals


def outcome(*, proposal_id: int) -> None:
    """A body's decision on a public proposal, recorded after the subscriber confirmed, to
    the proposal's, its areas' and its partnership's followers (each decision once)."""
    proposal = proposals_public().filter(pk=proposal_id).first()
    if proposal is None:
        return
    decisions = list(
        FollowUpEvent.objects.filter(follow_up__proposal=proposal, status__in=DECIDED_STATUSES)
        .select_related("follow_up__elected_body")
        .order_by("recorded_at", "pk")
    )
    if not decisions:
        return
    area_ids = set(proposal.areas.values_list("pk", flat=True))
    followers = _followers(
        partnership_id=proposal.partnership_id, area_ids=area_ids, proposal_ids=[proposal.pk]
    )
    for subscription in followers:
        assert subscription.confirmed_at is not None
        since = subscription.confirmed_at
        for event in (e for e in decisions if e.recorded_at >= since):
            _outcome_send(
                subscription, proposal.partnership.slug, proposal_id, proposal.title, event
            )


def _outcome_send(
    subscription: Subscription, slug: str, proposal_id: int, title: str, event: FollowUpEvent
) -> None:
    language = subscription.language
    link = _link(language, "portal:proposal", partnership=slug, pk=proposal_id)
    body = event.follow_up.elected_body
    with translation.override(language):
        status = FollowUp.Status(event.status).label
        letter = Letter(
            language,
            [
                _("%(body)s has dealt with the proposal «%(proposal)s»: %(status)s.")
                % {"body": body.name, "proposal": title, "status": status}
            ],
            footer=[(_("The proposal and its follow-up on the portal:"), link)],
        )
        _send(
            subscription,
            key=f"subscription-outcome:{event.pk}:{subscription.pk}",
            subject=_("Decision on %(proposal)s") % {"proposal": title},
            letter=letter,
        )
