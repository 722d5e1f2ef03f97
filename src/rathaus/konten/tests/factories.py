"""Test objects of the citizen accounts."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.contrib.sessions.backends.base import SessionBase
from django.test import Client

from rathaus.konten import services
from rathaus.konten.models import Buerger
from rathaus.konten.niveau import Vertrauensniveau
from rathaus.konten.services import Identitaet
from rathaus.konten.sitzung import sitzung_beginnen

_nummer = count(1)


def buerger_anlegen(
    vorname: str = "Jan",
    nachname: str = "Petersen",
    niveau: Vertrauensniveau = Vertrauensniveau.BASIS,
    **felder: object,
) -> Buerger:
    identitaet = Identitaet(
        aussteller="https://idp.example.org",
        sub=f"test-sub-{next(_nummer)}",
        vorname=vorname,
        nachname=nachname,
        geburtsdatum=date(1987, 3, 14),
        strasse="Ossenreyerstraße 12",
        postleitzahl="18439",
        ort="Stralsund",
        land="DE",
        **felder,  # type: ignore[arg-type]
    )
    return services.buerger_login(identitaet=identitaet, niveau=niveau)


def einloggen(
    client: Client,
    buerger: Buerger,
    niveau: Vertrauensniveau = Vertrauensniveau.BASIS,
    jetzt: float | None = None,
) -> SessionBase:
    """Log a citizen in as the OIDC callback would, with the session's level."""
    from django.utils import timezone

    client.force_login(buerger.user, backend="rathaus.konten.auth.BuergerOIDCBackend")
    session = client.session
    sitzung_beginnen(session, niveau=niveau, jetzt=jetzt or timezone.now().timestamp())
    session.save()
    return session
