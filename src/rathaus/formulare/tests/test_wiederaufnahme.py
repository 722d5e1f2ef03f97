"""A logged-in citizen who starts a form again in a new session is offered their saved
draft: continue it or start afresh. Never another citizen's draft, nothing expired, and
anonymous visitors go on as before (they resume through their link)."""

from __future__ import annotations

import html
import re
import secrets
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from rathaus.formulare.models import Entwurf, Formular
from rathaus.konten.models import Buerger
from rathaus.konten.tests.factories import buerger_anlegen, einloggen

from .conftest import importieren
from .daten import schema_xml
from .test_views import GUELTIG_1, entwurf_of, url

FAMILIENNAME = "G99000000001.F99000000001"
FORTSETZEN = "Gespeicherten Antrag fortsetzen"


def angebot(formular: Formular) -> str:
    return reverse("formulare:gespeichert", args=[formular.pk])


def neue_sitzung(buerger: Buerger | None = None) -> Client:
    """A browser of its own: a new session, logged in as ``buerger``."""
    client = Client()
    if buerger is not None:
        einloggen(client, buerger)
    return client


def gespeichert(formular: Formular, buerger: Buerger) -> Entwurf:
    """A draft saved in an earlier session (step 1 done, step 2 next), as the steps save it."""
    client = neue_sitzung(buerger)
    r = client.post(url(formular, 1), {**GUELTIG_1, "_aktion": "weiter"})
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    entwurf = entwurf_of(client)
    assert entwurf is not None and entwurf.buerger == buerger
    return entwurf


def text(r) -> str:
    return html.unescape(r.content.decode())


def value_of(body: str, name: str) -> str | None:
    m = re.search(rf'name="{re.escape(name)}"[^>]*? value="([^"]*)"', body)
    return html.unescape(m.group(1)) if m else None


@pytest.fixture
def maria(db) -> Buerger:
    return buerger_anlegen(vorname="Maria", nachname="Neumann")


@pytest.fixture
def jan(db) -> Buerger:
    return buerger_anlegen(vorname="Jan", nachname="Petersen")


def test_a_new_session_offers_the_saved_draft_instead_of_a_blank_form(client, formular, maria):
    alt = gespeichert(formular, maria)
    neu = neue_sitzung(maria)
    r = neu.get(reverse("formulare:start", args=[formular.pk]), follow=True)
    assert r.redirect_chain[-1] == (angebot(formular), 302)
    body = text(r)
    with translation.override("de"):
        datum = formats.date_format(timezone.localtime(alt.erstellt_am), "DATE_FORMAT")
        zeit = formats.time_format(timezone.localtime(alt.geaendert_am), "H:i")
    assert f"Sie haben einen gespeicherten Antrag vom {datum} (zuletzt bearbeitet am" in body
    assert f"um {zeit} Uhr, Schritt 2 von 2)" in body
    assert FORTSETZEN in body and "Neu beginnen" in body
    assert f'name="entwurf" value="{alt.pk}"' in body
    assert reverse("formulare:verwerfen", args=[formular.pk]) in body
    assert entwurf_of(neu) is None  # nothing bound before the citizen chooses
    assert Entwurf.objects.filter(buerger=maria).count() == 1  # and no blank draft


def test_continue_binds_the_draft_and_opens_the_next_step(formular, maria):
    alt = gespeichert(formular, maria)
    neu = neue_sitzung(maria)
    r = neu.post(angebot(formular), {"entwurf": str(alt.pk)})
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    assert entwurf_of(neu) == alt
    body = text(neu.get(url(formular, 1)))
    assert value_of(body, FAMILIENNAME) == "Musterfrau"
    assert neu.get(url(formular, 1)).status_code == 200  # no second offer once bound
    assert Entwurf.objects.filter(buerger=maria).count() == 1


def test_continue_goes_back_to_an_earlier_step_that_still_needs_input(formular, maria):
    alt = gespeichert(formular, maria)
    del alt.daten["G99000000001"]["F99000000001"]  # e.g. a rule asks for more meanwhile
    alt.save()
    neu = neue_sitzung(maria)
    assert "Schritt 1 von 2" in text(neu.get(angebot(formular)))
    r = neu.post(angebot(formular), {"entwurf": alt.pk})
    assert r["Location"] == url(formular, 1)


