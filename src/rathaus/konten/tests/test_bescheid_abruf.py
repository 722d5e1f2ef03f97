"""Download of a Bescheid from the Postfach: only its recipient, as a never-cached
attachment, the first download recorded; everyone else gets 404 and changes nothing."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.test import Client

from rathaus.akten.models import Version
from rathaus.core.models import Protokoll
from rathaus.core.services import SYSTEM
from rathaus.konten import services
from rathaus.konten.models import Buerger
from rathaus.konten.niveau import Vertrauensniveau
from rathaus.verfahren.models import Bescheid
from rathaus.verfahren.tests import bescheid_helfer as h
from rathaus.verfahren.tests import factories as f

from .factories import buerger_anlegen, einloggen

pytestmark = pytest.mark.django_db


@pytest.fixture
def welt() -> dict[str, Any]:
    team = h.team()
    a = h.buerger()
    b = buerger_anlegen("Jan", "Petersen")
    verfahren = h.entscheiden(f.verfahren(team.oe, buerger=a), team)
    bescheid = Bescheid.objects.select_related("postfachnachricht").get(verfahren=verfahren)
    ohne = services.postfachnachricht_create(
        empfaenger=a, betreff="Nur Text", text="Ohne Dokument.", actor=SYSTEM
    )
    return {"a": a, "b": b, "bescheid": bescheid, "ohne": ohne}


def _client(buerger: Buerger | None = None) -> Client:
    client = Client()
    if buerger is not None:
        einloggen(client, buerger, Vertrauensniveau.SUBSTANTIELL)
    return client


def _url(nachricht_pk: int, sprache: str = "") -> str:
    return f"{sprache}/konto/postfach/{nachricht_pk}/dokument/"


def _abrufe() -> tuple[int, int]:
    return (
        Protokoll.objects.filter(aktion="verfahren.bescheid.abgerufen").count(),
        Protokoll.objects.filter(aktion="postfachnachricht.dokument.abruf").count(),
    )


def test_recipient_downloads_the_pdf_once_recorded(welt: dict[str, Any]) -> None:
    bescheid: Bescheid = welt["bescheid"]
    client = _client(welt["a"])
    antwort = client.get(_url(bescheid.postfachnachricht_id))
    assert antwort.status_code == 200
    inhalt = b"".join(antwort.streaming_content)
    assert inhalt.startswith(b"%PDF-") and hashlib.sha256(inhalt).hexdigest() == bescheid.sha256
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"] == f'attachment; filename="{bescheid.dateiname}"'
    cache = antwort["Cache-Control"]
    assert "no-store" in cache and "private" in cache and "max-age=0" in cache
    assert antwort["X-Content-Type-Options"] == "nosniff"
    bescheid.refresh_from_db()
    erster_abruf = bescheid.abgerufen_am
    assert erster_abruf is not None
    assert _abrufe() == (1, 1)

    # Again, and in English: the first download stays the one recorded on the Bescheid.
    antwort = client.get(_url(bescheid.postfachnachricht_id, "/en"))
    assert antwort.status_code == 200 and b"".join(antwort.streaming_content) == inhalt
    bescheid.refresh_from_db()
    assert bescheid.abgerufen_am == erster_abruf
    assert _abrufe() == (1, 2)


def test_message_page_links_the_document_only_where_there_is_one(welt: dict[str, Any]) -> None:
    client = _client(welt["a"])
    pk = welt["bescheid"].postfachnachricht_id
    seite = client.get(f"/konto/postfach/{pk}/").content.decode()
    assert f'href="{_url(pk)}"' in seite and "Dokument herunterladen (PDF)" in seite
    seite = client.get(f"/konto/postfach/{welt['ohne'].pk}/").content.decode()
    assert "/dokument/" not in seite


@pytest.mark.parametrize(
    ("wer", "ziel", "status"),
    [
        ("b", "bescheid", 404),  # another citizen: the message does not exist for them
        ("a", "ohne", 404),  # own message without a document
        ("a", "fremd", 404),  # a message id that does not exist
        ("anonym", "bescheid", 302),
        ("staff", "bescheid", 403),
    ],
)
def test_nobody_else_gets_it_and_nothing_changes(
    welt: dict[str, Any], wer: str, ziel: str, status: int
) -> None:
    bescheid: Bescheid = welt["bescheid"]
    pk = {
        "bescheid": bescheid.postfachnachricht_id,
        "ohne": welt["ohne"].pk,
        "fremd": 10**9,
    }[ziel]
    if wer == "staff":
        client = Client()
        client.force_login(User.objects.create_user("sb", password=None, is_staff=True))
    else:
        client = _client(welt.get(wer))
    antwort = client.get(_url(pk))
    assert antwort.status_code == status
    assert b"%PDF" not in antwort.content
    if status == 302:
        assert antwort["Location"].startswith("/konto/anmelden/?next=")
    bescheid.refresh_from_db()
    assert bescheid.abgerufen_am is None
    assert _abrufe() == (0, 0)


def test_only_get(welt: dict[str, Any]) -> None:
    client = _client(welt["a"])
    assert client.post(_url(welt["bescheid"].postfachnachricht_id)).status_code == 405
    assert _abrufe() == (0, 0)


def test_missing_content_in_storage_is_a_clear_503_and_not_recorded(
    welt: dict[str, Any],
) -> None:
    bescheid: Bescheid = welt["bescheid"]
    version = Version.objects.select_related("blob").get(dokument=bescheid.dokument)
    default_storage.delete(version.blob.speichername)
    antwort = _client(welt["a"]).get(_url(bescheid.postfachnachricht_id))
    assert antwort.status_code == 503
    assert "gerade nicht verfügbar" in antwort.content.decode()
    bescheid.refresh_from_db()
    assert bescheid.abgerufen_am is None and _abrufe() == (0, 0)


def test_the_verfahren_app_installs_the_source_of_the_documents() -> None:
    from rathaus.konten.postfachdokument import quelle
    from rathaus.verfahren.bescheid.abruf import BescheidAbruf

    assert isinstance(quelle(), BescheidAbruf)


def test_without_a_source_no_message_offers_a_document(welt: dict[str, Any]) -> None:
    # konten alone (no app above installed a source): the message has no document to give
    from rathaus.konten.postfachdokument import KeineQuelle, quelle_setzen

    bescheid: Bescheid = welt["bescheid"]
    alt = quelle_setzen(KeineQuelle())
    try:
        antwort = _client(welt["a"]).get(_url(bescheid.postfachnachricht_id))
    finally:
        quelle_setzen(alt)
    assert antwort.status_code == 404
    assert b"%PDF" not in antwort.content
    bescheid.refresh_from_db()
    assert bescheid.abgerufen_am is None and _abrufe() == (0, 0)
