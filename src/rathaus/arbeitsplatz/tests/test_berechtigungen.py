"""Authorization as a table of role × action; a refused action changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rathaus.akten import services as akten_services
from rathaus.akten.models import Akte, Blob, Dokument, Version, Vorgang
from rathaus.akten.tests import factories as af
from rathaus.core.models import Protokoll
from rathaus.konten.models import Buerger

from .conftest import Welt, angemeldet, mitarbeiter

pytestmark = pytest.mark.django_db

OK, NEU, NICHT, VERBOTEN, ANMELDEN, FEHLER = 200, 302, 404, 403, "anmelden", 400

AKTIONEN = ["ansehen", "herunterladen", "ablegen", "zda", "oeffnen", "suchen"]
A = ANMELDEN
# role → expected answer per action (in the order of AKTIONEN); for writes, 302 means
# done and redirected; for the search, whether the Dokument is found.
ZEILEN: dict[str, tuple[Any, ...]] = {
    #              ansehen   herunterl. ablegen   zda       oeffnen   suchen
    "sb_eigene":  (OK,       OK,        NEU,      NEU,      VERBOTEN, True),
    "sb_andere":  (NICHT,    NICHT,     FEHLER,   NICHT,    NICHT,    False),
    "sb_geteilt": (OK,       OK,        FEHLER,   VERBOTEN, VERBOTEN, True),
    "leitung":    (OK,       OK,        NEU,      NEU,      NEU,      True),
    "anonym":     (A,        A,         A,        A,        A,        A),
    "buerger":    (VERBOTEN, VERBOTEN,  VERBOTEN, VERBOTEN, VERBOTEN, VERBOTEN),
}  # fmt: skip
TABELLE = {rolle: dict(zip(AKTIONEN, zeile, strict=True)) for rolle, zeile in ZEILEN.items()}


@pytest.fixture(autouse=True)
def _speicher(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def _client(rolle: str, welt: Welt, geschlossen: Akte) -> Client:
    if rolle == "anonym":
        return Client()
    if rolle == "buerger":
        user = User.objects.create_user("buerger-x")
        Buerger.objects.create(user=user, aussteller="http://idp", sub="x")
        client = Client()
        client.force_login(user)
        return client
    if rolle == "sb_geteilt":
        dritte = af.organisationseinheit("Kämmerei")
        akten_services.akte_share(akte=welt.akte, organisationseinheiten=[dritte], actor="test")
        akten_services.akte_share(akte=geschlossen, organisationseinheiten=[dritte], actor="test")
        user = mitarbeiter("geteilt", dritte)
        return angemeldet(user)
    user = {"sb_eigene": welt.sb, "sb_andere": welt.sb_andere, "leitung": welt.leitung}[rolle]
    return angemeldet(user)


def _zustand() -> tuple[Any, ...]:
    return (
        Dokument.objects.count(),
        Version.objects.count(),
        Blob.objects.count(),
        tuple(Vorgang.objects.order_by("pk").values_list("pk", "zda_am")),
        tuple(Akte.objects.order_by("pk").values_list("pk", "zda_am")),
    )


def _ausfuehren(aktion: str, client: Client, welt: Welt, geschlossen: Akte) -> Any:
    version = Version.objects.get(dokument=welt.dokument)
    if aktion == "ansehen":
        return client.get(f"/arbeitsplatz/akten/{welt.akte.pk}/")
    if aktion == "herunterladen":
        return client.get(f"/arbeitsplatz/versionen/{version.pk}/herunterladen/")
    if aktion == "ablegen":
        return client.post(
            "/arbeitsplatz/posteingang/",
            {
                "ziel": f"vorgang:{welt.vorgang.pk}",
                "betreff": "Widerspruch",
                "absender": "Erika Musterfrau",
                "eingangsdatum": "2026-03-02",
                "dateien": [
                    SimpleUploadedFile("widerspruch.pdf", af.pdf("Widerspruch"), "application/pdf")
                ],
            },
        )
    if aktion == "zda":
        return client.post(f"/arbeitsplatz/vorgaenge/{welt.vorgang.pk}/zda/")
    if aktion == "oeffnen":
        return client.post(
            f"/arbeitsplatz/akten/{geschlossen.pk}/wiedereroeffnen/", {"grund": "Nachtrag"}
        )
    return client.get("/arbeitsplatz/suche/", {"q": "Waldemar"})


@pytest.mark.parametrize("aktion", AKTIONEN)
@pytest.mark.parametrize("rolle", list(TABELLE))
def test_rolle_mal_aktion(rolle: str, aktion: str, welt: Welt) -> None:
    geschlossen = af.akte(welt.oe, betreff="Alte Akte")
    akten_services.akte_close(akte=geschlossen, actor="test")
    client = _client(rolle, welt, geschlossen)
    erwartet = TABELLE[rolle][aktion]
    vorher = _zustand()
    response = _ausfuehren(aktion, client, welt, geschlossen)

    if erwartet == ANMELDEN:
        assert response.status_code == 302
        assert response["Location"].startswith("/arbeitsplatz/anmelden/")
    elif aktion == "suchen" and isinstance(erwartet, bool):
        assert response.status_code == 200
        assert ("Hundesteuerbescheid" in response.content.decode()) is erwartet
    else:
        assert response.status_code == erwartet, response.content.decode()[:2000]

    if erwartet in {NEU, OK, True}:
        return
    assert _zustand() == vorher, "a refused action changed something"
    if erwartet == NICHT:
        assert Protokoll.objects.filter(aktion="arbeitsplatz.zugriff_verweigert").exists()


def test_erfolgreiche_schreibaktionen_wirken(welt: Welt) -> None:
    client = angemeldet(welt.leitung)
    geschlossen = af.akte(welt.oe, betreff="Alte Akte")
    akten_services.akte_close(akte=geschlossen, actor="test")
    _ausfuehren("ablegen", client, welt, geschlossen)
    assert Dokument.objects.filter(betreff="Widerspruch", art="eingang").exists()
    _ausfuehren("zda", client, welt, geschlossen)
    welt.vorgang.refresh_from_db()
    assert welt.vorgang.zda_am is not None
    _ausfuehren("oeffnen", client, welt, geschlossen)
    geschlossen.refresh_from_db()
    assert geschlossen.zda_am is None
    eintrag = Protokoll.objects.get(aktion="akten.akte.reopen")
    assert eintrag.details["grund"] == "Nachtrag" and eintrag.akteur_id == welt.leitung.pk


def test_wiedereroeffnen_ohne_grund_nennt_das_feld(welt: Welt) -> None:
    geschlossen = af.akte(welt.oe, betreff="Alte Akte")
    akten_services.akte_close(akte=geschlossen, actor="test")
    response = angemeldet(welt.leitung).post(
        f"/arbeitsplatz/akten/{geschlossen.pk}/wiedereroeffnen/", {"grund": "  "}
    )
    assert response.status_code == 400
    assert 'href="#id_grund"' in response.content.decode()
    geschlossen.refresh_from_db()
    assert geschlossen.zda_am is not None


def test_protokoll_bei_personenbezogenem_dokument(welt: Welt) -> None:
    client = angemeldet(welt.sb)
    response = client.get(f"/arbeitsplatz/dokumente/{welt.dokument.pk}/")
    assert response.status_code == 200
    eintrag = Protokoll.objects.get(aktion="akten.dokument.ansehen")
    assert eintrag.akteur_id == welt.sb.pk and eintrag.objekt_id == str(welt.dokument.pk)
    # A Dokument without personal data is read without an entry.
    ohne = af.dokument(welt.vorgang, text="Rundschreiben", betreff="Rundschreiben")
    client.get(f"/arbeitsplatz/dokumente/{ohne.pk}/")
    assert Protokoll.objects.filter(aktion="akten.dokument.ansehen").count() == 1


def test_download_gestreamt_als_anhang_und_protokolliert(welt: Welt) -> None:
    version = Version.objects.get(dokument=welt.dokument)
    response = angemeldet(welt.sb).get(f"/arbeitsplatz/versionen/{version.pk}/herunterladen/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bescheid.pdf"'
    cache = {teil.strip() for teil in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    inhalt = b"".join(response.streaming_content)
    assert inhalt.startswith(b"%PDF-")
    eintrag = Protokoll.objects.get(aktion="akten.version.herunterladen")
    assert eintrag.akteur_id == welt.sb.pk and eintrag.details["personenbezogen"] is True


def test_verweigerter_zugriff_wird_protokolliert(welt: Welt) -> None:
    client = angemeldet(welt.sb_andere)
    response = client.get(f"/arbeitsplatz/dokumente/{welt.dokument.pk}/")
    assert response.status_code == 404
    # Same answer for an id that does not exist: nothing is revealed.
    assert client.get("/arbeitsplatz/dokumente/999999/").status_code == 404
    eintraege = Protokoll.objects.filter(aktion="arbeitsplatz.zugriff_verweigert")
    assert {(e.objekt_typ, e.objekt_id) for e in eintraege} == {
        ("akten.dokument", str(welt.dokument.pk)),
        ("akten.dokument", "999999"),
    }
    assert all(e.akteur_id == welt.sb_andere.pk for e in eintraege)
    assert not Protokoll.objects.filter(aktion="akten.dokument.ansehen").exists()
