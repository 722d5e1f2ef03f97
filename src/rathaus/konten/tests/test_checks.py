"""Deploy checks of the citizen login: a production installation names its identity
provider and the client secret it was given there."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks

pytestmark = pytest.mark.django_db


def _meldungen() -> dict[str, int]:
    return {m.id or "": m.level for m in checks.run_checks(include_deployment_checks=True)}


def test_without_any_identity_provider_citizens_cannot_log_in(settings: Any) -> None:
    settings.RATHAUS_DEV_IDP = False
    settings.RATHAUS_OIDC_ISSUER = ""
    assert _meldungen()["rathaus.E004"] == checks.ERROR


def test_a_real_issuer_needs_its_client_secret(settings: Any) -> None:
    settings.RATHAUS_DEV_IDP = False
    settings.RATHAUS_OIDC_ISSUER = "https://id.example.de/realms/buerger"
    settings.OIDC_RP_CLIENT_SECRET = ""
    meldungen = _meldungen()
    assert meldungen["rathaus.E005"] == checks.ERROR and "rathaus.E004" not in meldungen
    settings.OIDC_RP_CLIENT_SECRET = "vom-identitaetsanbieter-vergeben"
    meldungen = _meldungen()
    assert "rathaus.E004" not in meldungen and "rathaus.E005" not in meldungen


def test_the_development_provider_needs_neither(settings: Any) -> None:
    settings.RATHAUS_DEV_IDP = True
    settings.RATHAUS_OIDC_ISSUER = ""
    meldungen = _meldungen()
    assert "rathaus.E004" not in meldungen and "rathaus.E005" not in meldungen
