"""A range fee fixed by the clerk in the decision (issue 13): checked against the rule's
limits and the clerk's right by the payments app, the claim created with the decision;
the Bescheid sets amount, legal basis, Kassenzeichen and due date; the Postfach message
offers to pay it; refusals change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rathaus.konten.models import Postfachnachricht
from rathaus.verfahren import services
from rathaus.verfahren.bescheid.gebuehr import faellig_am, kostenentscheidung
from rathaus.verfahren.models import Aufgabe, Bescheid
from rathaus.zahlungen.models import Gebuehrenregel, Zahlung

from . import bescheid_helfer as h
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def lage(settings):
    settings.RATHAUS_BASE_URL = "https://rathaus.example"
    team = h.team()
    buerger = h.buerger()
    v = f.verfahren(team.oe, buerger=buerger, aktenzeichen="STR-2026-004711")
    Gebuehrenregel.objects.create(
        leistung=v.leistung,
        bezeichnung="Sondernutzungserlaubnis",
        art=Gebuehrenregel.Art.RAHMEN,
        faelligkeit="bescheid",
        betrag_cent=3000,
        betrag_max_cent=25000,
        rechtsgrundlage="Tarifstelle 5.1 Sondernutzungsgebührensatzung",
    )
    team.sb1.user_permissions.add(Permission.objects.get(codename="festsetzen"))
    return team, v


def _entscheiden(team, v, **ergebnis):
    services.aufgabe_complete(
        aufgabe=f.offen(h.frisch(v)), actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    daten = {"entscheidung": "bewilligen", "begruendung": "Erfüllt.", **ergebnis}
    services.aufgabe_complete(aufgabe=f.offen(h.frisch(v)), actor=_frisch(team.sb1), ergebnis=daten)


def _frisch(user):
    return type(user).objects.get(pk=user.pk)  # no permission cache


def test_fee_fixed_in_the_decision_is_in_the_bescheid_and_payable_from_the_postfach(lage):
    team, v = lage
    _entscheiden(team, v, gebuehr_cent="7500")
    zahlung = Zahlung.objects.get(subjekt=f"verfahren:{v.pk}")
    assert (zahlung.betrag_cent, zahlung.status) == (7500, "offen")
    assert zahlung.konto == v.buerger.user
    services.aufgabe_complete(
        aufgabe=f.offen(h.frisch(v)), actor=team.leitung1, ergebnis={"mitzeichnung": "zeichnen"}
    )
    assert h.worker() == ["zugestellt"]
    bescheid = Bescheid.objects.get(verfahren=v)
    text = " ".join(h.pdf_text(h.pdf_bytes(bescheid)).split())
    assert "Gebühr von 75,00 EUR festgesetzt" in text
    assert "Tarifstelle 5.1 Sondernutzungsgebührensatzung" in text
    assert zahlung.kassenzeichen in text
    nachricht = Postfachnachricht.objects.get(pk=bescheid.postfachnachricht_id)
    assert zahlung.kassenzeichen in nachricht.text
    assert "GiroCode" in nachricht.text and "75,00 EUR" in nachricht.text
    # the message page offers the button; only to the account the claim belongs to
    client = Client()
    client.force_login(v.buerger.user)
    with translation.override("de"):
        seite = reverse("konten:nachricht", args=[nachricht.pk])
        bezahlen = reverse("zahlungen:bezahlen", args=[zahlung.oeffentliche_id])
    html = client.get(seite).content.decode()
    assert f'href="{bezahlen}"' in html and "Gebühr bezahlen (75,00 €)" in html
    assert client.get(bezahlen).status_code == 200


@pytest.mark.parametrize(
    ("betrag", "meldung"),
    [("2999", "außerhalb des Gebührenrahmens"), ("25001", "außerhalb des Gebührenrahmens")],
)
def test_an_amount_outside_the_range_is_refused_and_changes_nothing(lage, betrag, meldung):
    team, v = lage
    with pytest.raises(ValidationError) as fehler:
        _entscheiden(team, v, gebuehr_cent=betrag)
    assert meldung in " ".join(fehler.value.message_dict["gebuehr_cent"])
    assert not Zahlung.objects.exists()
    assert Aufgabe.objects.get(verfahren=v, status="offen").art == "entscheidung"


def test_without_the_right_to_fix_fees_the_clerk_is_refused(lage):
    team, v = lage
    team.sb1.user_permissions.clear()
    with pytest.raises(ValidationError) as fehler:
        _entscheiden(team, v, gebuehr_cent="7500")
    assert "gebuehr_cent" in fehler.value.message_dict
    assert not Zahlung.objects.exists()


def test_a_fee_with_a_refusal_is_refused(lage):
    team, v = lage
    with pytest.raises(ValidationError):
        _entscheiden(team, v, entscheidung="ablehnen", gebuehr_cent="7500")
    assert not Zahlung.objects.exists()


def test_without_an_amount_the_catalogue_text_stays(lage):
    team, v = lage
    _entscheiden(team, v)
    assert not Zahlung.objects.exists()
    assert kostenentscheidung(verfahren_id=v.pk, heute=h.frisch(v).eingegangen_am.date()) is None


def test_due_date_is_one_month_after_the_bekanntgabe(settings):
    from datetime import date

    settings.RATHAUS_BEKANNTGABE_TAGE = 3
    assert faellig_am(date(2026, 1, 28)) == date(2026, 2, 28)  # 31 Jan + 1 month: clamped
    assert faellig_am(date(2026, 12, 10)) == date(2027, 1, 13)


def test_a_refusal_after_a_decision_with_fee_asks_for_no_fee(lage):
    """The Leitung sends the decision back, the clerk refuses: the earlier claim is not
    asked for in the Bescheid or its Postfach message."""
    team, v = lage
    _entscheiden(team, v, gebuehr_cent="7500")
    services.aufgabe_complete(
        aufgabe=f.offen(h.frisch(v)),
        actor=team.leitung1,
        ergebnis={"mitzeichnung": "zurueck", "begruendung": "Bitte prüfen."},
    )
    while (offen := f.offen(h.frisch(v))).art != "entscheidung":
        services.aufgabe_complete(
            aufgabe=offen, actor=_frisch(team.sb1), ergebnis={"vollstaendigkeit": "vollstaendig"}
        )
    services.aufgabe_complete(
        aufgabe=offen,
        actor=_frisch(team.sb1),
        ergebnis={"entscheidung": "ablehnen", "begruendung": "Nicht erfüllt."},
    )
    services.aufgabe_complete(
        aufgabe=f.offen(h.frisch(v)), actor=team.leitung1, ergebnis={"mitzeichnung": "zeichnen"}
    )
    assert h.worker() == ["zugestellt"]
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.entscheidung == "ablehnen"
    nachricht = Postfachnachricht.objects.get(pk=bescheid.postfachnachricht_id)
    kassenzeichen = Zahlung.objects.get(subjekt=f"verfahren:{v.pk}").kassenzeichen
    assert kassenzeichen not in nachricht.text and "Gebühr" not in nachricht.text
    assert "festgesetzt" not in " ".join(h.pdf_text(h.pdf_bytes(bescheid)).split())
