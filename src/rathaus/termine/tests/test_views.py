"""The citizen's pages: the journey, the email links (GET shows, POST acts), the proof of
work and limits, and hostile input that gets a clear answer and changes nothing."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import altcha
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from rathaus.core.outbox import outbox_sweep
from rathaus.konten.models import Buerger
from rathaus.termine import selectors, services
from rathaus.termine.models import Buchung, Wartelisteneintrag

from .helfer import welt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _guenstig(settings):
    cache.clear()
    settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE = 1


@pytest.fixture
def w():
    return welt(schalter=2)


def _zustellen() -> None:
    outbox_sweep(now=timezone.now() + timedelta(days=1))


def _loesen(seite: str) -> str:
    treffer = re.search(r'data-arbeitsnachweis="([^"]+)"', seite)
    assert treffer, "no challenge on the page"
    aufgabe = altcha.Challenge.from_dict(json.loads(html.unescape(treffer[1])))
    loesung = altcha.solve_challenge(aufgabe)
    assert loesung is not None
    return altcha.Payload(aufgabe, loesung).to_base64()


def _erster_tag(w) -> date:
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 1})
    return selectors.freie_tage(wunsch=wunsch)[0]


def _tag_url(w, tag: date, personen: int = 1) -> str:
    return (
        f"{reverse('termine:tag')}?ort={w.terminort.pk}&leistung={w.ausweis.pk}"
        f"&personen={personen}&datum={tag.isoformat()}"
    )


def _daten(w, tag, **extra):
    daten = {
        "ort": str(w.terminort.pk),
        "leistung": [str(w.ausweis.pk)],
        "personen": "1",
        "datum": tag.isoformat(),
        "uhrzeit": "09:00",
        "name": "Anna Test",
        "email": "anna@example.org",
    }
    daten.update(extra)
    return daten


def _reservieren(client, w, **extra) -> tuple[Buchung, str]:
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    antwort = client.post(
        reverse("termine:tag"), _daten(w, tag, arbeitsnachweis=_loesen(seite), **extra)
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert antwort["Location"] == reverse("termine:gesendet")
    return Buchung.objects.get(), tag


def test_start_lists_places_and_services_and_preselects_from_the_service_page(client, w):
    seite = client.get(f"{reverse('termine:start')}?leistung={w.ausweis.pk}").content.decode()
    assert "Bürgerbüro" in seite and "Personalausweis beantragen" in seite
    assert re.search(rf'value="{w.ausweis.pk}" checked', seite)


def test_days_page_shows_only_free_days_with_links(client, w):
    seite = client.get(
        f"{reverse('termine:tage')}?ort={w.terminort.pk}&leistung={w.ausweis.pk}&personen=2"
    ).content.decode()
    tag = _erster_tag(w)
    assert f"datum={tag.isoformat()}" in seite
    assert "Warteliste" in seite


@pytest.mark.parametrize(
    ("query", "feld"),
    [
        ("ort=abc&leistung=1", "feld-ort"),
        ("ort=99999999999999999999&leistung=1", "feld-ort"),
        ("ort={ort}&leistung=%27%20OR%201%3D1--", "feld-leistungen"),
        ("ort={ort}&leistung=999999", "feld-leistungen"),
        ("ort={ort}", "feld-leistungen"),
        ("ort={ort}&" + "&".join(f"leistung={i}" for i in range(11)), "feld-leistungen"),
        ("ort={ort}&leistung={l}&personen=0", "feld-personen"),
        ("ort={ort}&leistung={l}&personen=-1", "feld-personen"),
        ("ort={ort}&leistung={l}&personen=1e3", "feld-personen"),
        ("ort={ort}&leistung={l}&personen=%D9%A3", "feld-personen"),  # an Arabic-Indic 3
        ("ort={ort}&leistung={l}&personen=6", "feld-personen"),  # more than the service allows
    ],
)
def test_bad_choices_name_the_field(client, w, query, feld):
    url = f"{reverse('termine:tage')}?" + query.format(ort=w.terminort.pk, l=w.ausweis.pk)
    antwort = client.get(url)
    assert antwort.status_code == 400
    assert f'href="#{feld}"' in antwort.content.decode()


def test_the_booking_journey_reserve_confirm_manage(client, w, mailoutbox):
    buchung, tag = _reservieren(client, w)
    _zustellen()
    assert buchung.status == Buchung.Status.RESERVIERT
    text = mailoutbox[0].body
    link = re.search(r"http://[^\s]+/bestaetigen/", text)[0]
    pfad = link.split("8000", 1)[1]
    # GET only shows (a link scanner changes nothing)
    seite = client.get(pfad)
    assert seite.status_code == 200 and "Termin verbindlich bestätigen" in seite.content.decode()
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.RESERVIERT
    antwort = client.post(pfad)
    _zustellen()
    assert antwort.status_code == 200 and "Ihr Termin ist gebucht" in antwort.content.decode()
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.BESTAETIGT
    assert mailoutbox[-1].attachments
    verwalten = pfad.replace("bestaetigen/", "")
    # rebook: GET days, GET slots of a day, POST a time
    assert client.get(verwalten + "verschieben/").status_code == 200
    seite = client.get(f"{verwalten}verschieben/?datum={tag.isoformat()}").content.decode()
    assert "10:00" in seite
    antwort = client.post(
        verwalten + "verschieben/", {"datum": tag.isoformat(), "uhrzeit": "10:00"}
    )
    assert antwort.status_code == 302
    buchung.refresh_from_db()
    assert timezone.localtime(buchung.beginn).hour == 10 and buchung.sequenz == 1
    # cancel: GET shows, POST without the action refuses, POST with it cancels
    assert client.get(verwalten).status_code == 200
    assert client.post(verwalten, {}).status_code == 400
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.BESTAETIGT
    antwort = client.post(verwalten, {"aktion": "absagen"})
    assert antwort.status_code == 200 and "abgesagt" in antwort.content.decode()
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.STORNIERT


def test_forged_tokens_and_other_numbers_get_the_same_404_and_change_nothing(client, w):
    tag = _erster_tag(w)
    from .helfer import um

    meine, mein_token = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        beginn=um(tag, 9),
        name="A",
        email="a@example.org",
        actor="test",
    )
    fremde, _fremd = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        beginn=um(tag, 10),
        name="B",
        email="b@example.org",
        actor="test",
    )
    for nummer, token in [
        (fremde.nummer, mein_token),
        (meine.nummer, mein_token[:-1] + ("A" if mein_token[-1] != "A" else "B")),
        (meine.nummer, "x" * 5000),
        ("NICHT-DA", mein_token),
        ("<script>", mein_token),
        (meine.nummer.lower() + "%27", mein_token),
    ]:
        for name in ("termine:bestaetigen", "termine:verwalten"):
            url = reverse(name, args=[nummer, token])
            assert client.get(url).status_code == 404
            assert client.post(url, {"aktion": "absagen"}).status_code == 404
    assert set(Buchung.objects.values_list("status", flat=True)) == {"reserviert"}


def test_without_proof_of_work_nothing_is_reserved(client, w):
    tag = _erster_tag(w)
    client.get(_tag_url(w, tag))
    antwort = client.post(reverse("termine:tag"), _daten(w, tag))
    assert antwort.status_code == 400
    assert "Sicherheitsprüfung" in antwort.content.decode()
    antwort = client.post(reverse("termine:tag"), _daten(w, tag, arbeitsnachweis="e30=" * 3))
    assert antwort.status_code == 400
    assert not Buchung.objects.exists()


def test_a_proof_for_another_day_or_used_twice_is_refused(client, w):
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    loesung = _loesen(seite)
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 1})
    anderer = selectors.freie_tage(wunsch=wunsch)[1]
    assert (
        client.post(reverse("termine:tag"), _daten(w, anderer, arbeitsnachweis=loesung)).status_code
        == 400
    )
    assert (
        client.post(reverse("termine:tag"), _daten(w, tag, arbeitsnachweis=loesung)).status_code
        == 302
    )
    antwort = client.post(
        reverse("termine:tag"),
        _daten(w, tag, arbeitsnachweis=loesung, uhrzeit="10:00", email="c@example.org"),
    )
    assert antwort.status_code == 400
    assert Buchung.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "feld"),
    [
        ({"uhrzeit": ""}, "feld-uhrzeit"),
        ({"uhrzeit": "09:07"}, "feld-uhrzeit"),  # not on the grid
        ({"uhrzeit": "25:00"}, "feld-uhrzeit"),
        ({"uhrzeit": "9" * 10000}, "feld-uhrzeit"),
        ({"email": "x" * 10000}, "feld-email"),
        ({"email": "anna@example.org\nBcc: b@example.org"}, "feld-email"),
        ({"name": ""}, "feld-name"),
        ({"name": "A" * 300}, "feld-name"),
    ],
)
def test_bad_form_input_names_the_field_and_reserves_nothing(client, w, extra, feld):
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    antwort = client.post(
        reverse("termine:tag"), _daten(w, tag, arbeitsnachweis=_loesen(seite), **extra)
    )
    assert antwort.status_code == 400
    assert f'href="#{feld}"' in antwort.content.decode()
    assert not Buchung.objects.exists()


def test_markup_in_the_name_is_escaped_on_the_page(client, w):
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    antwort = client.post(
        reverse("termine:tag"),
        _daten(
            w, tag, arbeitsnachweis=_loesen(seite), name="<script>alert(1)</script>", email="kaputt"
        ),
    )
    inhalt = antwort.content.decode()
    assert "<script>alert(1)</script>" not in inhalt
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in inhalt


def test_the_limit_per_client_address(client, w, settings):
    settings.RATHAUS_TERMINE_LIMIT_ADRESSE = "1/3600"
    _reservieren(client, w)
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    antwort = client.post(
        reverse("termine:tag"),
        _daten(w, tag, arbeitsnachweis=_loesen(seite), uhrzeit="11:00", email="zwei@example.org"),
    )
    assert antwort.status_code == 400 and "zu viele" in antwort.content.decode()
    assert Buchung.objects.count() == 1


def test_a_logged_in_citizen_is_prefilled_and_needs_no_proof(client, w):
    user = User.objects.create_user("buerger1")
    buerger = Buerger.objects.create(
        user=user,
        aussteller="test",
        sub="1",
        vorname="Berta",
        nachname="Muster",
        email="berta@example.org",
    )
    client.force_login(user)
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    assert 'value="Berta Muster"' in seite and 'value="berta@example.org"' in seite
    assert "data-arbeitsnachweis" not in seite
    antwort = client.post(
        reverse("termine:tag"), _daten(w, tag, name="Berta Muster", email="berta@example.org")
    )
    assert antwort.status_code == 302
    assert Buchung.objects.get().kontakt.buerger == buerger
    assert list(selectors.buchungen_of(buerger_id=buerger.pk)) == [Buchung.objects.get()]


def test_waiting_list_join_and_leave(client, w, mailoutbox):
    url = f"{reverse('termine:warteliste')}?ort={w.terminort.pk}&leistung={w.ausweis.pk}&personen=1"
    seite = client.get(url).content.decode()
    daten = {
        "ort": str(w.terminort.pk),
        "leistung": [str(w.ausweis.pk)],
        "personen": "1",
        "name": "Carla",
        "email": "carla@example.org",
        "bis": "kein-datum",
    }
    antwort = client.post(
        reverse("termine:warteliste"), {**daten, "arbeitsnachweis": _loesen(seite)}
    )
    assert antwort.status_code == 400 and 'href="#feld-bis"' in antwort.content.decode()
    seite = antwort.content.decode()
    antwort = client.post(
        reverse("termine:warteliste"), {**daten, "bis": "", "arbeitsnachweis": _loesen(seite)}
    )
    _zustellen()
    assert antwort.status_code == 200 and "Warteliste" in antwort.content.decode()
    eintrag = Wartelisteneintrag.objects.get()
    pfad = re.search(r"http://[^\s]+/warteliste/[^\s]+/", mailoutbox[-1].body)[0].split("8000", 1)[
        1
    ]
    assert client.get(pfad).status_code == 200
    eintrag.refresh_from_db()
    assert eintrag.status == Wartelisteneintrag.Status.WARTEND
    assert client.post(pfad).status_code == 200
    eintrag.refresh_from_db()
    assert eintrag.status == Wartelisteneintrag.Status.ABGEMELDET
    assert (
        client.get(reverse("termine:warteliste_verwalten", args=[eintrag.pk, "falsch"])).status_code
        == 404
    )


def test_without_a_time_the_name_and_email_errors_come_at_once(client, w):
    tag = _erster_tag(w)
    seite = client.get(_tag_url(w, tag)).content.decode()
    # the token links' pages send no referrer to other sites but keep the origin of their
    # own form posts (with "no-referrer" Chromium sends Origin: null and CSRF refuses it)
    assert '<meta name="referrer" content="same-origin">' in seite
    antwort = client.post(
        reverse("termine:tag"),
        _daten(w, tag, arbeitsnachweis=_loesen(seite), uhrzeit="", name="", email="x"),
    )
    inhalt = antwort.content.decode()
    assert antwort.status_code == 400
    for feld in ("feld-uhrzeit", "feld-name", "feld-email"):
        assert f'href="#{feld}"' in inhalt


def test_rebook_of_a_service_no_longer_offered_leads_back_instead_of_an_error(client, w):
    tag = _erster_tag(w)
    from .helfer import um

    buchung, token = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        beginn=um(tag, 9),
        name="A",
        email="a@example.org",
        actor="test",
    )
    services.buchung_confirm(buchung=buchung, actor="test")
    w.tl_ausweis.delete()
    antwort = client.get(reverse("termine:verschieben", args=[buchung.nummer, token]))
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("termine:verwalten", args=[buchung.nummer, token])
    assert client.get(antwort["Location"]).status_code == 200
