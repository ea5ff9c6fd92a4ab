"""Who may do what, derived from memberships (never from ad-hoc groups).

One place answers both «may this user do this to this object?» and «which rows may this user
see?»; the back office, the APIs and the portal ask here. Superusers (administrators) may do
everything.

- Both parties' secretariats edit the shared meeting data of their partnerships.
- A party's secretariat or case officer records only its own party's follow-ups (bodies of the
  party, or of the council's member municipalities), costs, allocations, guest invitations
  and signatures.
- Members, substitutes, the chair and deputy chair and the secretariats see their meetings'
  exempt content; nobody else does (``can_read_exempt``). Everyone who edits a partnership
  (``EDITING_ROLES``) is among them, so an editor's forms may show real titles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partnerskap.agreements import succession
from partnerskap.agreements.models import AgreementPart, ElectedBody, Partnership, Party
from partnerskap.core import time
from partnerskap.core.operators import is_operator
from partnerskap.people.models import Membership, Person, Role

AnyUser = User | AnonymousUser

EDITING_ROLES = (Role.SECRETARIAT,)
FOLLOW_UP_ROLES = (Role.SECRETARIAT, Role.CASE_OFFICER)
FINANCE_ROLES = (Role.SECRETARIAT, Role.CASE_OFFICER)
EXEMPT_READERS = (
    Role.CHAIR,
    Role.DEPUTY_CHAIR,
    Role.MEMBER,
    Role.SUBSTITUTE,
    Role.SECRETARIAT,
)


@dataclass(frozen=True)
class Grant:
    party_id: int
    role: str
    #: Set when the grant comes from succession (A1): a successor's role, held for the ceased
    #: party ``party_id`` from the day after its end, in the partnerships where it applies.
    acting: succession.Acting | None = None


def memberships_of(user: AnyUser, *, on: dt.date | None = None) -> QuerySet[Membership]:
    """The user's memberships valid on ``on`` (today by default)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    day = on or time.today()
    return Membership.objects.filter(person__user=user, valid_from__lte=day).exclude(
        valid_to__lt=day
    )


#: Where today's grants are kept on the user object, so a request reads them once.
_MEMO = "_partnerskap_grants"


def grants(user: AnyUser, *, on: dt.date | None = None) -> set[Grant]:
    """The user's (party, role) pairs on ``on``. Today's are read once per user object (one
    request: ``request.user`` is new for each), as a page asks several policy questions."""
    if on is not None or not user.is_authenticated:
        return _read_grants(user, on=on)
    day = time.today()
    memo = user.__dict__.get(_MEMO)
    if memo is None or memo[0] != day:
        memo = (day, frozenset(_read_grants(user, on=day)))
        user.__dict__[_MEMO] = memo
    return set(memo[1])


def _read_grants(user: AnyUser, *, on: dt.date | None) -> set[Grant]:
    """The user's own grants and, read in the same query, those its parties hold as the
    successors of ceased parties (A1; ``agreements.succession``)."""
    day = on or time.today()
    found: set[Grant] = set()
    acting: dict[str, set[succession.Acting]] = {}
    rows = memberships_of(user, on=day).values_list(
        "party_id", "role", *succession.MEMBERSHIP_FIELDS
    )
    for party_id, role, *row in rows:
        found.add(Grant(party_id, role))
        acting.setdefault(role, set()).update(succession.acting_from_row(tuple(row), on=day))
    for role, held in acting.items():
        if held:
            chain = succession.acting_further(held, on=day)
            found |= {Grant(a.predecessor_id, role, a) for a in chain}
    return found


def _party_ids(user: AnyUser, roles: tuple[str, ...]) -> set[int]:
    return {g.party_id for g in grants(user) if g.role in roles}


def _partnerships_of(user: AnyUser, roles: tuple[str, ...]) -> QuerySet[Partnership]:
    """The partnerships of the parties the user holds ``roles`` with, and those where its
    party acts for a ceased party (A1)."""
    held = [g for g in grants(user) if g.role in roles]
    q = Q(parties__in={g.party_id for g in held if g.acting is None})
    for g in held:
        if g.acting is not None:
            q |= g.acting.partnerships()
    return Partnership.objects.filter(q).distinct()


def _is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def partnerships_editable(user: AnyUser) -> QuerySet[Partnership]:
    """Partnerships whose shared meeting data the user may edit."""
    if _is_admin(user):
        return Partnership.objects.all()
    return _partnerships_of(user, EDITING_ROLES)


