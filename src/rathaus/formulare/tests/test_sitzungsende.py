"""A step sent after the citizen's session ended: kept, and after the next login given back
into the same draft of the same citizen only (formulare.sitzungsende)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.selectors import entwurf_link_token
from rathaus.formulare.sitzungsende import SALT, SESSION_KEY
from rathaus.konten.models import Buerger
from rathaus.konten.niveau import Vertrauensniveau
from rathaus.konten.tests.factories import buerger_anlegen, einloggen

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000.0
NAME = "G99000000001.F99000000001"
GUELTIG_1 = {
    NAME: "Musterfrau",
    "G99000000001.F99000000003": "1980-02-29",
    "G99000000001.F99000000009": "000",
    "G99000000001.F99000000011": "false",
}
GESPEICHERT = "Ihre Sitzung war abgelaufen. Ihre Eingaben wurden gespeichert."
AUFBEWAHRT = "Ihre Sitzung war abgelaufen. Ihre Eingaben wurden aufbewahrt"


def url(formular: Formular, nr: int) -> str:
    return reverse("formulare:schritt", args=[formular.pk, nr])


def ref_of(body: str) -> str | None:
    m = re.search(r'name="_sitzung" value="([^"]*)"', body)
    return html.unescape(m.group(1)) if m else None


def value_of(body: str, name: str) -> str | None:
    m = re.search(rf'name="{re.escape(name)}"[^>]* value="([^"]*)"', body)
    return html.unescape(m.group(1)) if m else None


def _zeit_ablauf(client: Client) -> None:
    """The server sees the idle limit passed (the browser still sends the old cookie)."""
    patcher = mock.patch("rathaus.konten.middleware._jetzt", return_value=T0 + 6 * 60)
    patcher.start()
    client._sz_patcher = patcher  # type: ignore[attr-defined]


def _cookie_weg(client: Client) -> None:
    """The browser dropped the session cookie when its max-age passed."""
    client.cookies.pop("sessionid", None)


ABLAEUFE: list[Callable[[Client], None]] = [_zeit_ablauf, _cookie_weg]


@pytest.fixture(autouse=True)
def _uhr_zurueck() -> Any:
    yield
    mock.patch.stopall()


@pytest.fixture
def anna() -> Buerger:
    return buerger_anlegen(vorname="Anna", nachname="Ahrens")


@pytest.fixture
def bert() -> Buerger:
    return buerger_anlegen(vorname="Bert", nachname="Brandt")


def _angemeldet(buerger: Buerger) -> Client:
    client = Client()
    einloggen(client, buerger, Vertrauensniveau.HOCH, jetzt=T0)
    return client


def _nach_ablauf_senden(
    client: Client, formular: Formular, nr: int, daten: dict[str, str], ablauf: Callable
) -> Any:
    """Open step ``nr`` logged in, let the session end, then press "Weiter"."""
    page = client.get(url(formular, nr))
    ref = ref_of(page.content.decode())
    assert ref, "a citizen's step page carries the reference"
    ablauf(client)
    return client.post(url(formular, nr), {**daten, "_sitzung": ref, "_aktion": "weiter"})


def _wieder_anmelden(client: Client, buerger: Buerger) -> None:
    mock.patch.stopall()
    einloggen(client, buerger, Vertrauensniveau.HOCH)


@pytest.mark.parametrize("ablauf", ABLAEUFE, ids=["server", "cookie"])
def test_first_step_after_the_end_is_kept_then_saved_after_login(
    formular: Formular, anna: Buerger, ablauf: Callable
) -> None:
    client = _angemeldet(anna)
    r = _nach_ablauf_senden(client, formular, 1, GUELTIG_1, ablauf)

    assert r.status_code == 303
    assert r["Location"] == (
        f"/konto/anmelden/?next=%2Fantrag%2F{formular.pk}%2Fschritt%2F1%2F&niveau=basis"
    )
    assert not Entwurf.objects.exists()  # nothing written without a login
    anmelden = client.get(r["Location"]).content.decode()
    assert "Ihre Sitzung ist abgelaufen" in anmelden and 'id="eingaben-gesichert"' in anmelden

    _wieder_anmelden(client, anna)
    r = client.get(url(formular, 1))
    assert r.status_code == 302 and r["Location"] == url(formular, 1)
    entwurf = Entwurf.objects.get()
    assert entwurf.buerger == anna
    assert entwurf.daten["G99000000001"]["F99000000001"] == "Musterfrau"
    assert entwurf.aktueller_schritt == 2
    body = html.unescape(client.get(url(formular, 1)).content.decode())
    assert GESPEICHERT in body
    assert value_of(body, NAME) == "Musterfrau"
    assert SESSION_KEY not in client.session
    # said once; the draft is the session's again (the review shows it)
    assert GESPEICHERT not in html.unescape(client.get(url(formular, 1)).content.decode())
    pruefen = client.get(reverse("formulare:pruefen", args=[formular.pk])).content.decode()
    assert "Musterfrau" in pruefen


@pytest.mark.parametrize("ablauf", ABLAEUFE, ids=["server", "cookie"])
def test_change_after_the_end_goes_into_the_same_draft(
    formular: Formular, anna: Buerger, ablauf: Callable
) -> None:
    client = _angemeldet(anna)
    client.post(url(formular, 1), {**GUELTIG_1, "_aktion": "weiter"})
    entwurf = Entwurf.objects.get()
    assert entwurf.buerger == anna

    r = _nach_ablauf_senden(client, formular, 1, {**GUELTIG_1, NAME: "Nachtigall"}, ablauf)
    assert r.status_code == 303
    entwurf.refresh_from_db()
    assert entwurf.daten["G99000000001"]["F99000000001"] == "Musterfrau"  # not yet

    _wieder_anmelden(client, anna)
    r = client.get(url(formular, 1))
    assert r.status_code == 302
    assert Entwurf.objects.get() == entwurf  # the same draft, no second one
    entwurf.refresh_from_db()
    assert entwurf.daten["G99000000001"]["F99000000001"] == "Nachtigall"


def test_invalid_input_comes_back_with_its_errors(formular: Formular, anna: Buerger) -> None:
    client = _angemeldet(anna)
    r = _nach_ablauf_senden(client, formular, 1, {NAME: "Nur der Name"}, _cookie_weg)
    assert r.status_code == 303
    _wieder_anmelden(client, anna)
    r = client.get(url(formular, 1))
    body = html.unescape(r.content.decode())
    assert r.status_code == 200
    assert AUFBEWAHRT in body
    assert 'id="fehlerliste"' in body and "„Geburtsdatum“ ist eine Pflichtangabe." in body
    assert value_of(body, NAME) == "Nur der Name"
    assert not Entwurf.objects.exists()


def test_another_citizen_gets_nothing_and_the_input_is_dropped(
    formular: Formular, anna: Buerger, bert: Buerger
) -> None:
    client = _angemeldet(anna)
    client.post(url(formular, 1), {**GUELTIG_1, "_aktion": "weiter"})
    entwurf = Entwurf.objects.get()
    daten_vorher = entwurf.daten
    _nach_ablauf_senden(client, formular, 1, {**GUELTIG_1, NAME: "Geheim"}, _cookie_weg)

    _wieder_anmelden(client, bert)  # same browser, another account
    r = client.get(url(formular, 1))
    body = html.unescape(r.content.decode())
    assert r.status_code == 200
    assert "Geheim" not in body and "Musterfrau" not in body
    assert AUFBEWAHRT not in body and GESPEICHERT not in body
    assert SESSION_KEY not in client.session
    assert Entwurf.objects.count() == 1
    entwurf.refresh_from_db()
    assert entwurf.daten == daten_vorher and entwurf.buerger == anna
    # dropped, not kept for later: Anna logging in afterwards in this browser gets nothing
    _wieder_anmelden(client, anna)
    assert "Geheim" not in client.get(url(formular, 1)).content.decode()


def test_kept_input_waits_while_nobody_is_logged_in(formular: Formular, anna: Buerger) -> None:
    client = _angemeldet(anna)
    _nach_ablauf_senden(client, formular, 1, GUELTIG_1, _cookie_weg)
    r = client.get(url(formular, 1))
    assert r.status_code == 200
    assert "Musterfrau" not in r.content.decode()
    assert ref_of(r.content.decode()) is None  # anonymous pages carry no reference
    assert SESSION_KEY in client.session
    assert not Entwurf.objects.exists()


def test_a_draft_gone_meanwhile_refuses_the_input(formular: Formular, anna: Buerger) -> None:
    client = _angemeldet(anna)
    client.post(url(formular, 1), {**GUELTIG_1, "_aktion": "weiter"})
    _nach_ablauf_senden(client, formular, 1, {**GUELTIG_1, NAME: "Spät"}, _cookie_weg)
    Entwurf.objects.update(laeuft_ab_am=timezone.now() - timedelta(seconds=1))
    _wieder_anmelden(client, anna)
    r = client.get(url(formular, 1))
    assert r.status_code == 200 and "Spät" not in r.content.decode()
    assert SESSION_KEY not in client.session


def test_logged_in_post_with_reference_is_handled_as_usual(
    formular: Formular, anna: Buerger
) -> None:
    client = _angemeldet(anna)
    ref = ref_of(client.get(url(formular, 1)).content.decode())
    r = client.post(url(formular, 1), {**GUELTIG_1, "_sitzung": ref, "_aktion": "weiter"})
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    assert Entwurf.objects.get().buerger == anna
    assert SESSION_KEY not in client.session


def _signiert(inhalt: Any, salt: str = SALT) -> str:
    return signing.dumps(inhalt, salt=salt, compress=True)


@pytest.mark.parametrize(
    "falsch",
    [
        "erfunden",
        "x" * 5000,
        "",
        "__fremdes_formular__",
        "__anderes_salz__",
        "__kein_dict__",
        "__buerger_text__",
    ],
)
def test_forged_references_are_ignored(formular: Formular, anna: Buerger, falsch: str) -> None:
    """An anonymous POST without a valid reference is an anonymous step as before."""
    gueltig = {"f": formular.pk, "b": anna.pk, "e": None}
    werte = {
        "__fremdes_formular__": _signiert({**gueltig, "f": formular.pk + 1}),
        "__anderes_salz__": _signiert(gueltig, salt="rathaus.formulare.entwurf"),
        "__kein_dict__": _signiert([formular.pk, anna.pk]),
        "__buerger_text__": _signiert({**gueltig, "b": str(anna.pk)}),
    }
    client = Client()
    r = client.post(
        url(formular, 1), {**GUELTIG_1, "_sitzung": werte.get(falsch, falsch), "_aktion": "weiter"}
    )
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    assert SESSION_KEY not in client.session
    assert Entwurf.objects.get().buerger is None


def test_resume_link_token_is_no_reference(formular: Formular, anna: Buerger) -> None:
    client = _angemeldet(anna)
    client.post(url(formular, 1), {**GUELTIG_1, "_aktion": "weiter"})
    token = entwurf_link_token(entwurf=Entwurf.objects.get())
    fremd = Client()
    fremd.post(url(formular, 1), {**GUELTIG_1, NAME: "Fremd", "_sitzung": token})
    assert SESSION_KEY not in fremd.session
    assert Entwurf.objects.get(buerger=anna).daten["G99000000001"]["F99000000001"] == "Musterfrau"


def test_kept_input_holds_only_the_steps_own_bounded_inputs(
    formular: Formular, anna: Buerger
) -> None:
    client = _angemeldet(anna)
    _nach_ablauf_senden(
        client,
        formular,
        1,
        {**GUELTIG_1, NAME: "A" * 20_000, "fremd": "x", "G99000000002.F99000000020": "true"},
        _cookie_weg,
    )
    roh = client.session[SESSION_KEY]["roh"]
    assert "fremd" not in roh and "G99000000002.F99000000020" not in roh
    assert len(roh[NAME]) <= 10_001
