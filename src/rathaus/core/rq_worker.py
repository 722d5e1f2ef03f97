"""The worker class of `rathaus rqworker` (settings: ``RQ["WORKER_CLASS"]``).

RQ forks a work horse for every job from a parent that has loaded Django and nothing a job
needs, so every horse imported WeasyPrint anew and built the template engines anew. In the
load benchmark (`bench.last`, py-spy on a worker) importing WeasyPrint was 58 % of the time
of a confirmation email's job. This worker loads both once, before its first fork; every
horse inherits them (copy-on-write) and keeps what the fork is for: a job that crashes or
leaks ends with its horse.
"""

from __future__ import annotations

import importlib
from typing import Any

from rq.worker import Worker as RqWorker

# What nearly every job of the outbox needs: the PDF renderer of receipts, the Antrag PDF
# and Bescheide.
VORAB = ("weasyprint",)


def vorab_laden() -> None:
    """Import `VORAB` and build the template engines (with their tag libraries)."""
    for modul in VORAB:
        importlib.import_module(modul)
    from django.template import engines

    engines.all()


class Worker(RqWorker):
    """RQ's forking worker that loads what the jobs need before it forks."""

    def work(self, *args: Any, **kwargs: Any) -> bool:
        vorab_laden()
        return super().work(*args, **kwargs)