def can_edit_partnership(user: AnyUser, partnership: Partnership) -> bool:
    return partnerships_editable(user).filter(pk=partnership.pk).exists()


# Concluded partnerships: the record stays, the business stops. Once the agreement period has
# ended the partnership is read-only (A18): nobody plans in it (no new meetings, agenda items,
# guests or annual cycles, and no warnings about a plan nobody will make), sets up or reports on
# committees, proposes amendments, records costs, allocations or signatures. New business
# belongs in the partnership that continues it. What the period left behind stays possible: the
# parties' follow-up of proposals already sent, the minutes and outcomes of meetings held in the
# period, its evaluation, and its renewal. ``is_concluded`` is the one rule; every permission
# below that changes the running partnership asks it.


def is_concluded(partnership: Partnership, *, on: dt.date | None = None) -> bool:
    """Whether the partnership's period has ended on ``on`` (today by default): it is then
    read-only. The period decides, not ``status`` (which the demo and the operators set by
    hand), so a test or a user back in the period may work in it."""
    return partnership.period_end < (on or time.today())


def concluded_message(partnership: Partnership) -> str:
    """Why a concluded partnership is read-only, and what still may be done in it."""
    return _(
        "The partnership %(name)s ended on %(end)s and is now read-only. The parties' "
        "follow-up of proposals already sent, the minutes of meetings held in the period and "
        "the evaluation can still be recorded; new business belongs in the partnership that "
        "continues it."
    ) % {"name": partnership.name, "end": partnership.period_end.strftime("%d.%m.%Y")}


def partnerships_plannable(user: AnyUser) -> QuerySet[Partnership]:
    """Partnerships whose running business the user may change (``can_run``): those it edits,
    less the concluded ones."""
    return partnerships_editable(user).filter(period_end__gte=time.today())


def can_run(user: AnyUser, partnership: Partnership) -> bool:
    """Change the running partnership: plan meetings, add agenda items, invite guests, draft and
    adopt the annual cycle, set up, report on and dissolve committees, propose amendments. The
    partnership's secretariats, while the partnership has not concluded."""
    return not is_concluded(partnership) and can_edit_partnership(user, partnership)


#: Planning is running the partnership (``can_run``); the name the planning screens ask by.
can_plan = can_run


def _holds_for_in(
    user: AnyUser, party: Party, partnership: Partnership, roles: tuple[str, ...]
) -> bool:
    """Whether the user holds one of ``roles`` for ``party`` in ``partnership``: as the
    party's own people, or as its successor's where that succession applies in the
    partnership (A1: each successor of a split county acts only in its own council's
    partnerships, ``succession.Acting.partnerships``)."""
    if _is_admin(user):
        return True
    held = [g for g in grants(user) if g.role in roles and g.party_id == party.pk]
    if any(g.acting is None for g in held):
        return True
    return any(
        Partnership.objects.filter(g.acting.partnerships(), pk=partnership.pk).exists()
        for g in held
        if g.acting is not None
    )


def can_act_for_party_in(user: AnyUser, party: Party, partnership: Partnership) -> bool:
    """``can_act_for_party`` in one partnership: the party's own secretariat, or its
    successor's where the succession applies there (guest invitations, signatures)."""
    return _holds_for_in(user, party, partnership, EDITING_ROLES)


def can_record_finances_in(user: AnyUser, where: tuple[Partnership, Party]) -> bool:
    """Record ``party``'s costs and allocations in ``partnership`` (A15, A16): its own
    secretariat or case officers, or its successor's where the succession applies there,
    while the partnership has not concluded."""
    partnership, party = where
    return not is_concluded(partnership) and _holds_for_in(user, party, partnership, FINANCE_ROLES)


def can_sign(user: AnyUser, part: AgreementPart, partnership: Partnership, party: Party) -> bool:
    """Record ``party``'s signature on a version of ``part`` of ``partnership``'s agreement
    (A17): the party's own secretariat (``can_act_for_party``). A special part is read-only
    once its partnership has concluded; a county's general part is shared by several
    partnerships, and one of them ending does not close it."""
    if part.kind == AgreementPart.Kind.SPECIAL and is_concluded(partnership):
        return False
    return can_act_for_party_in(user, party, partnership)


def own_parties(user: AnyUser, roles: tuple[str, ...] = FOLLOW_UP_ROLES) -> set[int]:
    """The parties the user acts for in ``roles``, including a council for its member
    municipalities' case officers (a Bærum case officer answers for Bærum's bodies)."""
    ids = _party_ids(user, roles)
    councils = Party.objects.filter(pk__in=ids, council__isnull=False).values_list(
        "council_id", flat=True
    )
    return ids | set(councils)


