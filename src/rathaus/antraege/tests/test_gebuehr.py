"""The advance fee around "absenden" (issue 13): the review page shows the amount computed
on the server from the answers; a changed or missing amount is refused and nothing is
submitted; the submit creates the claim for this browser; the receipt offers "Gebühr
bezahlen" while it is open and says when it is paid."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from rathaus.antraege.models import Antrag
from rathaus.zahlungen.models import Gebuehrenregel, Zahlung
from rathaus.zahlungen.services import zahlung_book_transfer

from . import helfer
from .web import absenden, client_mit


@pytest.fixture
def regel(welt, settings):
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["xbezahldienste", "girocode"]
    return Gebuehrenregel.objects.create(
        leistung=welt.leistung,
        bezeichnung="Bescheinigung",
        art=Gebuehrenregel.Art.FEST,
        betrag_cent=1500,
        rechtsgrundlage="Tarifstelle 1.1 VwKostO M-V",
    )


def test_review_page_shows_the_fee_and_carries_the_amount(welt, regel):
    entwurf = helfer.entwurf(welt.formular)
    html = client_mit(entwurf).get(reverse("formulare:pruefen", args=[welt.formular.pk]))
    text = html.content.decode()
    assert 'id="gebuehr-summe">15,00 €' in text
    assert "Tarifstelle 1.1 VwKostO M-V" in text
    assert 'name="betrag_cent" value="1500"' in text


@pytest.mark.parametrize("betrag", ["1", "0", "", "1500.0", "-1500", "<script>"])
def test_a_changed_or_missing_amount_is_refused_and_nothing_submitted(welt, regel, betrag):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    antwort = absenden(client, entwurf, betrag_cent=betrag)
    assert antwort.status_code == 400
    assert "Der Betrag wurde verändert" in antwort.content.decode()
    assert not Antrag.objects.exists() and not Zahlung.objects.exists()


def test_submit_creates_the_claim_and_the_receipt_offers_to_pay(welt, regel):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    antwort = absenden(client, entwurf, betrag_cent="1500")
    assert antwort.status_code == 303
    antrag = Antrag.objects.get()
    zahlung = Zahlung.objects.get(subjekt=f"antrag:{antrag.pk}")
    assert zahlung.betrag_cent == 1500 and zahlung.konto is None
    seite = client.get(antwort["Location"]).content.decode()
    bezahlen = reverse("zahlungen:bezahlen", args=[zahlung.oeffentliche_id])
    assert f'href="{bezahlen}"' in seite and "Gebühr bezahlen (15,00 €)" in seite
    # this browser may open the pay page (no account); another browser may not
    assert client.get(bezahlen).status_code == 200
    assert client_mit(helfer.entwurf(welt.formular)).get(bezahlen).status_code == 404
    # a double click creates no second claim
    absenden(client, entwurf, betrag_cent="1500")
    assert Zahlung.objects.count() == 1

    kasse = User.objects.create_user("kasse", is_staff=True)
    kasse.user_permissions.add(Permission.objects.get(codename="buchen"))
    kasse = User.objects.get(pk=kasse.pk)
    zahlung_book_transfer(zahlung=zahlung, actor=kasse, betrag_cent=1500, buchungsreferenz="u")
    seite = client.get(antwort["Location"]).content.decode()
    assert "Die Gebühr ist bezahlt" in seite and bezahlen not in seite


def test_without_fee_nothing_changes(welt):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    text = client.get(reverse("formulare:pruefen", args=[welt.formular.pk])).content.decode()
    assert "betrag_cent" not in text and 'id="gebuehr"' not in text
    antwort = absenden(client, entwurf)
    assert antwort.status_code == 303 and not Zahlung.objects.exists()
    assert "zahlung-hinweis" not in client.get(antwort["Location"]).content.decode()


def test_a_count_that_cannot_be_computed_locks_the_button(welt, regel):
    regel.art = Gebuehrenregel.Art.STUECK
    regel.mengenfeld = "G99000000001.F99000000009"  # answer "000": no count from 1 to 20
    regel.save()
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    text = client.get(reverse("formulare:pruefen", args=[welt.formular.pk])).content.decode()
    assert 'id="gebuehr-fehler"' in text and "zwischen 1 und 20" in text
    assert 'id="antrag-absenden-knopf" disabled' in text
    assert absenden(client, entwurf, betrag_cent="1500").status_code == 400
    assert not Antrag.objects.exists()


def test_the_fee_in_english(welt, regel):
    from django.utils import translation

    entwurf = helfer.entwurf(welt.formular)
    with translation.override("en"):
        url = reverse("formulare:pruefen", args=[welt.formular.pk])
    text = client_mit(entwurf).get(url).content.decode()
    assert "Amount due" in text and "15.00 €" in text
    assert "before the application is processed" in text
