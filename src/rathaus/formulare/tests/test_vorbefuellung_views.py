"""Once-only prefill through the test client: a logged-in citizen starts with the identity's
values, visibly and editable; anonymous visitors and saved answers are never touched."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from rathaus.core.models import Protokoll
from rathaus.formulare.models import Entwurf, Formular
from rathaus.konten.tests.factories import buerger_anlegen, einloggen

from .conftest import importieren
from .daten import FIM, needs_data, person_schema_xml

PERSON = "G99000000050"
ADRESSE = f"{PERSON}.G99000000051"
KONTAKT = "G99000000052"
MAIL = f"{KONTAKT}.G99000000053.F60000000242"
HINWEIS = "aus Ihrem Nutzerkonto übernommen"


@pytest.fixture
def formular(db, tmp_path: Path) -> Formular:
    p = tmp_path / "person.xml"
    p.write_bytes(person_schema_xml())
    return importieren(p)[0].formular


@pytest.fixture
def maria(db):
    return buerger_anlegen(
        vorname="Maria",
        nachname="Neumann",
        geburtsname="Winter",
        email="maria.neumann@example.org",
    )


def url(formular: Formular, nr: int) -> str:
    return reverse("formulare:schritt", args=[formular.pk, nr])


def value_of(body: str, name: str) -> str | None:
    m = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', body)
    return html.unescape(m.group(1)) if m else None


def hinweis_ids(body: str) -> set[str]:
    return set(re.findall(r'id="(f-[^"]+)-konto"', body))


def schritt_1(**aenderungen: str) -> dict[str, str]:
    daten = {
        f"{PERSON}.F60000000228": "Maria",
        f"{PERSON}.F60000000227": "Neumann",
        f"{PERSON}.F60000000230": "Winter",
        f"{PERSON}.F05000016340": "1987-03-14",
        f"{ADRESSE}.F60000000243": "Ossenreyerstraße",
        f"{ADRESSE}.F60000000244": "12",
        f"{ADRESSE}.F60000000246": "18439",
        f"{ADRESSE}.F60000000247": "Stralsund",
        "_aktion": "weiter",
    }
    daten.update(aenderungen)
    return daten


def test_a_logged_in_citizen_starts_with_the_identity_visibly(client, formular, maria):
    einloggen(client, maria)
    r = client.get(url(formular, 1))
    body = r.content.decode()
    assert r.status_code == 200
    for name, erwartet in schritt_1().items():
        if not name.startswith("_"):
            assert value_of(body, name) == erwartet, name
    # every filled field carries the hint, linked to its input
    assert len(hinweis_ids(body)) == 8
    ziel = "f-G99000000050-F60000000228"
    assert re.search(rf'id="{ziel}"[^>]*aria-describedby="[^"]*{ziel}-konto"', body)
    assert body.count(HINWEIS) >= 8
    # the notice names the source and the fields
    notiz = html.unescape(body[body.index('id="uebernahme"') :])
    assert "Angaben aus Ihrem Nutzerkonto" in notiz and "idp.example.org" in notiz
    assert "Schritt 1: Vornamen" in notiz and "Schritt 2: E-Mail" in notiz
    # nothing is stored by looking at a form
    assert Entwurf.objects.count() == 0


def test_anonymous_visitors_get_nothing(client, formular, maria):
    body = client.get(url(formular, 1)).content.decode()
    assert value_of(body, f"{PERSON}.F60000000228") == ""
    assert HINWEIS not in body and 'id="uebernahme"' not in body


def test_the_prefill_is_recorded_once_and_never_overwrites_answers(client, formular, maria):
    einloggen(client, maria)
    r = client.post(url(formular, 1), schritt_1(**{f"{PERSON}.F60000000228": "Marie"}))
    assert r.status_code == 302
    entwurf = Entwurf.objects.get()
    assert entwurf.buerger == maria
    assert entwurf.daten[PERSON]["F60000000228"] == "Marie"
    record = entwurf.vorbefuellung
    assert record["felder"][f"{PERSON}.F60000000228"] == "Maria"
    assert record["felder"][MAIL] == "maria.neumann@example.org"
    assert record["offen"] == [2] and record["quelle"] == "https://idp.example.org"
    # the citizen's change stands and loses the hint; the untouched fields keep theirs
    body = client.get(url(formular, 1)).content.decode()
    assert value_of(body, f"{PERSON}.F60000000228") == "Marie"
    assert "f-G99000000050-F60000000228" not in hinweis_ids(body)
    assert "f-G99000000050-F60000000227" in hinweis_ids(body)
    # a later login with other identity data changes nothing in the draft
    maria.nachname, maria.email = "Anders", "neu@example.org"
    maria.save()
    body = client.get(url(formular, 1)).content.decode()
    assert value_of(body, f"{PERSON}.F60000000227") == "Neumann"
    # step 2 was not saved yet: its e-mail input starts with the recorded value, in the
    # group the rules hide until "Ja" (the browser shows it with the value)
    body = client.get(url(formular, 2)).content.decode()
    assert value_of(body, MAIL) == "maria.neumann@example.org"
    assert re.search(r'id="f-G99000000052-G99000000053" data-fim="G99000000053" hidden', body)
    # saved with "Nein": the hidden value is dropped and never comes back
    r = client.post(
        url(formular, 2),
        {f"{KONTAKT}.F99000000060": "false", MAIL: "maria.neumann@example.org"},
    )
    assert r.status_code == 302
    entwurf.refresh_from_db()
    assert "G99000000053" not in entwurf.daten[KONTAKT]
    assert entwurf.vorbefuellung["offen"] == []
    body = client.get(url(formular, 2)).content.decode()
    assert value_of(body, MAIL) == ""


def test_the_review_page_marks_what_still_comes_from_the_identity(client, formular, maria):
    einloggen(client, maria)
    client.post(url(formular, 1), schritt_1(**{f"{PERSON}.F60000000228": "Marie"}))
    client.post(
        url(formular, 2), {f"{KONTAKT}.F99000000060": "true", MAIL: "maria.neumann@example.org"}
    )
    body = html.unescape(
        client.get(reverse("formulare:pruefen", args=[formular.pk])).content.decode()
    )
    zeilen = re.findall(r"<dt[^>]*>([^<]*)</dt><dd[^>]*>(.*?)</dd>", body)
    markiert = {label for label, wert in zeilen if HINWEIS in wert}
    assert markiert == {
        "Familienname",
        "Geburtsname",
        "Geburtsdatum",
        "Straße",
        "Hausnummer",
        "Postleitzahl",
        "Ort",
        "E-Mail",
    }
    assert "Vornamen" in {label for label, _w in zeilen}  # changed: not marked


def test_an_existing_draft_is_not_filled_after_login(client, formular, maria):
    r = client.post(url(formular, 1), schritt_1(**{f"{PERSON}.F60000000227": "Muster"}))
    assert r.status_code == 302
    einloggen(client, maria)  # the session (and its draft) survives the login
    body = client.get(url(formular, 2)).content.decode()
    assert value_of(body, MAIL) == ""
    assert HINWEIS not in body
    body = client.get(url(formular, 1)).content.decode()
    assert value_of(body, f"{PERSON}.F60000000227") == "Muster"
    assert 'id="uebernahme"' not in body


def test_hostile_identity_values_are_escaped_or_left_out(client, formular, db):
    b = buerger_anlegen(vorname='<script>alert("x")</script>')
    # as long as the account allows, and longer than the form's field (maxLength 120)
    b.nachname, b.ort = "N" * 200, '" autofocus onfocus="alert(1)'
    b.save()
    einloggen(client, b)
    r = client.get(url(formular, 1))
    body = r.content.decode()
    assert r.status_code == 200
    assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;x&quot;)" in body
    assert 'onfocus="alert' not in body
    assert value_of(body, f"{ADRESSE}.F60000000247") == '" autofocus onfocus="alert(1)'
    assert "N" * 121 not in body  # longer than the field allows: left out, not cut
    assert value_of(body, f"{PERSON}.F60000000227") == ""


def test_the_audit_log_names_the_prefilled_fields_not_their_values(client, formular, maria):
    einloggen(client, maria)
    client.post(url(formular, 1), schritt_1())
    eintrag = Protokoll.objects.filter(aktion="entwurf.save").latest("zeitpunkt")
    assert f"{PERSON}.F60000000228" in eintrag.details["vorbefuellt"]
    assert "Maria" not in str(eintrag.details)


@needs_data
def test_a_real_form_shows_the_applicant_prefilled(client, maria):
    formular = importieren(FIM / "xdf3" / "S00000000374" / "schema.xdf.xml")[0].formular
    einloggen(client, maria)
    body = client.get(url(formular, 1)).content.decode()
    person = "G00000002190.G00000002181"
    assert value_of(body, f"{person}.F60000000228") == "Maria"
    assert value_of(body, f"{person}.G60000000083.F60000000233") == "1987"
    strasse = f"{person}.G60000000093.G60000000088.G60000000086.F60000000243"
    assert value_of(body, strasse) == "Ossenreyerstraße"
    # "in Deutschland" is chosen, and the server shows the domestic address with it
    assert re.search(r'value="001" checked', body)
    assert not re.search(
        r'id="f-G00000002190-G00000002181-G60000000093-G60000000088"[^>]*hidden', body
    )
    # the legal representative's fields stay empty
    vertreter = f"{'G00000002190.G60000000220.G60000000224'}.F60000000228"
    assert value_of(body, vertreter) in ("", None)