def test_neu_beginnen_starts_blank_and_keeps_the_saved_draft(formular, maria):
    alt = gespeichert(formular, maria)
    neu = neue_sitzung(maria)
    assert neu.get(url(formular, 1))["Location"] == angebot(formular)
    r = neu.post(reverse("formulare:verwerfen", args=[formular.pk]))
    assert r.status_code == 302 and r["Location"] == url(formular, 1)
    r = neu.get(url(formular, 1))
    assert r.status_code == 200  # not offered again in this session
    assert value_of(text(r), FAMILIENNAME) == "Neumann"  # the identity's, not the saved answer
    assert entwurf_of(neu) is None
    neu.post(url(formular, 1), {**GUELTIG_1, FAMILIENNAME: "Neumann", "_aktion": "weiter"})
    frisch = entwurf_of(neu)
    assert frisch is not None and frisch != alt
    alt.refresh_from_db()
    assert alt.daten["G99000000001"]["F99000000001"] == "Musterfrau"
    # a later session offers both, each with its own button
    body = text(neue_sitzung(maria).get(angebot(formular)))
    assert body.count(f'<span class="kern-label">{FORTSETZEN}</span>') == 2
    assert f'value="{alt.pk}"' in body and f'value="{frisch.pk}"' in body


def _fremdes_angebot(client: Client, formular: Formular, wert: str) -> None:
    r = client.post(angebot(formular), {"entwurf": wert})
    assert r.status_code == 404
    assert "Diesen gespeicherten Antrag gibt es nicht mehr" in text(r)
    assert entwurf_of(client) is None


def test_another_citizens_draft_is_never_offered_or_bound(formular, maria, jan):
    alt = gespeichert(formular, maria)
    anonym = Entwurf.objects.create(formular=formular, daten={}, token=secrets.token_urlsafe(24))
    fremd = neue_sitzung(jan)
    r = fremd.get(url(formular, 1))
    assert r.status_code == 200 and "Musterfrau" not in text(r)
    assert fremd.get(angebot(formular))["Location"] == url(formular, 1)
    for wert in (str(alt.pk), f" {alt.pk} ", str(anonym.pk)):
        _fremdes_angebot(fremd, formular, wert)
    assert "Musterfrau" not in text(fremd.get(url(formular, 2)))
    # and Maria cannot take the anonymous draft either
    _fremdes_angebot(neue_sitzung(maria), formular, str(anonym.pk))


@pytest.mark.parametrize("wert", ["", "abc", "-1", "0", "9" * 30, "1e3", "1;2", "١"])
def test_made_up_draft_ids_get_a_clear_answer_and_bind_nothing(formular, maria, wert):
    gespeichert(formular, maria)
    _fremdes_angebot(neue_sitzung(maria), formular, wert)


def test_expired_drafts_are_not_offered(formular, maria):
    alt = gespeichert(formular, maria)
    Entwurf.objects.filter(pk=alt.pk).update(laeuft_ab_am=timezone.now() - timedelta(seconds=1))
    neu = neue_sitzung(maria)
    assert neu.get(url(formular, 1)).status_code == 200
    _fremdes_angebot(neu, formular, str(alt.pk))


def test_drafts_of_another_form_are_not_offered(formular, maria, tmp_path):
    p = tmp_path / "anderes.xml"
    p.write_bytes(schema_xml(sid="S99000000002", titel="Anderer Antrag"))
    anderes = importieren(p)[0].formular
    alt = gespeichert(anderes, maria)
    neu = neue_sitzung(maria)
    assert neu.get(url(formular, 1)).status_code == 200
    _fremdes_angebot(neu, formular, str(alt.pk))


def test_a_draft_of_an_older_version_continues_in_that_version(formular, maria, tmp_path):
    p = tmp_path / "neu.xml"
    p.write_bytes(schema_xml("2.0.0"))
    neue_fassung = importieren(p)[0].formular
    Formular.objects.filter(pk=neue_fassung.pk).update(
        veroeffentlicht_am=formular.veroeffentlicht_am + timedelta(days=1)
    )
    alt = gespeichert(formular, maria)
    neu = neue_sitzung(maria)
    assert neu.get(url(neue_fassung, 1))["Location"] == angebot(neue_fassung)
    assert "früheren Fassung" in text(neu.get(angebot(neue_fassung)))
    r = neu.post(angebot(neue_fassung), {"entwurf": alt.pk})
    assert r["Location"] == url(formular, 2)
    assert entwurf_of(neu) == alt
    # a draft of the newer version is not offered on the older one
    alt.delete()
    gespeichert(neue_fassung, maria)
    assert neue_sitzung(maria).get(url(formular, 1)).status_code == 200


def test_anonymous_visitors_are_unaffected(client, formular, maria):
    alt = gespeichert(formular, maria)
    Entwurf.objects.create(formular=formular, daten={}, token=secrets.token_urlsafe(24))
    assert client.get(url(formular, 1)).status_code == 200
    assert client.get(angebot(formular))["Location"] == url(formular, 1)
    r = client.post(angebot(formular), {"entwurf": alt.pk})
    assert r.status_code == 302 and r["Location"] == url(formular, 1)
    assert entwurf_of(client) is None
