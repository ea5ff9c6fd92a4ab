"""The digest job: ``partnerskap digest`` queues it (run it daily from cron or a systemd
timer); run twice the same day, it sends nothing twice (``send_once``)."""

from __future__ import annotations

from partnerskap.core import time
from partnerskap.core.jobs import job
from partnerskap.reminders import notifications


@job()
def send_digests() -> int:
    return notifications.digests_send(today=time.today())
