"""The built-in providers of «what is held» (see ``registry``): people and their roles, the
meetings' attendance, absence, votes and guests, committees, the mail log, the audit log and
the sign-in data (login, single sign-on identities, API tokens, two-factor devices).

What stays after an erasure stays for a reason the page and docs/privacy.md give: approved
minutes and votes are the public record (L4) and the archive keeps them (L9), so names in them
are kept; the audit log is the evidence of who did what (GDPR art. 5 (2)).
"""

from __future__ import annotations

from partnerskap.privacy.providers.accounts import (
    ApiTokenProvider,
    LoginProvider,
    SignInProvider,
    TwoFactorProvider,
)
from partnerskap.privacy.providers.base import (
    ERASED_ADDRESS,
    ERASED_LOGIN,
    ERASED_REASON,
    GUEST_PSEUDONYM,
)
from partnerskap.privacy.providers.forfall import DisqualificationProvider
from partnerskap.privacy.providers.meetings import (
    AbsenceProvider,
    AttendanceProvider,
    GuestProvider,
    VoteProvider,
)
from partnerskap.privacy.providers.people import (
    CommitteeProvider,
    MembershipProvider,
    PersonProvider,
)
from partnerskap.privacy.providers.records import AuditProvider, MailProvider
from partnerskap.privacy.registry import register

for _provider in (
    PersonProvider(),
    MembershipProvider(),
    CommitteeProvider(),
    AttendanceProvider(),
    AbsenceProvider(),
    DisqualificationProvider(),
    VoteProvider(),
    GuestProvider(),
    MailProvider(),
    SignInProvider(),
    ApiTokenProvider(),
    TwoFactorProvider(),
    LoginProvider(),
    AuditProvider(),
):
    register(_provider)

__all__ = ["ERASED_ADDRESS", "ERASED_LOGIN", "ERASED_REASON", "GUEST_PSEUDONYM"]
