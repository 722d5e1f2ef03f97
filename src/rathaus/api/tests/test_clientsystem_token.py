"""Tokens of client systems at POST /api/v1/antraege/: expiry, rotation with an overlap,
revocation, and hostile Authorization headers. The clock moves through the service's
`now=` and the stored timestamps, never by sleeping."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rathaus.antraege import services
from rathaus.antraege.models import Antrag, Clientsystem
from rathaus.antraege.tests import helfer
from rathaus.api.antraege_metadaten import SCHEMA_DATEI
from rathaus.config.testdaten import geteilte_daten

from .test_antraege import _nichts_gespeichert, einreichung, post


@pytest.fixture
def welt(db, tmp_path: Path) -> helfer.Welt:
    geteilte_daten(SCHEMA_DATEI)  # the FIT-Connect metadata schema of every submission
    return helfer.welt(tmp_path)


def mit(token: str) -> APIClient:
    c = APIClient(HTTP_ACCEPT="application/json")
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return c


def neu(**kwargs) -> tuple[Clientsystem, str]:
    return services.clientsystem_create(
        name=kwargs.pop("name", "Onlinedienst"),
        scopes=["antraege:einreichen"],
        actor="test",
        **kwargs,
    )


def abgelehnt(antwort, *worte: str) -> None:
    assert antwort.status_code == 401, antwort.content
    assert antwort["WWW-Authenticate"] == 'Bearer realm="rathaus"'
    detail = antwort.json()["detail"]
    for wort in worte:
        assert wort in detail, detail


def test_new_token_expires_after_its_days_and_is_refused_with_a_clear_401(welt):
    client, token = neu(tage=30)
    assert timedelta(days=29) < client.gueltig_bis - timezone.now() <= timedelta(days=30)
    assert post(mit(token), einreichung(welt), key="vorher").status_code == 201
    Clientsystem.objects.filter(pk=client.pk).update(
        gueltig_bis=timezone.now() - timedelta(seconds=1)
    )
    abgelehnt(post(mit(token), einreichung(welt), key="danach"), "abgelaufen")
    assert Antrag.objects.count() == 1  # the refused one changed nothing


def test_rotated_token_old_one_works_during_the_overlap_only(welt):
    client, alt = neu()
    client, neu_token = services.clientsystem_token_rotate(
        clientsystem=client, actor="test", overlap_hours=2
    )
    assert neu_token != alt and neu_token.startswith("rh_")
    # During the overlap both work (the client switches without downtime).
    assert post(mit(alt), einreichung(welt), key="alt").status_code == 201
    assert post(mit(neu_token), einreichung(welt), key="neu").status_code == 201
    # The overlap ends: the old token is refused with the reason, the new one works on.
    Clientsystem.objects.filter(pk=client.pk).update(
        vorheriger_token_gueltig_bis=timezone.now() - timedelta(seconds=1)
    )
    abgelehnt(post(mit(alt), einreichung(welt), key="alt-2"), "ersetzt")
    assert post(mit(neu_token), einreichung(welt), key="neu-2").status_code == 201
    assert Antrag.objects.count() == 3


def test_rotation_in_the_past_has_no_overlap_left(welt):
    # Rotated 25 hours ago with the default overlap of 24 hours: the old token is over.
    client, alt = neu(now=timezone.now() - timedelta(hours=26))
    client, neu_token = services.clientsystem_token_rotate(
        clientsystem=client, actor="test", now=timezone.now() - timedelta(hours=25)
    )
    abgelehnt(post(mit(alt), einreichung(welt), key="alt"), "ersetzt")
    assert post(mit(neu_token), einreichung(welt), key="neu").status_code == 201


def test_revoked_token_is_refused_and_a_rotation_brings_a_working_one(welt):
    client, token = neu()
    services.clientsystem_token_revoke(clientsystem=client, actor="test")
    abgelehnt(post(mit(token), einreichung(welt)), "widerrufen")
    _nichts_gespeichert()
    client, neu_token = services.clientsystem_token_rotate(clientsystem=client, actor="test")
    abgelehnt(post(mit(token), einreichung(welt)))  # the revoked one gets no overlap
    assert post(mit(neu_token), einreichung(welt)).status_code == 201


def test_scheme_ignores_case(welt):
    _client, token = neu()
    c = APIClient(HTTP_ACCEPT="application/json")
    c.credentials(HTTP_AUTHORIZATION=f"bearer {token}")
    assert post(c, einreichung(welt)).status_code == 201


def test_missing_scope_is_403_naming_it_and_changes_nothing(welt):
    _client, token = services.clientsystem_create(name="Ohne", scopes=[], actor="test")
    antwort = post(mit(token), einreichung(welt))
    assert antwort.status_code == 403
    assert antwort.json()["fehlender_scope"] == "antraege:einreichen"
    assert "antraege:einreichen" in antwort.json()["detail"]
    _nichts_gespeichert()


def test_scopes_that_are_not_a_list_grant_nothing(welt):
    client, token = neu()
    Clientsystem.objects.filter(pk=client.pk).update(scopes="antraege:einreichen")
    assert post(mit(token), einreichung(welt)).status_code == 403
    _nichts_gespeichert()


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(lambda t: "Bearer rhm_" + t[3:], id="prefix-of-staff-tokens"),
        pytest.param(lambda t: "Bearer xx_" + t[3:], id="other-prefix"),
        pytest.param(lambda t: "Bearer " + t[:-1] + ("A" if t[-1] != "A" else "B"), id="tampered"),
        pytest.param(lambda t: "Bearer " + t + "x", id="appended"),
        pytest.param(lambda t: "Bearer " + t.upper(), id="case-changed"),
        pytest.param(lambda t: "Bearer ", id="empty"),
        pytest.param(lambda t: "Bearer", id="no-token"),
        pytest.param(lambda t: "Bearer rh_", id="prefix-only"),
        pytest.param(lambda t: "Bearer " + t + "A" * 100_000, id="very-long"),
        pytest.param(lambda t: "Bearer " + "rh_" + "A" * 197, id="long-but-allowed"),
        pytest.param(lambda t: "Basic " + t, id="other-scheme"),
        pytest.param(lambda t: f"Bearer {t} {t}", id="two-tokens"),
        pytest.param(lambda t: "Bearer " + t.replace("_", "\u200b_"), id="zero-width"),
    ],
)
def test_hostile_authorization_headers_are_401_and_change_nothing(welt, header):
    _client, token = neu()
    c = APIClient(HTTP_ACCEPT="application/json")
    c.credentials(HTTP_AUTHORIZATION=header(token))
    abgelehnt(post(c, einreichung(welt)))
    _nichts_gespeichert()


def test_schema_documents_expiry_and_rotation():
    import yaml

    antwort = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    schema = yaml.safe_load(antwort.content)
    beschreibung = schema["components"]["securitySchemes"]["clientsystemToken"]["description"]
    assert "365 Tage" in beschreibung and "24 Stunden" in beschreibung
