"""Anti-automation of anonymous submissions (antraege.schutz, core.arbeitsnachweis, issue
10): limits per session and client address, a proof of work (ALTCHA, solved here by
ALTCHA's own solver as the browser's worker does) and, without JavaScript, a Wartemarke.
Every refusal answers with a clear message and creates nothing."""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import time
from typing import Any
from unittest import mock

import altcha
import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from rathaus.antraege import schutz
from rathaus.antraege.models import Antrag
from rathaus.core import arbeitsnachweis
from rathaus.core.arbeitsnachweis import Ergebnis
from rathaus.core.models import Outbox, Protokoll
from rathaus.formulare.models import Entwurf

from . import helfer
from .web import absenden, client_mit, nachweis

VIEL = "1000/3600"


def _loesen(aufgabe_json: dict[str, Any]) -> str:
    aufgabe = altcha.Challenge.from_dict(aufgabe_json)
    loesung = altcha.solve_challenge(aufgabe)
    assert loesung is not None
    return altcha.Payload(aufgabe, loesung).to_base64()


def _nutzlast(text: str) -> dict[str, Any]:
    return json.loads(base64.b64decode(text))


def _kodieren(daten: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(daten).encode()).decode()


@pytest.fixture
def nichts_neues():
    """Asserts afterwards that no Antrag, no outbox row and no audit entry was written."""
    vorher = Protokoll.objects.count()
    yield
    assert not Antrag.objects.exists()
    assert not Outbox.objects.exists()
    assert Protokoll.objects.count() == vorher


def _abgelehnt(antwort: Any, status: int, text: str) -> str:
    assert antwort.status_code == status, antwort.status_code
    seite = html.unescape(antwort.content.decode())
    assert "Der Antrag wurde nicht abgesendet" in seite
    assert text in seite, seite
    # in the error summary, leading to the button
    assert re.search(
        r'<a class="kern-link" href="#antrag-absenden-knopf">[^<]*' + re.escape(text), seite
    )
    # the form is there again with a fresh challenge and a Wartemarke
    assert 'data-arbeitsnachweis="' in antwort.content.decode()
    assert 'name="wartemarke" value="' in seite
    return seite


# -- the review page --------------------------------------------------------------------


def test_the_review_page_of_an_anonymous_draft_carries_challenge_wartemarke_and_status(welt):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    antwort = client.get(reverse("formulare:pruefen", args=[welt.formular.pk]))
    seite = antwort.content.decode()
    roh = re.search(r'data-arbeitsnachweis="([^"]+)"', seite)
    assert roh is not None
    aufgabe = json.loads(html.unescape(roh[1]))
    assert aufgabe["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert aufgabe["parameters"]["data"] == {
        "zweck": "antrag.einreichen",
        "bindung": str(entwurf.pk),
    }
    assert aufgabe["signature"]
    assert 'name="arbeitsnachweis" value=""' in seite
    assert re.search(r'name="wartemarke" value="[^"]+"', seite)
    assert 'id="antrag-pruefung-status" role="status" aria-live="polite"' in seite
    assert 'aria-describedby="antrag-pruefung-status"' in seite
    assert "/static/vendor/altcha/pbkdf2.js" in seite
    nonce = re.search(
        r'<script src="/static/core/arbeitsnachweis.js" nonce="([^"]+)" defer>', seite
    )
    assert nonce is not None and f"'nonce-{nonce[1]}'" in antwort["Content-Security-Policy"]
    assert "frühestens 30 Sekunden nach dem Laden" in html.unescape(seite)  # without JS
    # the challenge the page gives is one the browser can solve and the server takes
    assert absenden(client, entwurf, arbeitsnachweis=_loesen(aufgabe)).status_code == 303


def test_a_logged_in_citizen_gets_no_challenge_and_needs_none(welt, settings):
    settings.RATHAUS_ANTRAEGE_LIMIT_SITZUNG = "1/3600"
    settings.RATHAUS_ANTRAEGE_LIMIT_ADRESSE = "1/3600"
    b = helfer.buerger()
    client = Client()
    client.force_login(b.user)
    for _ in range(3):  # not limited either
        entwurf = helfer.entwurf(welt.formular, buerger=b)
        seite = client.get(reverse("formulare:pruefen", args=[welt.formular.pk])).content.decode()
        assert "data-arbeitsnachweis" not in seite and "wartemarke" not in seite
        assert absenden(client, entwurf, arbeitsnachweis="").status_code == 303
    assert Antrag.objects.count() == 3


