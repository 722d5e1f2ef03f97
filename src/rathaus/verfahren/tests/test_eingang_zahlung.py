"""The intake step "zahlung" (issue 13): an Antrag with an advance fee waits for its
payment; ``zahlung.bezahlt`` lets it go on — after the return page, and after a late
confirmation that only the reconciliation saw (the citizen had closed the browser)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User

from rathaus.antraege import services as antraege_services
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox
from rathaus.verfahren.models import Eingang, Verfahren
from rathaus.zahlungen.models import Gebuehrenregel, Zahlung
from rathaus.zahlungen.selectors import antworten_flach
from rathaus.zahlungen.services import (
    zahlung_book_transfer,
    zahlung_start,
    zahlungen_sync_all,
)
from rathaus.zahlungen.tests.conftest import (  # noqa: F401  (fixtures)
    _zahlung_settings,
    anbieter_live,
    live,
    seite_bedienen,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def welt(tmp_path):
    return helfer.welt(tmp_path)


def _regel(welt, **werte: Any) -> Gebuehrenregel:
    daten = {
        "bezeichnung": "Bescheinigung",
        "art": Gebuehrenregel.Art.FEST,
        "betrag_cent": 1500,
        "rechtsgrundlage": "Tarifstelle 1.1 VwKostO M-V",
        **werte,
    }
    return Gebuehrenregel.objects.create(leistung=welt.leistung, **daten)


def _submit(welt, buerger=None):
    entwurf = helfer.entwurf(welt.formular, buerger=buerger)
    return antraege_services.antrag_submit(
        entwurf=entwurf,
        actor=buerger.user if buerger else "test",
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
        buerger=buerger,
    ).antrag


def _alles_zustellen() -> None:
    """Deliver every due outbox row, as the worker would, until none is left."""
    for _ in range(10):
        offen = list(Outbox.objects.filter(delivered_at__isnull=True).order_by("pk"))
        if not offen:
            return
        for row in offen:
            core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at)


def _kasse() -> User:
    user = User.objects.create_user("kasse", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="zahlungen", codename="buchen")
    )
    return User.objects.get(pk=user.pk)


def test_an_advance_fee_makes_the_intake_wait_until_paid(welt):
    _regel(welt)
    buerger = helfer.buerger()
    antrag = _submit(welt, buerger)
    _alles_zustellen()
    eingang = Eingang.objects.get(antrag=antrag)
    assert "zahlung" not in eingang.erledigt and eingang.abgeschlossen_am is None
    assert not Verfahren.objects.filter(antrag=antrag).exists()
    zahlung = Zahlung.objects.get(subjekt=f"antrag:{antrag.pk}")
    assert (zahlung.status, zahlung.betrag_cent, zahlung.konto) == ("offen", 1500, buerger.user)
    # a repeated delivery while it waits creates nothing twice
    _alles_zustellen()
    assert Zahlung.objects.count() == 1

    zahlung_book_transfer(
        zahlung=zahlung, actor=_kasse(), betrag_cent=1500, buchungsreferenz="UEB-1"
    )
    _alles_zustellen()
    eingang.refresh_from_db()
    assert "zahlung:gebuehr" in eingang.erledigt and eingang.abgeschlossen_am is not None
    assert Verfahren.objects.filter(antrag=antrag).count() == 1


def test_a_repeated_paid_message_starts_one_verfahren(welt):
    _regel(welt)
    antrag = _submit(welt)
    _alles_zustellen()
    zahlung = Zahlung.objects.get(subjekt=f"antrag:{antrag.pk}")
    zahlung_book_transfer(zahlung=zahlung, actor=_kasse(), betrag_cent=1500, buchungsreferenz="x")
    _alles_zustellen()
    row = Outbox.objects.get(consumer="eingang_zahlung")
    row.delivered_at = None  # replayed
    row.save(update_fields=["delivered_at"])
    _alles_zustellen()
    assert Verfahren.objects.filter(antrag=antrag).count() == 1


def test_without_fee_the_step_leaves_no_trace(welt):
    antrag = _submit(welt)
    _alles_zustellen()
    eingang = Eingang.objects.get(antrag=antrag)
    assert "zahlung:gebuehr" not in eingang.erledigt and eingang.abgeschlossen_am is not None
    assert not Zahlung.objects.exists()


def test_a_fee_due_with_the_bescheid_does_not_hold_the_intake(welt):
    _regel(welt, faelligkeit="bescheid", art="rahmen", betrag_cent=3000, betrag_max_cent=25000)
    antrag = _submit(welt)
    _alles_zustellen()
    assert Verfahren.objects.filter(antrag=antrag).exists()
    assert not Zahlung.objects.exists()


def test_per_copy_fee_counts_from_the_nested_answer(welt):
    # the count is an answer inside a group: the rule names its path
    _regel(
        welt,
        art=Gebuehrenregel.Art.STUECK,
        betrag_weitere_cent=750,
        mengenfeld="G99000000001.F99000000009",
    )
    entwurf = helfer.entwurf(welt.formular)
    assert antworten_flach(daten=entwurf.daten)["G99000000001.F99000000009"] == "000"
    antrag = _submit(welt)
    _alles_zustellen()
    # "000" is no count from 1 to 20: the intake refuses to guess and retries later
    assert not Zahlung.objects.exists()
    assert not Verfahren.objects.filter(antrag=antrag).exists()
    assert Outbox.objects.filter(consumer="eingang", attempts__gte=1).exists()


def test_antworten_flach_hostile_shapes():
    assert antworten_flach(daten={"G1": [{"F1": 3}, {"F1": 5}], "F2": None}) == {
        "G1.F1": 3,
        "F1": 3,
        "F2": None,
    }
    assert antworten_flach(daten={"G1": []}) == {}


@pytest.mark.usefixtures("anbieter_live")
def test_a_late_confirmation_after_the_browser_closed_completes_the_submission(welt):
    """Paid at the provider, but the citizen never came back: the reconciliation finds
    the payment and the intake goes on."""
    _regel(welt)
    buerger = helfer.buerger()
    antrag = _submit(welt, buerger)
    _alles_zustellen()
    zahlung = Zahlung.objects.get(subjekt=f"antrag:{antrag.pk}")
    start = zahlung_start(zahlung=zahlung, anbieter_id="xbezahldienste", actor=buerger.user)
    antwort = seite_bedienen(start.weiterleitung, "spaet")  # reported failed, captured later
    assert antwort.status_code in (302, 303)
    assert not Verfahren.objects.filter(antrag=antrag).exists()
    assert zahlungen_sync_all()["gefragt"] >= 1
    zahlung.refresh_from_db()
    if zahlung.status != "bezahlt":  # the capture shows on the next run
        zahlungen_sync_all()
    zahlung.refresh_from_db()
    assert zahlung.status == "bezahlt"
    _alles_zustellen()
    assert Verfahren.objects.filter(antrag=antrag).count() == 1


def test_mein_antrag_offers_to_pay_while_the_intake_waits(welt):
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    _regel(welt)
    buerger = helfer.buerger()
    antrag = _submit(welt, buerger)
    _alles_zustellen()
    zahlung = Zahlung.objects.get(subjekt=f"antrag:{antrag.pk}")
    client = Client()
    client.force_login(buerger.user)
    with translation.override("de"):
        seite = reverse("meine_antraege:detail", args=[antrag.pk])
        bezahlen = reverse("zahlungen:bezahlen", args=[zahlung.oeffentliche_id])
    html = client.get(seite).content.decode()
    assert f'href="{bezahlen}"' in html and "Gebühr bezahlen (15,00 €)" in html
    # the account's payment: its owner may open the pay page
    assert client.get(bezahlen).status_code == 200
