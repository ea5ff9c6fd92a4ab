"""Sign-in lockout (django-axes) per user name and per real client address.

Failures are counted per user name, whatever address they come from, and per client address
(``proxies.client_ip``: the real client, never a trusted proxy). A user name is locked after
``AXES_FAILURE_LIMIT`` failures; an address only after ``AXES_IP_FAILURE_LIMIT`` (higher), so
one person mistyping or one user name under attack does not lock out the colleagues who share
an office network or a proxy, while spraying many user names from one address still stops.
A successful sign-in clears only that user name's failures, so a colleague's success at the
same address does not lift someone else's lockout.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def _sum(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Failures measured against ``AXES_FAILURE_LIMIT``: the user name's own count, or
        the limit itself once the address has used up its larger allowance."""
        by_username, by_address = self.get_user_attempts(request, credentials)
        named = get_client_username(request, credentials) is not None
        failures = _sum(by_username) if named else 0
        if _sum(by_address) >= settings.AXES_IP_FAILURE_LIMIT:
            failures = max(failures, settings.AXES_FAILURE_LIMIT)
        return failures

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)
