"""Does a text read as a decision in an individual case (A9)?

The partnership meeting cannot decide individual cases: it puts forward proposals that the
parties' elected bodies follow up. An outcome or proposal whose words read as such a decision
(a grant, an appointment, a permit, a named applicant) is not refused, since the words may
be quoted, conditional or addressed to a body; it is saved only once the secretariat has
confirmed it with a reason, and the reason is kept with it.

The signs are data (``SIGNS``): each names what kind of decision it points to and a regular
expression, in bokmål and nynorsk. Add a sign here, with a test, when a text slips through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerskap.core.errors import DomainError

#: What kind of individual decision a sign points to, as the warning names it.
KINDS = {
    "grant": gettext_lazy("a grant"),
    "appointment": gettext_lazy("an appointment"),
    "permit": gettext_lazy("a permit or dispensation"),
    "applicant": gettext_lazy("a named applicant"),
}


@dataclass(frozen=True)
class Sign:
    """One way a decision in an individual case shows in a text."""

    kind: str
    pattern: str


#: Case-insensitive unless a pattern says otherwise with a scoped flag; ``\b`` is Unicode-aware,
#: so «innvilgar» and «frå» match as words.
SIGNS: tuple[Sign, ...] = (
    # Grants: innvilger/innvilgar/innvilges/innvilgast/innvilget/innvilga, tildeler/tildelar…
    Sign("grant", r"\binnvilg(?:e|er|ar|es|ast|et|a|de|te)\b"),
    Sign("grant", r"\btildel(?:e|er|ar|es|ast|t|te|a|de)\b"),
    Sign("grant", r"\bbevilg(?:e|er|ar|es|ast|et|a)\b"),
    Sign("grant", r"\bløyv(?:er|ar|ast|es|de|d|t)\b"),
    # «tilskudd på 200 000 kr», «tilskot på kr 50 000», «støtte med 1 mill. kroner»
    Sign(
        "grant",
        r"\b(?:tilskudd|tilskuddet|tilskot|tilskotet|støtte|stønad|bevilgning|løyving)\b"
        r"[^\n]{0,60}?(?:\bkr\b|\bkroner\b|\bNOK\b)(?:\.?\s?\d(?:[\d\s.,]*\d)?)?",
    ),
    # Appointments: ansettes/tilsettes/tilsetjast, oppnevnes/oppnemnast, utnevnes/utnemnast
    Sign("appointment", r"\b(?:an|til)sett(?:e|er|es)\b"),
    Sign("appointment", r"\b(?:an|til)setj(?:e|ast)\b"),
    Sign("appointment", r"\b(?:an|til)satt som\b"),
    Sign("appointment", r"\b(?:opp|ut)nevn(?:e|er|es|t|te)\b"),
    Sign("appointment", r"\b(?:opp|ut)nemn(?:e|er|ast|d|de)\b"),
    # Permits: dispensasjon, tillatelse, løyve (nynorsk), konsesjon
    Sign("permit", r"\bdispensasjon(?:en|er|ar)?\b"),
    Sign("permit", r"\btillatelse(?:n|r)?\b"),
    Sign("permit", r"\bløyve(?:t)?\b"),
    Sign("permit", r"\bkonsesjon(?:en)?\b"),
    # A named applicant: «søknad fra Asker Idrettslag», «søknaden frå Bærum sokn»
    Sign(
        "applicant",
        r"\bsøknad(?:en|er|ar|ene|ane)?\s+(?:fra|frå)\s+(?-i:[A-ZÆØÅ])[\w.-]*",
    ),
)

_COMPILED = tuple((sign, re.compile(sign.pattern, re.IGNORECASE)) for sign in SIGNS)


@dataclass(frozen=True)
class Match:
    """Where a text reads as an individual decision: the words found and what they point to."""

    kind: str
    words: str

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def individual_case_signs(*texts: str) -> list[Match]:
    """The signs in ``texts`` that read as a decision in an individual case, in the order
    found, each wording once (empty: nothing to confirm)."""
    found: list[Match] = []
    seen: set[str] = set()
    for text in texts:
        for sign, regex in _COMPILED:
            for hit in regex.finditer(text or ""):
                words = " ".join(hit.group(0).split())
                if words.casefold() not in seen:
                    seen.add(words.casefold())
                    found.append(Match(sign.kind, words))
    return found


#: The last part of the code of the error that asks for a confirmation; forms look for it.
CONFIRMATION_CODE = "individual_case"


def asks_confirmation(exc: DomainError) -> bool:
    """Whether a refusal only asks to confirm, with a reason, that the text is no decision in
    an individual case (the form then shows the confirmation and the reason field)."""
    return exc.code.rsplit(".", 1)[-1] == CONFIRMATION_CODE


def individual_case_check(*, code: str, texts: tuple[str, ...], confirmed_reason: str) -> str:
    """The reason to keep with a text (A9): empty when the text reads as no individual
    decision; the confirmed reason when it does; without a reason, a ``DomainError`` with
    ``code`` (ending in ``CONFIRMATION_CODE``) that names the words found."""
    matches = individual_case_signs(*texts)
    if not matches:
        return ""
    reason = confirmed_reason.strip()
    if reason:
        return reason
    found = ", ".join(f"«{m.words}» ({m.kind_label})" for m in matches)
    raise DomainError(
        f"{code}.{CONFIRMATION_CODE}",
        _(
            "This reads as a decision in an individual case: %(found)s. The partnership "
            "meeting cannot decide individual cases; it puts forward proposals that the "
            "parties' elected bodies follow up. Rephrase it, or confirm that it is no such "
            "decision and say why."
        )
        % {"found": found},
        field="confirmed_reason",
    )
