"""Every runtime dependency of pyproject.toml is used by the code: an unused one only adds
code that is installed, updated and attacked in production (django-oidc-provider was one)."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from rathaus.config import settings as modul

BASE_DIR = Path(modul.BASE_DIR)

# Used without an import of their own in the code, for the reason given.
OHNE_IMPORT = {
    "gunicorn": "the web server of the README (`gunicorn rathaus.config.wsgi`)",
    "psycopg": "Django's PostgreSQL driver, chosen by DATABASE_URL=postgres://…",
    "redis": "Django's RedisCache and django-rq, chosen by REDIS_URL",
    "xmlschema": "not used yet (the XSD checks use lxml); removal is still to be decided",
}


def _laufzeit_abhaengigkeiten() -> list[str]:
    projekt = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    return [canonicalize_name(Requirement(d).name) for d in projekt["dependencies"]]


def _module() -> dict[str, set[str]]:
    """Top-level modules per installed distribution."""
    module: dict[str, set[str]] = defaultdict(set)
    for name, verteilungen in packages_distributions().items():
        for verteilung in verteilungen:
            module[canonicalize_name(verteilung)].add(name)
    return module


def _benutzt(modul_name: str, quelltext: str) -> bool:
    m = re.escape(modul_name)
    # an import, or a dotted path in a setting ("storages.backends.s3.S3Storage", "axes")
    return bool(re.search(rf"(?m)^\s*(?:import|from)\s+{m}\b|[\"']{m}[.\"']", quelltext))


def test_no_unused_runtime_dependency():
    dateien = (BASE_DIR / "src" / "rathaus").rglob("*.py")
    quelltext = "\n".join(p.read_text() for p in dateien if "tests" not in p.parts)
    module = _module()
    abhaengigkeiten = _laufzeit_abhaengigkeiten()
    assert "django" in abhaengigkeiten and "mozilla-django-oidc" in abhaengigkeiten
    unbenutzt = [
        name
        for name in abhaengigkeiten
        if name not in OHNE_IMPORT
        and not any(_benutzt(m, quelltext) for m in module.get(name, {name.replace("-", "_")}))
    ]
    assert unbenutzt == []


def test_the_oidc_provider_library_is_gone():
    # the citizen login is a client (mozilla-django-oidc); the development provider is our own
    assert "django-oidc-provider" not in _laufzeit_abhaengigkeiten()
    assert 'name = "django-oidc-provider"' not in (BASE_DIR / "uv.lock").read_text()
