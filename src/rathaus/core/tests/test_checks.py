"""Deploy checks of the core: the public development SECRET_KEY is an error in production."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

pytestmark = pytest.mark.django_db


def _meldungen() -> dict[str, int]:
    return {m.id or "": m.level for m in checks.run_checks(include_deployment_checks=True)}


def test_the_public_development_key_is_an_error_outside_development(settings: Any) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert _meldungen()["rathaus.E002"] == checks.ERROR
    with pytest.raises(SystemCheckError, match=r"(?s)\(rathaus\.E002\) .*RATHAUS_SECRET_KEY"):
        call_command("check", deploy=True, stdout=StringIO(), stderr=StringIO())


def test_an_own_key_or_development_passes(settings: Any) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = "eigener-schluessel-" + "k7Qx" * 12
    assert "rathaus.E002" not in _meldungen()
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.DEBUG = True
    assert "rathaus.E002" not in _meldungen()
