"""The office pages of the Terminvergabe: role × action, refused actions change nothing,
every read of names is in the Protokoll, the call display shows no names."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rathaus.core.models import Protokoll
from rathaus.organisation.models import Oeffnungszeit, Rolle
from rathaus.organisation.selectors import LOCAL_TZ
from rathaus.termine import auswertung, services
from rathaus.termine.models import Belegung, Buchung
from rathaus.termine.tests.helfer import welt

from .conftest import angemeldet, mitarbeiter

pytestmark = pytest.mark.django_db


def _slot(minuten: int) -> datetime:
    """A slot start of today `minuten` from now (rounded down to the quarter hour)."""
    jetzt = timezone.localtime(timezone.now(), LOCAL_TZ) + timedelta(minutes=minuten)
    return jetzt.replace(minute=jetzt.minute - jetzt.minute % 15, second=0, microsecond=0)


@pytest.fixture
def ort():
    heute = timezone.localtime(timezone.now(), LOCAL_TZ)
    if not time(1) <= heute.time() <= time(22):
        pytest.skip("needs a slot before and after now on the same day")
    w = welt(von=time(0), bis=time(23, 45))
    for tag in (5, 6):  # the weekend too: the tests run on any day
        Oeffnungszeit.objects.create(
            organisationseinheit=w.terminort.organisationseinheit,
            wochentag=tag,
            von=time(0),
            bis=time(23, 45),
        )
    return w


def _buchung(w, beginn, email):
    gestern = timezone.now() - timedelta(days=1)
    buchung, _t = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.anmeldung.pk: 1},
        beginn=beginn,
        name="Erika Mustermann",
        email=email,
        actor="test",
        now=gestern,
    )
    return services.buchung_confirm(buchung=buchung, actor="test", now=gestern)


def _stand():
    return (
        list(
            Buchung.objects.order_by("pk").values_list(
                "status", "eingecheckt_am", "aufgerufen_am", "aufgerufen_an"
            )
        ),
        Belegung.objects.count(),
    )


AKTIONEN = [
    "tag",
    "einchecken",
    "aufrufen",
    "nicht_erschienen",
    "vorsprache",
    "statistik",
    "abwesenheiten",
]
ROLLEN = [
    Rolle.SACHBEARBEITUNG,
    Rolle.LEITUNG,
    Rolle.FACHADMINISTRATION,
    Rolle.ADMINISTRATION,
    "andere_einheit",
]


def _anfrage(client, w, aktion, kommend, vorbei):
    pk = w.terminort.pk
    url = reverse(f"arbeitsplatz:termine_{aktion}", kwargs={"pk": pk})
    spaeter = timezone.localtime(kommend.beginn, LOCAL_TZ)
    if aktion in ("tag", "statistik"):
        return client.get(url)
    daten = {
        "einchecken": {"nummer": kommend.nummer},
        "aufrufen": {"schalter": w.schalter[0].pk},
        "nicht_erschienen": {"nummer": vorbei.nummer},
        "vorsprache": {"leistung": w.anmeldung.pk, "personen": 1, "name": "Notfall"},
        "abwesenheiten": {
            "von": spaeter.strftime("%Y-%m-%dT%H:%M"),
            "bis": (spaeter + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"),
            "grund": "Krank",
        },
    }[aktion]
    return client.post(url, daten)


@pytest.mark.parametrize("rolle", ROLLEN)
@pytest.mark.parametrize("aktion", AKTIONEN)
def test_role_times_action(ort, rolle, aktion):
    w = ort
    kommend = _buchung(w, _slot(30), "a@example.org")
    vorbei = _buchung(w, _slot(-45), "b@example.org")
    andere = welt(slug="andere")
    if rolle == "andere_einheit":
        user = mitarbeiter("fremd", andere.terminort.organisationseinheit)
    else:
        user = mitarbeiter("person", w.terminort.organisationseinheit, rolle=rolle)
    if aktion == "aufrufen":  # someone waits
        from rathaus.termine import vorort

        vorort.buchung_checkin(terminort=w.terminort, nummer=kommend.nummer, actor="test")
    client = angemeldet(user)
    vorher = _stand()
    antwort = _anfrage(client, w, aktion, kommend, vorbei)
    erlaubt = rolle in auswertung.AKTIONEN[{"abwesenheiten": "abwesenheit"}.get(aktion, aktion)]
    if not erlaubt:
        assert antwort.status_code == 404
        assert _stand() == vorher
        assert Protokoll.objects.filter(aktion="arbeitsplatz.zugriff_verweigert").exists()
        return
    assert antwort.status_code in (200, 302), antwort.content[:500]
    if aktion in ("einchecken", "aufrufen", "nicht_erschienen", "vorsprache", "abwesenheiten"):
        assert _stand() != vorher
    if aktion == "tag":
        assert "Erika Mustermann" in antwort.content.decode()
        eintrag = Protokoll.objects.get(aktion="termine.tag.ansehen")
        assert set(eintrag.details["buchungen"]) == {kommend.nummer, vorbei.nummer}


def test_anonymous_and_citizen_get_nothing(ort, client):
    url = reverse("arbeitsplatz:termine_tag", kwargs={"pk": ort.terminort.pk})
    assert client.get(url).status_code == 302
    kommend = _buchung(ort, _slot(30), "a@example.org")
    antwort = client.post(
        reverse("arbeitsplatz:termine_einchecken", kwargs={"pk": ort.terminort.pk}),
        {"nummer": kommend.nummer},
    )
    assert antwort.status_code in (302, 403)
    kommend.refresh_from_db()
    assert kommend.eingecheckt_am is None


def test_check_in_call_and_display_without_names(ort, client):
    w = ort
    kommend = _buchung(w, _slot(30), "a@example.org")
    sb = angemeldet(mitarbeiter("sb", w.terminort.organisationseinheit))
    tag = reverse("arbeitsplatz:termine_tag", kwargs={"pk": w.terminort.pk})
    # hostile and wrong input: a clear answer, nothing changes
    for nummer in ("", "x" * 5000, "<script>alert(1)</script>", "AAAA-BBBB-CC"):
        antwort = sb.post(
            reverse("arbeitsplatz:termine_einchecken", kwargs={"pk": w.terminort.pk}),
            {"nummer": nummer},
        )
        assert antwort.status_code == 400
        assert "<script>alert(1)</script>" not in antwort.content.decode()
    kommend.refresh_from_db()
    assert kommend.eingecheckt_am is None
    # the hand scanner types the QR code's text (here: the number in lower case, no dashes)
    antwort = sb.post(
        reverse("arbeitsplatz:termine_einchecken", kwargs={"pk": w.terminort.pk}),
        {"nummer": kommend.nummer.replace("-", "").lower()},
        follow=True,
    )
    assert antwort.redirect_chain[-1][0] == tag
    assert "ist eingecheckt" in antwort.content.decode()
    antwort = sb.post(
        reverse("arbeitsplatz:termine_aufrufen", kwargs={"pk": w.terminort.pk}),
        {"schalter": w.schalter[1].pk},
        follow=True,
    )
    assert f"Nummer {kommend.nummer} ist an Platz 2 aufgerufen" in antwort.content.decode()
    # a counter of another Terminort: refused
    andere = welt(slug="andere")
    antwort = sb.post(
        reverse("arbeitsplatz:termine_aufrufen", kwargs={"pk": w.terminort.pk}),
        {"schalter": andere.schalter[0].pk},
    )
    assert antwort.status_code == 400
    # the display: the number and the counter, no name, no email
    token = auswertung.aufruf_token(terminort=w.terminort)
    seite = client.get(reverse("termine:aufruf", kwargs={"token": token}))
    html = seite.content.decode()
    assert seite.status_code == 200
    assert kommend.nummer in html and "Platz 2" in html
    assert "Erika" not in html and "example.org" not in html
    assert 'aria-live="polite"' in html
    daten = client.get(reverse("termine:aufruf_daten", kwargs={"token": token})).json()
    assert daten["aufrufe"][0]["nummer"] == kommend.nummer
    assert "Erika" not in str(daten)
    assert client.get(reverse("termine:aufruf", kwargs={"token": "x" * 24})).status_code == 404
    assert (
        client.get(reverse("termine:aufruf", kwargs={"token": str(w.terminort.pk)})).status_code
        == 404
    )


def test_walk_in_form_errors_name_the_field(ort):
    w = ort
    sb = angemeldet(mitarbeiter("sb", w.terminort.organisationseinheit))
    url = reverse("arbeitsplatz:termine_vorsprache", kwargs={"pk": w.terminort.pk})
    assert sb.get(url).status_code == 200
    for daten in (
        {"leistung": "999999", "personen": 1, "name": "A"},
        {"leistung": w.anmeldung.pk, "personen": 0, "name": "A"},
        {"leistung": w.anmeldung.pk, "personen": 1, "name": ""},
        {"leistung": w.anmeldung.pk, "personen": 1, "name": "A", "email": "kaputt"},
        {"leistung": w.anmeldung.pk, "personen": 3, "name": "A"},  # more than the service allows
    ):
        antwort = sb.post(url, daten)
        assert antwort.status_code == 400
        assert 'href="#feld-' in antwort.content.decode()
    assert not Buchung.objects.exists()
    antwort = sb.post(url, {"leistung": w.anmeldung.pk, "personen": 1, "name": "Notfall"})
    assert antwort.status_code == 302
    assert Buchung.objects.get().kanal == Buchung.Kanal.VOR_ORT


def test_statistics_page_and_bad_dates(ort):
    w = ort
    sb = angemeldet(mitarbeiter("sb", w.terminort.organisationseinheit, rolle=Rolle.LEITUNG))
    url = reverse("arbeitsplatz:termine_statistik", kwargs={"pk": w.terminort.pk})
    antwort = sb.get(url)
    assert antwort.status_code == 200 and "Anmeldung Wohnsitz" in antwort.content.decode()
    assert sb.get(url, {"von": "2026-12-31", "bis": "2026-01-01"}).status_code == 400
    assert sb.get(url, {"von": "kaputt", "bis": "2026-01-01"}).status_code == 400
    assert sb.get(url, {"von": "2020-01-01", "bis": "2026-01-01"}).status_code == 400


def test_absence_cancels_and_can_be_lifted(ort):
    w = ort
    kommend = _buchung(w, _slot(30), "a@example.org")
    leitung = angemeldet(
        mitarbeiter("chefin", w.terminort.organisationseinheit, rolle=Rolle.LEITUNG)
    )
    url = reverse("arbeitsplatz:termine_abwesenheiten", kwargs={"pk": w.terminort.pk})
    assert leitung.get(url).status_code == 200
    beginn = timezone.localtime(kommend.beginn, LOCAL_TZ)
    for daten in (
        {"von": "kaputt", "bis": "2026-01-01T10:00"},
        {"von": beginn.strftime("%Y-%m-%dT%H:%M"), "bis": beginn.strftime("%Y-%m-%dT%H:%M")},
        {"von": "2026-01-01T10:00", "bis": "2026-01-01T11:00", "schalter": "999999"},
    ):
        antwort = leitung.post(url, daten)
        assert antwort.status_code == 400
    kommend.refresh_from_db()
    assert kommend.status == Buchung.Status.BESTAETIGT
    antwort = leitung.post(
        url,
        {
            "von": beginn.strftime("%Y-%m-%dT%H:%M"),
            "bis": (beginn + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "schalter": str(kommend.schalter_id),
        },
        follow=True,
    )
    assert "Abgesagte Termine: 1" in antwort.content.decode()
    kommend.refresh_from_db()
    assert kommend.status == Buchung.Status.STORNIERT
    abwesenheit = w.terminort.abwesenheiten.get()
    aufheben = reverse(
        "arbeitsplatz:termine_abwesenheit_loeschen",
        kwargs={"pk": w.terminort.pk, "nr": abwesenheit.pk},
    )
    # another unit's management cannot lift it
    fremd = welt(slug="fremd")
    andere = angemeldet(
        mitarbeiter("anderer", fremd.terminort.organisationseinheit, rolle=Rolle.LEITUNG)
    )
    assert andere.post(aufheben).status_code == 404
    assert w.terminort.abwesenheiten.exists()
    assert leitung.post(aufheben).status_code == 302
    assert not w.terminort.abwesenheiten.exists()
