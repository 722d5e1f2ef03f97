"""At the office: check-in, call, no-show, walk-in, phone booking, display, statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from rathaus.core.models import Outbox, Protokoll
from rathaus.termine import auswertung, selectors, services, vorort
from rathaus.termine.models import Belegung, Buchung

from .helfer import JETZT, MORGEN, um, welt

pytestmark = pytest.mark.django_db


def _gebucht(w, beginn, email="anna@example.org", leistungen=None):
    buchung, _token = services.buchung_reserve(
        terminort=w.terminort,
        leistungen=leistungen or {w.ausweis.pk: 1},
        beginn=beginn,
        name="Anna Test",
        email=email,
        actor="test",
        now=JETZT,
    )
    return services.buchung_confirm(buchung=buchung, actor="test", now=JETZT)


@pytest.mark.parametrize(
    ("eingabe", "nummer"),
    [
        ("ABCD-EFGH-JK", "ABCD-EFGH-JK"),
        ("abcd efgh jk", "ABCD-EFGH-JK"),
        ("ABCDEFGHJK", "ABCD-EFGH-JK"),
        ("https://rathaus.example/termine/ABCD-EFGH-JK/tok/", "ABCD-EFGH-JK"),
        ("ABCD-EFGH-JKX", None),  # one too many
        ("ABC0-EFGH-JK", None),  # 0 is not in the alphabet
        ("", None),
        ("<script>" * 200, None),
        ("\x00ABCD-EFGH-JK", "ABCD-EFGH-JK"),
    ],
)
def test_nummer_parse(eingabe, nummer):
    assert vorort.nummer_parse(eingabe) == nummer


def test_checkin_call_and_display():
    w = welt()
    b1 = _gebucht(w, um(MORGEN, 9))
    b2 = _gebucht(w, um(MORGEN, 9, 30), email="bert@example.org")
    jetzt = um(MORGEN, 9, 5)
    assert (
        vorort.aufruf_next(terminort=w.terminort, schalter=w.schalter[0], actor="t", now=jetzt)
        is None
    )
    vorort.buchung_checkin(terminort=w.terminort, nummer=b2.nummer.lower(), actor="t", now=jetzt)
    vorort.buchung_checkin(terminort=w.terminort, nummer=b1.nummer, actor="t", now=jetzt)
    # twice: nothing new
    vorort.buchung_checkin(terminort=w.terminort, nummer=b1.nummer, actor="t", now=jetzt)
    b1.refresh_from_db()
    assert b1.status == Buchung.Status.ERSCHIENEN and b1.eingecheckt_am == jetzt
    assert [b.pk for b in auswertung.wartende_of(terminort=w.terminort, now=jetzt)] == [
        b1.pk,
        b2.pk,
    ]
    spaeter = jetzt + timedelta(minutes=7)
    erster = vorort.aufruf_next(
        terminort=w.terminort, schalter=w.schalter[1], actor="t", now=spaeter
    )
    assert erster.pk == b1.pk and erster.aufgerufen_an == w.schalter[1]
    aufrufe = auswertung.aufrufe_of(terminort=w.terminort, now=spaeter)
    assert [(a.nummer, a.schalter) for a in aufrufe] == [(b1.nummer, "Platz 2")]
    assert Protokoll.objects.filter(aktion="termin.checkin").count() == 2
    assert Protokoll.objects.filter(aktion="termin.aufruf").count() == 1
    statistik = auswertung.terminstatistik(
        von=MORGEN, bis=MORGEN, mit_naechstem_termin=False, now=spaeter
    )
    ausweis = next(k for k in statistik if k.leistung_id == w.ausweis.pk)
    assert ausweis.buchungen == 2
    assert ausweis.wartezeit_median_minuten == 7.0


@pytest.mark.parametrize("fall", ["unbekannt", "anderer_tag", "storniert", "anderer_ort"])
def test_checkin_refused_changes_nothing(fall):
    w = welt()
    andere = welt(slug="kfz")
    buchung = _gebucht(
        w, um(MORGEN + timedelta(days=1), 9) if fall == "anderer_tag" else um(MORGEN, 9)
    )
    if fall == "storniert":
        services.buchung_cancel(buchung=buchung, actor="t", now=JETZT)
    nummer = "AAAA-BBBB-CC" if fall == "unbekannt" else buchung.nummer
    ort = andere.terminort if fall == "anderer_ort" else w.terminort
    vorher = Protokoll.objects.count()
    with pytest.raises(ValidationError) as fehler:
        vorort.buchung_checkin(terminort=ort, nummer=nummer, actor="t", now=um(MORGEN, 9))
    assert "nummer" in fehler.value.message_dict
    buchung.refresh_from_db()
    assert buchung.eingecheckt_am is None and Protokoll.objects.count() == vorher


def test_no_show_only_after_the_slot_and_not_after_checkin():
    w = welt()
    buchung = _gebucht(w, um(MORGEN, 9))  # 2 units: until 9:30
    with pytest.raises(ValidationError):
        vorort.buchung_no_show_mark(
            terminort=w.terminort, nummer=buchung.nummer, actor="t", now=um(MORGEN, 9, 29)
        )
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.BESTAETIGT
    vorort.buchung_no_show_mark(
        terminort=w.terminort, nummer=buchung.nummer, actor="t", now=um(MORGEN, 9, 30)
    )
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.NICHT_ERSCHIENEN
    anders = _gebucht(w, um(MORGEN, 10), email="c@example.org")
    vorort.buchung_checkin(
        terminort=w.terminort, nummer=anders.nummer, actor="t", now=um(MORGEN, 9, 55)
    )
    with pytest.raises(ValidationError):
        vorort.buchung_no_show_mark(
            terminort=w.terminort, nummer=anders.nummer, actor="t", now=um(MORGEN, 11)
        )
    statistik = auswertung.terminstatistik(von=MORGEN, bis=MORGEN, mit_naechstem_termin=False)
    ausweis = next(k for k in statistik if k.leistung_id == w.ausweis.pk)
    assert (ausweis.buchungen, ausweis.nicht_erschienen) == (2, 1)


def test_walk_in_takes_the_held_back_counter_first_and_is_checked_in():
    w = welt(schalter=2)
    w.schalter[1].vorbehalten = True
    w.schalter[1].save()
    jetzt = um(MORGEN, 9, 10)
    buchung = vorort.vorsprache_create(
        terminort=w.terminort, leistungen={w.anmeldung.pk: 1}, name="Notfall", actor="t", now=jetzt
    )
    assert buchung.kanal == Buchung.Kanal.VOR_ORT
    assert buchung.status == Buchung.Status.ERSCHIENEN and buchung.eingecheckt_am == jetzt
    assert buchung.schalter == w.schalter[1]
    assert buchung.beginn == um(MORGEN, 9)  # the running slot
    assert Belegung.objects.filter(buchung=buchung, belegt_bis__isnull=True).count() == 1
    assert buchung.kontakt.name == "Notfall"


def test_walk_in_hostile_input_changes_nothing():
    w = welt()
    for eingabe in (
        {"name": "", "leistungen": {w.anmeldung.pk: 1}},
        {"name": "x" * 201, "leistungen": {w.anmeldung.pk: 1}},
        {"name": "A\x00B", "leistungen": {w.anmeldung.pk: 1}},
        {"name": "A", "leistungen": {999999: 1}},
        {"name": "A", "leistungen": {w.anmeldung.pk: 99}},
        {"name": "A", "leistungen": {w.anmeldung.pk: 1}, "email": "kein@"},
    ):
        with pytest.raises(ValidationError):
            vorort.vorsprache_create(terminort=w.terminort, actor="t", now=um(MORGEN, 9), **eingabe)
    # after closing time nothing is free today
    with pytest.raises(ValidationError):
        vorort.vorsprache_create(
            terminort=w.terminort,
            leistungen={w.anmeldung.pk: 1},
            name="A",
            actor="t",
            now=um(MORGEN, 12),
        )
    assert not Buchung.objects.exists() and not Belegung.objects.exists()


def test_phone_booking_is_confirmed_at_once_with_one_email():
    w = welt()
    buchung, _token = vorort.telefonbuchung_create(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        beginn=um(MORGEN, 9),
        name="Tel",
        email="tel@example.org",
        actor="api:test",
        now=JETZT,
    )
    assert buchung.status == Buchung.Status.BESTAETIGT and buchung.kanal == Buchung.Kanal.TELEFON
    assert set(Outbox.objects.values_list("topic", flat=True)) == {services.BESTAETIGT}


def test_display_token_is_stable_and_unguessable():
    w = welt()
    token = auswertung.aufruf_token(terminort=w.terminort)
    assert len(token) == 24
    assert auswertung.terminort_by_aufruf_token(token=token) == w.terminort
    assert auswertung.terminort_by_aufruf_token(token=str(w.terminort.pk)) is None
    assert auswertung.terminort_by_aufruf_token(token="0" * 24) is None


def test_statistics_next_free_day():
    w = welt()
    zeilen = auswertung.terminstatistik(von=MORGEN, bis=MORGEN, now=JETZT)
    assert {k.leistung_id for k in zeilen} == {w.ausweis.pk, w.anmeldung.pk}
    assert all(k.naechster_freier_tag_in_tagen == 1 for k in zeilen)
    assert selectors.terminstatistik is auswertung.terminstatistik


def test_confirmation_and_reminder_carry_the_number_as_qr_code():
    import io

    import qrcode
    from django.core import mail
    from PIL import Image

    from rathaus.core.outbox import outbox_sweep

    w = welt()
    buchung = _gebucht(w, um(MORGEN, 9))
    reserviert_mails = len(mail.outbox)
    outbox_sweep(now=JETZT + timedelta(days=400))
    bestaetigung = mail.outbox[-1]
    assert len(mail.outbox) > reserviert_mails
    bilder = [a for a in bestaetigung.attachments if a[2] == "image/png"]
    assert [name for name, _i, _t in bilder] == [f"terminnummer-{buchung.nummer}.png"]
    bild = Image.open(io.BytesIO(bilder[0][1])).convert("L")
    # the pixels are the modules of the number's QR code (box 8 px, quiet zone 4 modules)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(buchung.nummer)
    code.make(fit=True)
    matrix = code.get_matrix()
    gelesen = [
        [bild.getpixel((x * 8 + 4, y * 8 + 4)) < 128 for x in range(len(matrix))]
        for y in range(len(matrix))
    ]
    assert gelesen == matrix
    # the reservation email (the booking is not final yet) has none
    assert len(mail.outbox) == 2
    assert [any(a[2] == "image/png" for a in m.attachments) for m in mail.outbox] == [False, True]


@pytest.mark.django_db(transaction=True)
def test_counters_calling_at_once_never_get_the_same_citizen():
    from django.db import connection

    from .test_nebenlaeufig import _parallel

    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    w = welt(schalter=4)
    wartend = []
    for i in range(3):
        buchung = _gebucht(w, um(MORGEN, 9, 15 * i), email=f"p{i}@example.org")
        vorort.buchung_checkin(
            terminort=w.terminort, nummer=buchung.nummer, actor="t", now=um(MORGEN, 9)
        )
        wartend.append(buchung.pk)
    ergebnisse = _parallel(
        8,
        lambda i: vorort.aufruf_next(
            terminort=w.terminort, schalter=w.schalter[i % 4], actor="t", now=um(MORGEN, 9, 5)
        ),
    )
    assert not [e for e in ergebnisse if isinstance(e, Exception)]
    gerufen = [e.pk for e in ergebnisse if e is not None]
    assert sorted(gerufen) == sorted(wartend)  # each once, nobody twice
    assert Buchung.objects.filter(aufgerufen_am__isnull=False).count() == 3
