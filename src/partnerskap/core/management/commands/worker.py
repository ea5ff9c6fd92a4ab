"""``partnerskap worker``: run background jobs (search indexing, PDFs, text extraction,
e-mail) until stopped. django-tasks-db's ``db_worker`` with our retries and the recovery of
jobs whose worker died (``partnerskap.core.worker``). Run one or more per machine; they share
the work through the database. ``--batch`` runs what is waiting, then exits.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from partnerskap.core.worker import Worker


class Command(db_worker.Command):
    help = "Run background jobs (indexing, PDFs, text extraction, e-mail) until stopped."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # All queues; a worker id that tells operators which machine and process ran a job.
        parser.set_defaults(queue_name="*", worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}")

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        level = logging.WARNING if verbosity == 0 else logging.INFO
        logging.getLogger("partnerskap.core.worker").setLevel(level)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