def bodies_answerable(user: AnyUser) -> QuerySet[ElectedBody]:
    """Elected bodies whose follow-ups the user may record."""
    if _is_admin(user):
        return ElectedBody.objects.all()
    secretariat = _party_ids(user, (Role.SECRETARIAT,))
    officer = _party_ids(user, (Role.CASE_OFFICER,))
    return ElectedBody.objects.filter(
        Q(party__in=secretariat | officer) | Q(party__council__in=secretariat)
    )


def can_record_follow_up(user: AnyUser, body: ElectedBody) -> bool:
    return bodies_answerable(user).filter(pk=body.pk).exists()


def can_act_for_party(user: AnyUser, party: Party) -> bool:
    """Costs, allocations, guest invitations and signatures: only the party's own people."""
    return _is_admin(user) or party.pk in _party_ids(user, EDITING_ROLES)


def parties_acted_for(user: AnyUser, partnership: Partnership) -> QuerySet[Party]:
    """The partnership's parties the user acts for (``can_act_for_party_in``), in the
    partnership's order: the parties a form lets the user choose when inviting a guest."""
    parties = partnership.parties.order_by("partnershipparty__position")
    if _is_admin(user):
        return parties
    acted = [p.pk for p in parties if can_act_for_party_in(user, p, partnership)]
    return parties.filter(pk__in=acted)


def can_record_finances(user: AnyUser, party: Party) -> bool:
    """Costs and allocations (A15, A16): the party's own secretariat or case officers."""
    return _is_admin(user) or party.pk in _party_ids(user, FINANCE_ROLES)


def parties_manageable(user: AnyUser) -> QuerySet[Party]:
    """Parties whose people, memberships and elected bodies the user keeps: the party of the
    user's secretariat, and a council's member municipalities for the council's secretariat.
    The other party of a partnership sees them but does not change them."""
    if _is_admin(user):
        return Party.objects.all()
    own = _party_ids(user, EDITING_ROLES)
    return Party.objects.filter(Q(pk__in=own) | Q(council__in=own))


def can_manage_party(user: AnyUser, party: Party) -> bool:
    """People, memberships, substitutes' order and elected bodies of ``party``."""
    return parties_manageable(user).filter(pk=party.pk).exists()


def can_record_cease(user: AnyUser, party: Party) -> bool:
    """Record that a party ceases and who succeeds it (A1): whoever keeps the party
    (``parties_manageable``) and operators."""
    return is_operator(user) or can_manage_party(user, party)


def can_manage_places(user: AnyUser) -> bool:
    """Places (meeting locations) are shared by every partnership: any secretariat keeps them."""
    return _is_admin(user) or bool(_party_ids(user, EDITING_ROLES))


class InPartnership(Protocol):
    """Anything that belongs to one partnership: a meeting, an agenda item, a document…"""

    @property
    def partnership_id(self) -> int: ...


#: Where the ids of the partnerships whose exempt content the user reads are kept (per day).
_EXEMPT_MEMO = "_partnerskap_exempt"


def partnerships_exempt_readable(user: AnyUser) -> set[int]:
    """The partnerships whose closed and exempt content the user reads (L3, L8): those with a
    party where the user holds one of ``EXEMPT_READERS`` today. Read once per user object."""
    if not user.is_authenticated:
        return set()
    if _is_admin(user):
        return set(Partnership.objects.values_list("pk", flat=True))
    day = time.today()
    memo = user.__dict__.get(_EXEMPT_MEMO)
    if memo is None or memo[0] != day:
        readers = _party_ids(user, EXEMPT_READERS)
        ids = (
            frozenset(_partnerships_of(user, EXEMPT_READERS).values_list("pk", flat=True))
            if readers
            else frozenset()
        )
        memo = (day, ids)
        user.__dict__[_EXEMPT_MEMO] = memo
    return set(memo[1])


def can_read_exempt(user: AnyUser, where: Partnership | InPartnership) -> bool:
    """The one rule for closed and exempt content inside (L3, L8): members, substitutes, chair,
    deputy and secretariats of the partnership's parties (and administrators) read a closed
    item's real title, text and areas and an exempt document's title, file and text; nobody
    else does, on any page, e-mail, PDF, export or API response. ``where`` is the partnership
    or anything of it (a meeting, an item, a document)."""
    partnership_id = where.pk if isinstance(where, Partnership) else where.partnership_id
    return partnership_id in partnerships_exempt_readable(user)


