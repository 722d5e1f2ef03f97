"""Services of the payments without a provider: fees, Kassenzeichen, states, refunds,
bank transfers — and that a refused action changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError

from rathaus.core.models import Outbox, Protokoll
from rathaus.core.outbox import Consumer, consumers
from rathaus.zahlungen.kassenzeichen import (
    kassenzeichen_format,
    kassenzeichen_next,
    kassenzeichen_pruefen,
    luhn,
)
from rathaus.zahlungen.models import Faelligkeit, Gebuehrenregel, Zahlung
from rathaus.zahlungen.selectors import gebuehr_vorschau, zahlung_of_subjekt
from rathaus.zahlungen.services import (
    UngueltigerUebergang,
    _zustand,
    zahlung_book_transfer,
    zahlung_create,
    zahlung_refund,
    zahlung_refund_release,
    zahlung_start,
)

pytestmark = pytest.mark.django_db


def _create(leistung, actor, **kw):
    werte = {"subjekt": "antrag:7", "antworten": {"anzahl": "3"}, "actor": actor}
    werte.update(kw)
    return zahlung_create(leistung=leistung, **werte)


# --- fees -------------------------------------------------------------------------------


@pytest.mark.parametrize(("anzahl", "cent"), [(1, 1500), (2, 2250), ("3", 3000), (10, 8250)])
def test_certificates_first_and_further_copies(urkundenregel, anzahl, cent):
    berechnung = gebuehr_vorschau(
        leistung_id=urkundenregel.leistung_id, antworten={"anzahl": anzahl}
    )
    assert berechnung is not None and berechnung.summe_cent == cent


@pytest.mark.parametrize("anzahl", [0, -1, 11, "zwei", "", None, True, "1.5", "9" * 50])
def test_a_bad_count_is_refused(urkundenregel, anzahl):
    with pytest.raises(ValidationError):
        gebuehr_vorschau(leistung_id=urkundenregel.leistung_id, antworten={"anzahl": anzahl})


def test_fixed_and_range_rules(leistung, kasse, buerger):
    Gebuehrenregel.objects.create(
        leistung=leistung, bezeichnung="Grundgebühr", betrag_cent=1000, rechtsgrundlage="§ 1"
    )
    rahmen = Gebuehrenregel.objects.create(
        leistung=leistung,
        bezeichnung="Sondernutzung",
        art=Gebuehrenregel.Art.RAHMEN,
        faelligkeit=Faelligkeit.BESCHEID,
        betrag_cent=2000,
        betrag_max_cent=50000,
        rechtsgrundlage="§ 2",
    )
    assert gebuehr_vorschau(leistung_id=leistung.pk, antworten={}).summe_cent == 1000
    # the range amount is the clerk's, within the limits, and only the clerk's
    with pytest.raises(ValidationError):
        zahlung_create(
            leistung=leistung,
            subjekt="bescheid:1",
            antworten={},
            actor=kasse,
            faelligkeit=Faelligkeit.BESCHEID,
        )
    for zu_viel in (1999, 50001, "3000", 2500.0):
        with pytest.raises(ValidationError):
            zahlung_create(
                leistung=leistung,
                subjekt="bescheid:1",
                antworten={},
                actor=kasse,
                faelligkeit=Faelligkeit.BESCHEID,
                festsetzungen={rahmen.pk: zu_viel},
            )
    with pytest.raises(PermissionDenied):
        zahlung_create(
            leistung=leistung,
            subjekt="bescheid:1",
            antworten={},
            actor=buerger,
            faelligkeit=Faelligkeit.BESCHEID,
            festsetzungen={rahmen.pk: 3000},
        )
    assert not Zahlung.objects.exists()
    z = zahlung_create(
        leistung=leistung,
        subjekt="bescheid:1",
        antworten={},
        actor=kasse,
        faelligkeit=Faelligkeit.BESCHEID,
        festsetzungen={rahmen.pk: 12345},
    )
    assert z is not None and z.betrag_cent == 12345
    assert z.positionen[0]["rechtsgrundlage"] == "§ 2"


def test_exemption_with_reason(urkundenregel, kasse, buerger):
    with pytest.raises(PermissionDenied):
        _create(urkundenregel.leistung, buerger, befreiungen={urkundenregel.pk: "Sozialhilfe"})
    assert (
        _create(
            urkundenregel.leistung, kasse, befreiungen={urkundenregel.pk: "§ 7 KostG: Sozialhilfe"}
        )
        is None
    )
    eintrag = Protokoll.objects.get(aktion="zahlung.befreit")
    assert eintrag.details["positionen"][0]["befreit"] == "§ 7 KostG: Sozialhilfe"
    assert eintrag.akteur_name == "kasse"
    assert not Zahlung.objects.exists()


def test_exemption_only_where_the_rule_allows_it(urkundenregel, kasse):
    urkundenregel.befreiung_moeglich = False
    urkundenregel.save()
    with pytest.raises(ValidationError):
        _create(urkundenregel.leistung, kasse, befreiungen={urkundenregel.pk: "Grund"})


def test_changed_amount_is_refused(urkundenregel, buerger):
    with pytest.raises(ValidationError) as info:
        _create(urkundenregel.leistung, buerger, betrag_erwartet_cent=1)
    assert info.value.code == "betrag_geaendert"
    assert not Zahlung.objects.exists()
    z = _create(urkundenregel.leistung, buerger, betrag_erwartet_cent=3000)
    assert z is not None and z.betrag_cent == 3000
    # the same subject again with other answers: refused, the claim stays
    with pytest.raises(ValidationError):
        _create(urkundenregel.leistung, buerger, antworten={"anzahl": 1})
    assert Zahlung.objects.get().betrag_cent == 3000


def test_create_is_idempotent(urkundenregel, buerger):
    a = _create(urkundenregel.leistung, buerger, idempotenz_schluessel="k1")
    b = _create(urkundenregel.leistung, buerger, idempotenz_schluessel="k1")
    c = _create(urkundenregel.leistung, buerger)
    assert a == b == c and Zahlung.objects.count() == 1
    assert Protokoll.objects.filter(aktion="zahlung.create").count() == 1
    with pytest.raises(ValidationError):
        _create(urkundenregel.leistung, buerger, subjekt="antrag:8", idempotenz_schluessel="k1")


def test_one_open_payment_per_subject_in_the_database(urkundenregel, buerger):
    z = _create(urkundenregel.leistung, buerger)
    with pytest.raises(IntegrityError):
        Zahlung.objects.create(
            kassenzeichen="X1", subjekt=z.subjekt, betrag_cent=1, zweck="x", beschreibung="x"
        )


@pytest.mark.parametrize(
    "subjekt", ["", "antrag", "antrag:", "Antrag:1", "antrag:1 2", "a:" + "1" * 61]
)
def test_subject_key_is_checked(urkundenregel, buerger, subjekt):
    with pytest.raises(ValidationError):
        _create(urkundenregel.leistung, buerger, subjekt=subjekt)


def test_leistung_without_rules(leistung, buerger):
    with pytest.raises(ValidationError):
        _create(leistung, buerger)
    assert gebuehr_vorschau(leistung_id=leistung.pk, antworten={}) is None


def test_purpose_and_description_fit_the_standard(urkundenregel, buerger):
    urkundenregel.leistung.name = "Geburtsurkunde für Jörg Groß <script>"
    urkundenregel.leistung.save()
    z = _create(urkundenregel.leistung, buerger)
    assert z.zweck.startswith(z.kassenzeichen)
    assert len(z.zweck) <= 27 and z.zweck.isascii()
    assert "<" not in z.beschreibung and "Jörg" in z.beschreibung


# --- Kassenzeichen ------------------------------------------------------------------------


def test_kassenzeichen_sequence_and_check_digit(db):
    erstes = kassenzeichen_next(jahr=2026)
    zweites = kassenzeichen_next(jahr=2026)
    assert erstes == f"RH20260000001{luhn('20260000001')}"
    assert zweites.startswith("RH20260000002")
    assert kassenzeichen_next(jahr=2027).startswith("RH20270000001")
    assert kassenzeichen_pruefen(erstes) and kassenzeichen_pruefen(zweites)
    falsch = erstes[:-1] + str((int(erstes[-1]) + 1) % 10)
    assert not kassenzeichen_pruefen(falsch)


def test_kassenzeichen_formats(settings):
    assert (
        kassenzeichen_format(jahr=2026, nummer=5, muster="5.{jj}.{nummer:06d}".replace(".", "-"))
        == "5-26-000005"
    )
    assert luhn("7992739871") == 3  # the textbook example
    for schlecht in (
        "RH{jahr}",
        "{nummer} {jahr}",
        "{nummer}{unbekannt}",
        "{nummer:x",
        "X" * 40 + "{nummer}",
    ):
        with pytest.raises(ImproperlyConfigured):
            kassenzeichen_format(jahr=2026, nummer=1, muster=schlecht)


# --- states -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("von", "nach"),
    [
        ("offen", "erstattet"),
        ("bezahlt", "offen"),
        ("bezahlt", "fehlgeschlagen"),
        ("erstattet", "bezahlt"),
        ("erstattet", "offen"),
    ],
)
def test_forbidden_transitions_change_nothing(urkundenregel, buerger, von, nach):
    z = _create(urkundenregel.leistung, buerger)
    Zahlung.objects.filter(pk=z.pk).update(status=von)
    z.refresh_from_db()
    vorher = Protokoll.objects.count()
    from django.db import transaction

    with pytest.raises(UngueltigerUebergang), transaction.atomic():
        _zustand(z, nach, actor=buerger, details={})
    z.refresh_from_db()
    assert z.status == von and Protokoll.objects.count() == vorher


class _Merker(Consumer):
    topics = ("zahlung.bezahlt",)

    def deliver(self, row):  # pragma: no cover - delivery is not the point here
        pass


@pytest.fixture
def merker():
    consumers.register("test_zahlung_merker")(_Merker)
    yield
    consumers._items.pop("test_zahlung_merker")


def test_book_transfer(
    urkundenregel, buerger, kasse, sachbearbeitung, merker, django_capture_on_commit_callbacks
):
    z = _create(urkundenregel.leistung, buerger)
    zahlung_start(zahlung=z, anbieter_id="girocode", actor=buerger)
    with pytest.raises(PermissionDenied):
        zahlung_book_transfer(
            zahlung=z, actor=sachbearbeitung, betrag_cent=3000, buchungsreferenz="B1"
        )
    with pytest.raises(ValidationError):
        zahlung_book_transfer(zahlung=z, actor=kasse, betrag_cent=2999, buchungsreferenz="B1")
    z.refresh_from_db()
    assert z.status == "offen" and not Outbox.objects.exists()
    with django_capture_on_commit_callbacks():
        zahlung_book_transfer(zahlung=z, actor=kasse, betrag_cent=3000, buchungsreferenz="B1")
        zahlung_book_transfer(zahlung=z, actor=kasse, betrag_cent=3000, buchungsreferenz="B1")
    z.refresh_from_db()
    assert z.status == "bezahlt" and z.zahlungsmethode == "UEBERWEISUNG"
    row = Outbox.objects.get(topic="zahlung.bezahlt", consumer="test_zahlung_merker")
    assert row.payload == {
        "zahlung": str(z.oeffentliche_id),
        "kassenzeichen": z.kassenzeichen,
        "subjekt": "antrag:7",
        "betrag_cent": 3000,
    }
    assert zahlung_of_subjekt(subjekt="antrag:7") == z


def test_refund_below_the_threshold(urkundenregel, buerger, kasse, sachbearbeitung):
    z = _create(urkundenregel.leistung, buerger)
    with pytest.raises(ValidationError):  # not paid yet
        zahlung_refund(zahlung=z, actor=kasse, grund="Antrag zurückgenommen")
    zahlung_book_transfer(zahlung=z, actor=kasse, betrag_cent=3000, buchungsreferenz="B1")
    with pytest.raises(PermissionDenied):
        zahlung_refund(zahlung=z, actor=sachbearbeitung, grund="x")
    with pytest.raises(ValidationError):
        zahlung_refund(zahlung=z, actor=kasse, grund="  ")
    z.refresh_from_db()
    assert z.status == "bezahlt"
    e = zahlung_refund(zahlung=z, actor=kasse, grund="Antrag zurückgenommen")
    z.refresh_from_db()
    assert z.status == "erstattet" and e.erstattet_am is not None and e.freigegeben_von == kasse


def test_refund_above_the_threshold_needs_four_eyes(
    urkundenregel, buerger, kasse, kasse2, settings
):
    settings.RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT = 3000
    z = _create(urkundenregel.leistung, buerger)
    zahlung_book_transfer(zahlung=z, actor=kasse, betrag_cent=3000, buchungsreferenz="B1")
    e = zahlung_refund(zahlung=z, actor=kasse, grund="doppelt bezahlt")
    z.refresh_from_db()
    assert z.status == "bezahlt" and e.erstattet_am is None
    with pytest.raises(PermissionDenied):
        zahlung_refund_release(erstattung=e, actor=kasse)  # the same person
    with pytest.raises(PermissionDenied):
        zahlung_refund_release(erstattung=e, actor=buerger)
    z.refresh_from_db()
    assert z.status == "bezahlt"
    zahlung_refund_release(erstattung=e, actor=kasse2)
    z.refresh_from_db()
    e.refresh_from_db()
    assert z.status == "erstattet" and e.freigegeben_von == kasse2
    aktionen = list(Protokoll.objects.filter(objekt_id=str(z.pk)).values_list("aktion", flat=True))
    assert "zahlung.erstattung_beantragt" in aktionen and "zahlung.erstattet" in aktionen
    # after the refund the subject can be charged anew
    assert _create(urkundenregel.leistung, buerger) != z


def test_start_refuses_unknown_or_unoffered_plugins(urkundenregel, buerger, settings):
    z = _create(urkundenregel.leistung, buerger)
    for ident in ("bitcoin", "", "../x"):
        with pytest.raises(ValidationError):
            zahlung_start(zahlung=z, anbieter_id=ident, actor=buerger)
    settings.RATHAUS_ZAHLUNG_IBAN = ""
    with pytest.raises(ValidationError):
        zahlung_start(zahlung=z, anbieter_id="girocode", actor=buerger)
    assert not z.versuche.exists()


# --- fee rules through the services -----------------------------------------------------------


@pytest.fixture
def fachadmin(db):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("fachadmin", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="zahlungen",
            codename__in=["add_gebuehrenregel", "change_gebuehrenregel"],
        )
    )
    return User.objects.get(pk=user.pk)


def test_rules_are_maintained_through_the_services(leistung, fachadmin, sachbearbeitung):
    from rathaus.zahlungen.services import gebuehrenregel_create, gebuehrenregel_update

    werte = {
        "bezeichnung": "Urkunde",
        "art": "stueck",
        "betrag_cent": 1500,
        "betrag_weitere_cent": 750,
        "mengenfeld": "anzahl",
        "rechtsgrundlage": "KostVO PStG M-V",
    }
    with pytest.raises(PermissionDenied):
        gebuehrenregel_create(leistung=leistung, actor=sachbearbeitung, **werte)
    for schlecht in (
        {"mengenfeld": ""},
        {"art": "rahmen", "betrag_max_cent": None},
        {"art": "rahmen", "betrag_max_cent": 100},
        {"betrag_cent": 100_000_000},
        {"betrag_cent": -1},
        {"rechtsgrundlage": ""},
        {"art": "beliebig"},
        {"preis": 1},
    ):
        with pytest.raises(ValidationError):
            gebuehrenregel_create(leistung=leistung, actor=fachadmin, **{**werte, **schlecht})
    assert not Gebuehrenregel.objects.exists()
    regel = gebuehrenregel_create(leistung=leistung, actor=fachadmin, **werte)
    z = _create(leistung, fachadmin)
    gebuehrenregel_update(regel=regel, actor=fachadmin, betrag_weitere_cent=800)
    with pytest.raises(ValidationError):
        gebuehrenregel_update(regel=regel, actor=fachadmin, betrag_cent=None)
    regel.refresh_from_db()
    assert regel.betrag_weitere_cent == 800 and regel.betrag_cent == 1500
    z.refresh_from_db()
    assert z.betrag_cent == 3000  # a payment keeps what it was computed with
    aktionen = Protokoll.objects.filter(
        objekt_id=str(regel.pk), objekt_typ="zahlungen.gebuehrenregel"
    )
    assert sorted(aktionen.values_list("aktion", flat=True)) == [
        "gebuehrenregel.create",
        "gebuehrenregel.update",
    ]


def test_deploy_check_refuses_the_development_provider(settings):
    from rathaus.zahlungen.checks import entwicklungsanbieter_in_produktion, zahlungen_einstellungen

    settings.RATHAUS_DEV_ZAHLUNG, settings.DEBUG = True, False
    assert [e.id for e in entwicklungsanbieter_in_produktion()] == ["zahlungen.E010"]
    settings.DEBUG = True
    assert entwicklungsanbieter_in_produktion() == []
    assert zahlungen_einstellungen() == []
    settings.RATHAUS_ZAHLUNG_IBAN = "DE02120300000000202052"
    settings.RATHAUS_KASSENZEICHEN_FORMAT = "{jahr}"
    settings.RATHAUS_ZAHLUNG_ANBIETER = ["paypal"]
    ids = {e.id for e in zahlungen_einstellungen()}
    assert ids == {"zahlungen.E001", "zahlungen.E002", "zahlungen.E004"}