# -- proof of work ------------------------------------------------------------------------


def test_a_valid_solution_submits(welt):
    entwurf = helfer.entwurf(welt.formular)
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis=nachweis(entwurf))
    assert antwort.status_code == 303
    assert Antrag.objects.filter(entwurf_ref=entwurf.pk).exists()


def test_without_solution_or_wartemarke_400_asks_to_wait(welt, nichts_neues):
    entwurf = helfer.entwurf(welt.formular)
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis="")
    _abgelehnt(antwort, 400, "wurde nicht ausgeführt, zum Beispiel weil JavaScript ausgeschaltet")
    assert "Bitte warten Sie 30 Sekunden" in html.unescape(antwort.content.decode())


def test_a_wrong_solution_is_refused_and_logged(welt, nichts_neues, caplog):
    entwurf = helfer.entwurf(welt.formular)
    daten = _nutzlast(nachweis(entwurf))
    daten["solution"]["derivedKey"] = "00" * 32
    with caplog.at_level(logging.WARNING, logger="rathaus.security"):
        antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis=_kodieren(daten))
    _abgelehnt(antwort, 400, "Die Sicherheitsprüfung ist fehlgeschlagen.")
    ereignis = next(r for r in caplog.records if r.msg == "arbeitsnachweis_abgelehnt")
    assert ereignis.grund == "ungueltig"  # type: ignore[attr-defined]


def test_an_expired_challenge_is_refused(welt, nichts_neues):
    entwurf = helfer.entwurf(welt.formular)
    alt = arbeitsnachweis.aufgabe_erstellen(
        zweck=schutz.ZWECK, bindung=str(entwurf.pk), gueltig_bis=int(time.time()) - 1
    )
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis=_loesen(alt))
    _abgelehnt(antwort, 400, "Die Sicherheitsprüfung ist abgelaufen")


def test_a_solution_counts_once(welt, nichts_neues):
    """The solution of a submission that failed later (here: the data are incomplete) is
    used up: sent again it is refused, and a fresh one is needed."""
    entwurf = helfer.entwurf(welt.formular, F99000000001="")  # the surname is required
    client = client_mit(entwurf)
    loesung = nachweis(entwurf)
    assert absenden(client, entwurf, arbeitsnachweis=loesung).status_code == 400
    antwort = absenden(client, entwurf, arbeitsnachweis=loesung)
    _abgelehnt(antwort, 400, "Diese Sicherheitsprüfung wurde schon einmal verwendet.")


@pytest.mark.parametrize(
    "faelschen",
    [
        pytest.param(lambda d: d["challenge"].update(signature="ab" * 32), id="signature"),
        pytest.param(lambda d: d["challenge"].pop("signature"), id="unsigned"),
        pytest.param(lambda d: d["challenge"]["parameters"].update(cost=1), id="cost"),
        pytest.param(
            lambda d: d["challenge"]["parameters"].update(expiresAt=int(time.time()) + 99999),
            id="expiry",
        ),
        pytest.param(
            lambda d: d["challenge"]["parameters"]["data"].update(bindung="999999"), id="data"
        ),
    ],
)
def test_a_tampered_challenge_is_refused(welt, nichts_neues, faelschen):
    entwurf = helfer.entwurf(welt.formular)
    daten = _nutzlast(nachweis(entwurf))
    faelschen(daten)
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis=_kodieren(daten))
    _abgelehnt(antwort, 400, "Die Sicherheitsprüfung ist fehlgeschlagen.")


def test_the_solution_for_one_draft_does_not_open_another(welt, nichts_neues):
    entwurf = helfer.entwurf(welt.formular)
    anderer = helfer.entwurf(welt.formular)
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis=nachweis(anderer))
    _abgelehnt(antwort, 400, "Die Sicherheitsprüfung ist fehlgeschlagen.")


