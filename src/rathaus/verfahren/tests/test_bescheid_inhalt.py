"""What the Bescheid says: the operative sentence as German (what was applied for, from the
form's title, not the glued LeiKa name), the legal basis as real norms, the fee decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from rathaus.antraege.tests import helfer
from rathaus.formulare.models import Formular
from rathaus.katalog.models import Gebuehr, Leistung
from rathaus.konten.models import Postfachnachricht
from rathaus.organisation.models import Rolle
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren.bescheid.tenor import gebuehrenentscheidung, gegenstand
from rathaus.verfahren.models import Bescheid

from . import bescheid_helfer as h
from . import factories as f
from .test_bescheid_vorlagen import _verfahren_aus_antrag

pytestmark = pytest.mark.django_db

LEIKA_NAME = "Erlaubnis zur gewerbsmäßigen Schaustellung von Personen Verlängerung"
FORMULAR = (
    "Antrag auf Verlängerung der Frist für das Erlöschen der Erlaubnis zur gewerbsmäßigen "
    "Schaustellung von Personen"
)


@pytest.mark.parametrize(
    ("titel", "erwartet"),
    [
        ([FORMULAR], FORMULAR.removeprefix("Antrag ")),
        (
            ["", "Antrag  für die Zulässigkeit\nvon Kündigungen"],
            "für die Zulässigkeit von Kündigungen",
        ),
        (["Antrag Auf Blaue Karte EU"], "auf Blaue Karte EU"),
        # Glued or verb-style titles do not fit "Ihr Antrag …": the Leistung in quotes.
        (["Antrag Verlängerung Aufenthaltserlaubnis"], f"zur Leistung „{LEIKA_NAME}“"),
        (["Erlaubnis als Finanzanlagenvermittler beantragen"], f"zur Leistung „{LEIKA_NAME}“"),
        (["Antragsformular auf X", "Antrag auf"], f"zur Leistung „{LEIKA_NAME}“"),
        ([], f"zur Leistung „{LEIKA_NAME}“"),
    ],
)
def test_gegenstand_reads_after_ihr_antrag(titel, erwartet):
    assert gegenstand(formular_titel=titel, leistung_name=LEIKA_NAME) == erwartet


def test_gebuehrenentscheidung_per_kind_of_catalogue_fee():
    leistung = f.leistung()
    assert gebuehrenentscheidung(leistung=leistung, gebuehren=[], aktenzeichen="A").saetze == ()
    frei = Gebuehr(leistung=leistung, bezeichnung="Anmeldung", betrag=Decimal(0))
    assert gebuehrenentscheidung(leistung=leistung, gebuehren=[frei], aktenzeichen="A").saetze == (
        "Diese Entscheidung ist gebührenfrei.",
    )
    spanne = Gebuehr(
        leistung=leistung,
        bezeichnung="Verlängerung der Frist",
        betrag=Decimal(30),
        betrag_bis=Decimal(250),
        hinweis="je nach Aufwand",
    )
    teil = gebuehrenentscheidung(leistung=leistung, gebuehren=[spanne], aktenzeichen="A")
    assert teil.betrag is None
    assert teil.saetze == (
        "Über die Gebühr für diese Entscheidung ergeht ein gesonderter Gebührenbescheid. Laut "
        "Gebührenverzeichnis gilt: Verlängerung der Frist, 30,00 EUR bis 250,00 EUR, je nach "
        "Aufwand.",
    )


def _team_fuer(v) -> f.Team:
    team = h.team()
    for user, rolle in ((team.sb1, Rolle.SACHBEARBEITUNG), (team.leitung1, Rolle.LEITUNG)):
        mitgliedschaft_add(
            user=user, organisationseinheit=v.organisationseinheit, rolle=rolle, actor="t"
        )
    return team


def test_tenor_legal_basis_and_fee_of_a_granted_application(tmp_path):
    welt = helfer.welt(tmp_path)
    Leistung.objects.filter(pk=welt.leistung.pk).update(
        name=LEIKA_NAME,
        rechtsgrundlagen=(
            "§ 33a Gewerbeordnung (GewO) [http://www.gesetze-im-internet.de/gewo/__33a.html]\n"
            "§ 49 Gewerbeordnung (GewO)\n"
            "XInneres.Meldeanschrift Version 8\n"
            "§ 12 Wirtschaftsgesetz NRW"
        ),
    )
    Gebuehr.objects.create(
        leistung=welt.leistung,
        bezeichnung="Verlängerung der Frist",
        betrag=Decimal(30),
        hinweis="Nr. 4.2 Verwaltungsgebührensatzung",
    )
    Formular.objects.filter(pk=welt.formular.pk).update(name=FORMULAR, bezeichnung="")
    buerger = helfer.buerger()
    _antrag, v = _verfahren_aus_antrag(welt, buerger)
    v = h.entscheiden(v, _team_fuer(v))
    bescheid = Bescheid.objects.get(verfahren=v)
    text = h.pdf_text(h.pdf_bytes(bescheid))
    eingang = f"{timezone.localdate(v.eingegangen_am):%d.%m.%Y}"
    beantragt = FORMULAR.removeprefix("Antrag ")
    for erwartet in (
        f"über Ihren Antrag {beantragt} vom {eingang}",
        f"Ihr Antrag {beantragt} vom {eingang} (Aktenzeichen {v.aktenzeichen}) wird bewilligt.",
        "Rechtsgrundlagen Dieser Bescheid beruht auf: "
        "§ 33a Gewerbeordnung (GewO) § 49 Gewerbeordnung (GewO)",
        "Gebührenentscheidung Für diese Entscheidung wird eine Gebühr von 30,00 EUR "
        "festgesetzt (Verlängerung der Frist).",
        "Rechtsgrundlage der Gebühr: Nr. 4.2 Verwaltungsgebührensatzung.",
        "Die Gebühr wird mit der Bekanntgabe dieses Bescheids fällig. Bitte zahlen Sie den "
        f"Betrag innerhalb eines Monats nach der Bekanntgabe und geben Sie dabei das "
        f"Aktenzeichen {v.aktenzeichen} an.",
    ):
        assert erwartet in text, erwartet
    # Not the glued catalogue key, no data-model reference, no law of another Land.
    assert f"Antrag auf {LEIKA_NAME}" not in text
    assert "XInneres" not in text and "NRW" not in text and "http" not in text
    nachricht = Postfachnachricht.objects.filter(empfaenger=buerger).latest("pk")  # the Bescheid
    assert f"Ihr Antrag {beantragt} (Aktenzeichen {v.aktenzeichen}) wurde bewilligt." in (
        " ".join(nachricht.text.split())
    )


def test_a_refusal_sets_no_fee(tmp_path):
    team = h.team()
    leistung = f.leistung()
    Gebuehr.objects.create(leistung=leistung, bezeichnung="Gebühr", betrag=Decimal(30))
    v = h.entscheiden(
        f.verfahren(team.oe, leistung, buerger=h.buerger()), team, entscheidung="ablehnen"
    )
    text = h.pdf_text(h.pdf_bytes(Bescheid.objects.get(verfahren=v)))
    assert "wird abgelehnt" in text
    assert "Gebühr" not in text
