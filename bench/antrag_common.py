"""Shared setup of the Antrag benchmarks: an own PostgreSQL database, migrated, with the
synthetic FIM form linked to a Leistung that has an office and an Aktenplan position."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:55433")


def datenbank_anlegen(name: str) -> dict[str, str]:
    """Drop and create database ``name``, migrate it; returns the environment to use."""
    import psycopg

    teile = urlsplit(PG)
    admin = urlunsplit(teile._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = dict(os.environ)
    env["DATABASE_URL"] = urlunsplit(teile._replace(path=f"/{name}"))
    env.setdefault("RATHAUS_DATA_DIR", tempfile.mkdtemp(prefix="rathaus-antrag-bench-"))
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["RATHAUS_LOG_LEVEL"] = "WARNING"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, "-m", "rathaus.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(env)
    return env


def datenbank_loeschen(name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin = urlunsplit(urlsplit(PG)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def welt_anlegen() -> int:
    """The form (id returned), in the database of the current environment."""
    import django

    django.setup()
    from rathaus.antraege.tests import helfer

    return helfer.welt(Path(tempfile.mkdtemp())).formular.pk