@pytest.mark.parametrize(
    "muell",
    [
        "x" * 20_000,
        "nicht base64 !!!",
        base64.b64encode(b"\xff\xfe kein utf-8").decode(),
        base64.b64encode(b"[1, 2, 3]").decode(),
        base64.b64encode(b'{"challenge": [], "solution": 7}').decode(),
        base64.b64encode(b'{"challenge": {"parameters": {}}, "solution": {}}').decode(),
        base64.b64encode(b"[" * 5000 + b"]" * 5000).decode(),
    ],
)
def test_hostile_payloads_get_400_not_500(welt, nichts_neues, muell):
    entwurf = helfer.entwurf(welt.formular)
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis=muell)
    _abgelehnt(antwort, 400, "Die Sicherheitsprüfung ist fehlgeschlagen.")


def test_the_real_difficulty_is_bounded(settings):
    """With the defaults the browser makes 150 to 299 attempts of 5000 PBKDF2 iterations
    (about 0.25 s in desktop Chromium: tests/e2e/test_antrag_arbeitsnachweis.py)."""
    settings.RATHAUS_ARBEITSNACHWEIS_VERSUCHE = 150
    settings.RATHAUS_ARBEITSNACHWEIS_ITERATIONEN = 5000
    aufgabe = arbeitsnachweis.aufgabe_erstellen(zweck="test", bindung="1")
    assert aufgabe["parameters"]["cost"] == 5000
    loesung = altcha.solve_challenge(altcha.Challenge.from_dict(aufgabe))
    assert loesung is not None and 150 <= loesung.counter < 300
    nutzlast = altcha.Payload(altcha.Challenge.from_dict(aufgabe), loesung).to_base64()
    assert arbeitsnachweis.loesung_pruefen(nutzlast, zweck="test", bindung="1").ok
    assert (
        arbeitsnachweis.loesung_pruefen(nutzlast, zweck="test", bindung="1").ergebnis
        is Ergebnis.VERBRAUCHT
    )


# -- without JavaScript: the Wartemarke ---------------------------------------------------


def _wartemarke(seite: str) -> str:
    treffer = re.search(r'name="wartemarke" value="([^"]+)"', seite)
    assert treffer is not None
    return html.unescape(treffer[1])


def test_without_javascript_the_wartemarke_opens_after_the_wait(welt, settings):
    settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = 1
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    seite = client.get(reverse("formulare:pruefen", args=[welt.formular.pk])).content.decode()
    marke = _wartemarke(seite)
    # sent at once: not yet, and the page keeps the same marke (the wait so far counts)
    antwort = absenden(client, entwurf, arbeitsnachweis="", wartemarke=marke)
    seite = _abgelehnt(antwort, 400, "Bitte warten Sie noch 1 Sekunde")
    assert _wartemarke(seite) == marke
    assert not Antrag.objects.exists()
    time.sleep(1.05)
    assert absenden(client, entwurf, arbeitsnachweis="", wartemarke=marke).status_code == 303
    assert Antrag.objects.filter(entwurf_ref=entwurf.pk).exists()


def test_a_wartemarke_counts_once_and_only_for_its_draft(welt, settings):
    settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = 0
    entwurf = helfer.entwurf(welt.formular, F99000000001="")  # incomplete: 400 after the check
    anderer = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    marke = arbeitsnachweis.wartemarke_ausstellen(zweck=schutz.ZWECK, bindung=str(entwurf.pk))
    assert absenden(client, entwurf, arbeitsnachweis="", wartemarke=marke).status_code == 400
    antwort = absenden(client, entwurf, arbeitsnachweis="", wartemarke=marke)
    seite = _abgelehnt(antwort, 400, "schon einmal verwendet")
    assert _wartemarke(seite) != marke  # a used one is not handed out again
    fremd = arbeitsnachweis.wartemarke_ausstellen(zweck=schutz.ZWECK, bindung=str(anderer.pk))
    antwort = absenden(client, entwurf, arbeitsnachweis="", wartemarke=fremd)
    _abgelehnt(antwort, 400, "fehlgeschlagen")
    verfaelscht = marke[:-2] + ("AA" if not marke.endswith("AA") else "BB")
    antwort = absenden(client, entwurf, arbeitsnachweis="", wartemarke=verfaelscht)
    _abgelehnt(antwort, 400, "fehlgeschlagen")
    assert not Antrag.objects.exists()