def partnerships_visible(user: AnyUser) -> QuerySet[Partnership]:
    """Partnerships the user works in: any current role with one of its parties."""
    if _is_admin(user):
        return Partnership.objects.all()
    parties = {g.party_id for g in grants(user) if g.acting is None}
    councils = Party.objects.filter(pk__in=parties, council__isnull=False).values_list(
        "council_id", flat=True
    )
    q = Q(parties__in=parties | set(councils))
    for g in grants(user):
        if g.acting is not None:
            q |= g.acting.partnerships()
    return Partnership.objects.filter(q).distinct()


def personal_data_scope(user: AnyUser) -> frozenset[int] | None:
    """The partnerships whose people's personal data the user may export and erase (L10): the
    secretariats' own partnerships (``partnerships_editable``); ``None`` means every person
    and every partnership (operators and administrators). An empty set: nobody."""
    if _is_admin(user) or is_operator(user):
        return None
    return frozenset(partnerships_editable(user).values_list("pk", flat=True))


def persons_personal_data_manageable(user: AnyUser) -> QuerySet[Person]:
    """The people whose personal data the user may export and erase: anyone with a role (now
    or before) with a party of the user's partnerships, or with one of its member
    municipalities, or on one of its temporary committees; everyone for operators."""
    scope = personal_data_scope(user)
    if scope is None:
        return Person.objects.all()
    held = Membership.objects.filter(
        Q(party__partnerships__in=scope) | Q(party__council__partnerships__in=scope)
    )
    # Members of a temporary committee from outside the parties' roles (A11) hold no role.
    seated = Person.objects.filter(committeemembership__committee__partnership__in=scope)
    return Person.objects.filter(Q(pk__in=held.values("person")) | Q(pk__in=seated.values("pk")))


def can_manage_personal_data(user: AnyUser, person: Person | None = None) -> bool:
    """May the user export and erase personal data (of ``person``, when given)? Operators
    for everyone; a partnership's secretariat for the people of its partnership."""
    scope = personal_data_scope(user)
    if scope is None:
        return user.is_authenticated
    if not scope:
        return False
    return person is None or persons_personal_data_manageable(user).filter(pk=person.pk).exists()


def can_evaluate(user: AnyUser, partnership: Partnership) -> bool:
    """Write the evaluation of the agreement period, approve it for one's own party
    (``parties_acted_for``) and publish it: the partnership's secretariats. Also once the
    period has concluded: the evaluation is an account of the period, like its minutes."""
    return can_edit_partnership(user, partnership)


# ---------------------------------------------------------------------------- general part: A14


def counties_keeping_general_parts(user: AnyUser) -> QuerySet[Party]:
    """The counties whose general parts the user keeps: the county's own secretariat, and
    operators for every county."""
    counties = Party.objects.filter(kind=Party.Kind.COUNTY)
    if _is_admin(user) or is_operator(user):
        return counties
    return counties.filter(pk__in=_party_ids(user, EDITING_ROLES))


def can_manage_general_part(user: AnyUser, county: Party) -> bool:
    """Create and amend ``county``'s general part (A14) and choose it for a partnership."""
    return counties_keeping_general_parts(user).filter(pk=county.pk).exists()


# The view across partnerships: a county (or a council) with several partnerships sees their
# upcoming meetings, warnings and its bodies' work list on one page.

#: Who sees a party's view across its partnerships: its secretariat and case officers.
OVERVIEW_ROLES = (Role.SECRETARIAT, Role.CASE_OFFICER)


def parties_overseen(user: AnyUser) -> QuerySet[Party]:
    """The parties whose view across partnerships the user sees: those it acts for as
    secretariat or case officer (``own_parties``: a member municipality's case officer sees its
    council's) that are a party to at least one partnership. Administrators: every such party.
    Members, chairs and other parties' people see none."""
    parties = Party.objects.filter(partnerships__isnull=False).distinct()
    if _is_admin(user):
        return parties
    if not user.is_authenticated:
        return Party.objects.none()
    return parties.filter(pk__in=own_parties(user, OVERVIEW_ROLES))


def can_see_overview(user: AnyUser) -> bool:
    """Whether the back office links and shows the view across partnerships."""
    return parties_overseen(user).exists()


def can_renew(user: AnyUser, partnership: Partnership) -> bool:
    """Renew the partnership into a new period (A18): its parties' secretariats and operators,
    the same who edit it; a concluded partnership may still be renewed."""
    return can_edit_partnership(user, partnership)
