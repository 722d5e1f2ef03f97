"""The worker of `rathaus rqworker` loads what every job needs before it forks the jobs'
work horses (rathaus.core.rq_worker)."""

from __future__ import annotations

import os
import subprocess
import sys

from rathaus.core import rq_worker

PRUEFEN = """
import sys
import django
django.setup()
from django.conf import settings
from django_rq.workers import get_worker_class
from django.template import engines

klasse = get_worker_class()
print(settings.RQ["WORKER_CLASS"], klasse.__module__ + "." + klasse.__name__)
vorher = "weasyprint" in sys.modules, len(engines._engines)
from rathaus.core.rq_worker import vorab_laden
vorab_laden()
print(vorher, ("weasyprint" in sys.modules, len(engines._engines)))
"""


def test_rqworker_uses_the_preloading_worker_and_it_loads_weasyprint_and_templates(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RATHAUS_", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "rathaus.config.settings",
        "RATHAUS_DATA_DIR": str(tmp_path),
        "RATHAUS_DEV_IDP": "1",
        # never reached: nothing here talks to Redis
        "REDIS_URL": "redis://127.0.0.1:9/0",
    }
    lauf = subprocess.run(
        [sys.executable, "-c", PRUEFEN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert lauf.returncode == 0, lauf.stderr
    zeilen = lauf.stdout.splitlines()
    assert zeilen[0].split() == ["rathaus.core.rq_worker.Worker"] * 2
    # a fresh process has neither; the worker's parent has both before it forks
    assert zeilen[1] == "(False, 0) (True, 1)"


def test_the_worker_is_rqs_forking_worker():
    from rq.worker import SimpleWorker
    from rq.worker import Worker as RqWorker

    assert issubclass(rq_worker.Worker, RqWorker)
    assert not issubclass(rq_worker.Worker, SimpleWorker)
    assert "weasyprint" in rq_worker.VORAB