def test_an_expired_wartemarke_is_refused(welt, settings):
    settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = 0
    entwurf = helfer.entwurf(welt.formular)
    vor_zwei_stunden = time.time() - 2 * 3600
    with mock.patch("django.core.signing.time.time", return_value=vor_zwei_stunden):
        alt = arbeitsnachweis.wartemarke_ausstellen(zweck=schutz.ZWECK, bindung=str(entwurf.pk))
    assert signing.loads(alt, salt="rathaus.core.arbeitsnachweis.wartemarke")  # genuine
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis="", wartemarke=alt)
    _abgelehnt(antwort, 400, "abgelaufen")
    assert not Antrag.objects.exists()


def test_a_sent_solution_decides_even_beside_an_open_wartemarke(welt, settings, nichts_neues):
    """A forged solution is not rescued by the Wartemarke that came with it."""
    settings.RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = 0
    entwurf = helfer.entwurf(welt.formular)
    marke = arbeitsnachweis.wartemarke_ausstellen(zweck=schutz.ZWECK, bindung=str(entwurf.pk))
    antwort = absenden(client_mit(entwurf), entwurf, arbeitsnachweis="Zm9v", wartemarke=marke)
    _abgelehnt(antwort, 400, "fehlgeschlagen")


# -- limits ------------------------------------------------------------------------------


def test_per_session(welt, settings, caplog):
    settings.RATHAUS_ANTRAEGE_LIMIT_SITZUNG = "2/3600"
    settings.RATHAUS_ANTRAEGE_LIMIT_ADRESSE = VIEL
    client = Client()
    erster = helfer.entwurf(welt.formular)
    client_mit(erster, client)
    # a refused attempt counts as well
    assert absenden(client, erster, arbeitsnachweis="").status_code == 400
    assert absenden(client, erster).status_code == 303
    zweiter = helfer.entwurf(welt.formular)
    client_mit(zweiter, client)
    vorher = (Antrag.objects.count(), Outbox.objects.count(), Protokoll.objects.count())
    with caplog.at_level(logging.WARNING, logger="rathaus.security"):
        antwort = absenden(client, zweiter)
    _abgelehnt(antwort, 429, "Es wurden in kurzer Zeit zu viele Anträge abgesendet.")
    assert "spätestens in 60 Minuten" in html.unescape(antwort.content.decode())
    assert (Antrag.objects.count(), Outbox.objects.count(), Protokoll.objects.count()) == vorher
    ereignis = next(r for r in caplog.records if r.msg == "rate_limited")
    assert ereignis.limit == "antrag_einreichen.sitzung"  # type: ignore[attr-defined]
    # another browser goes on
    dritter = helfer.entwurf(welt.formular)
    assert absenden(client_mit(dritter), dritter).status_code == 303


def test_per_client_address_ipv6_by_its_64(welt, settings):
    settings.RATHAUS_ANTRAEGE_LIMIT_SITZUNG = VIEL
    settings.RATHAUS_ANTRAEGE_LIMIT_ADRESSE = "2/3600"
    for adresse in ("2001:db8:7:8::1", "2001:db8:7:8:aaaa:bbbb:cccc:dddd"):
        entwurf = helfer.entwurf(welt.formular)
        assert (
            absenden(client_mit(entwurf, Client(REMOTE_ADDR=adresse)), entwurf).status_code == 303
        )
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf, Client(REMOTE_ADDR="2001:db8:7:8::99"))
    vorher = (Antrag.objects.count(), Outbox.objects.count(), Protokoll.objects.count())
    _abgelehnt(absenden(client, entwurf), 429, "zu viele Anträge")
    assert (Antrag.objects.count(), Outbox.objects.count(), Protokoll.objects.count()) == vorher
    anderswo = client_mit(entwurf, Client(REMOTE_ADDR="2001:db8:7:9::1"))
    assert absenden(anderswo, entwurf).status_code == 303
    assert Entwurf.objects.count() == 3
