"""Reserve, confirm, cancel, rebook, closures, waiting list, limits, periodic run, deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from rathaus.core.loeschfristen import registry
from rathaus.core.models import Outbox, Protokoll
from rathaus.core.outbox import outbox_sweep
from rathaus.termine import selectors, services
from rathaus.termine.models import Belegung, Buchung, Kontakt, Wartelisteneintrag

from .helfer import JETZT, MORGEN, um, welt

pytestmark = pytest.mark.django_db


def _reserve(w, beginn, email="anna@example.org", leistungen=None, now=JETZT, name="Anna Test"):
    return services.buchung_reserve(
        terminort=w.terminort,
        leistungen=leistungen or {w.ausweis.pk: 1},
        beginn=beginn,
        name=name,
        email=email,
        actor="test",
        now=now,
    )


def _zustellen(now=None):
    outbox_sweep(now=(now or JETZT) + timedelta(days=400))


@pytest.mark.parametrize(
    ("eingabe", "norm"),
    [
        ("Anna.Test+termine@GMail.com", "annatest@gmail.com"),
        ("a.n.n.a@googlemail.com", "anna@gmail.com"),
        ("anna.test+x@web.de", "anna.test@web.de"),
        ("  ANNA@Example.ORG ", "anna@example.org"),
        ("kein-at", "kein-at"),
    ],
)
def test_email_normalise(eingabe, norm):
    assert services.email_normalise(eingabe) == norm


def test_reserve_holds_the_slot_and_writes_email_and_protokoll():
    w = welt()
    buchung, token = _reserve(w, um(MORGEN, 9))
    assert buchung.status == Buchung.Status.RESERVIERT
    assert len(buchung.nummer) == 12 and buchung.token_hash != token
    assert services.token_pruefen(gespeichert=buchung.token_hash, token=token)
    assert not services.token_pruefen(gespeichert=buchung.token_hash, token=token + "x")
    assert Belegung.objects.filter(buchung=buchung).count() == 2
    assert Protokoll.objects.filter(aktion="termin.reserve").count() == 1
    _zustellen()
    assert len(mail.outbox) == 1
    text = mail.outbox[0].body
    assert f"/termine/{buchung.nummer}/{token}/bestaetigen/" in text
    assert "Biometrisches Passfoto" in text
    # the secret is gone from the outbox once the email is sent
    assert all(
        "token" not in row.payload for row in Outbox.objects.filter(consumer="termine_email")
    )


def test_the_same_slot_cannot_be_reserved_twice_on_one_counter():
    w = welt(schalter=1)
    _reserve(w, um(MORGEN, 9))
    with pytest.raises(ValidationError) as fehler:
        _reserve(w, um(MORGEN, 9, 15), email="bernd@example.org")  # overlaps 9:15
    assert "beginn" in fehler.value.message_dict
    assert Buchung.objects.count() == 1


def test_the_unique_constraint_is_the_last_word(django_capture_on_commit_callbacks):
    """Even when the availability read says free (a race), the insert fails."""
    w = welt(schalter=1)
    _buchung, _t = _reserve(w, um(MORGEN, 9))
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Belegung.objects.create(schalter=w.schalter[0], beginn=um(MORGEN, 9), terminort=w.terminort)


def test_confirm_makes_it_final_and_sends_the_ics():
    w = welt()
    buchung, token = _reserve(w, um(MORGEN, 9))
    services.buchung_confirm(
        buchung=buchung, actor="test", token=token, now=JETZT + timedelta(minutes=5)
    )
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.BESTAETIGT
    assert not Belegung.objects.filter(buchung=buchung, belegt_bis__isnull=False).exists()
    # twice: nothing new
    services.buchung_confirm(buchung=buchung, actor="test", now=JETZT + timedelta(minutes=6))
    assert Protokoll.objects.filter(aktion="termin.confirm").count() == 1
    _zustellen()
    bestaetigung = mail.outbox[-1]
    _name, inhalt, art = bestaetigung.attachments[0]
    assert art.startswith("text/calendar; method=REQUEST")
    ics = inhalt.decode() if isinstance(inhalt, bytes) else inhalt
    assert "METHOD:REQUEST" in ics and "SEQUENCE:0" in ics
    assert f"UID:termin-{buchung.nummer}@" in ics
    assert "Schillstraße 5-7" in ics and "ORGANIZER" in ics
    assert "Biometrisches Passfoto" in ics


def test_an_expired_reservation_cannot_be_confirmed_and_its_slot_is_free():
    w = welt(schalter=1)
    buchung, _t = _reserve(w, um(MORGEN, 9))
    spaeter = JETZT + timedelta(minutes=16)
    with pytest.raises(ValidationError):
        services.buchung_confirm(buchung=buchung, actor="test", now=spaeter)
    andere, _t = _reserve(w, um(MORGEN, 9), email="bernd@example.org", now=spaeter)
    assert andere.schalter_id == buchung.schalter_id
    assert services.reservierungen_release(now=spaeter) == 1
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.ABGELAUFEN
    assert Belegung.objects.filter(buchung=andere).count() == 2


def test_cancel_frees_the_slot_only_after_the_cool_down():
    w = welt(schalter=1)
    buchung, _token = _reserve(w, um(MORGEN, 9))
    services.buchung_confirm(buchung=buchung, actor="test", now=JETZT)
    services.buchung_cancel(buchung=buchung, actor="test", now=JETZT + timedelta(minutes=1))
    buchung.refresh_from_db()
    assert buchung.status == Buchung.Status.STORNIERT and buchung.sequenz == 1
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 1})

    def frei(now):
        return [s.beginn for s in selectors.freie_slots(wunsch=wunsch, datum=MORGEN, now=now)]

    assert um(MORGEN, 9) not in frei(JETZT + timedelta(minutes=5))
    assert um(MORGEN, 9) in frei(JETZT + timedelta(minutes=12))
    _zustellen()
    absage = mail.outbox[-1]
    ics = absage.attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "METHOD:CANCEL" in ics and "SEQUENCE:1" in ics and "STATUS:CANCELLED" in ics
    with pytest.raises(ValidationError):
        services.buchung_rebook(buchung=buchung, beginn=um(MORGEN, 10), actor="test", now=JETZT)


def test_rebook_keeps_the_number_and_raises_the_sequence():
    w = welt(schalter=1)
    buchung, token = _reserve(w, um(MORGEN, 9))
    services.buchung_confirm(buchung=buchung, actor="test", now=JETZT)
    nummer = buchung.nummer
    # overlapping its own old time on the only counter works
    services.buchung_rebook(
        buchung=buchung, beginn=um(MORGEN, 9, 15), actor="test", token=token, now=JETZT
    )
    buchung.refresh_from_db()
    assert (buchung.nummer, buchung.sequenz, buchung.beginn) == (nummer, 1, um(MORGEN, 9, 15))
    zeiten = sorted(Belegung.objects.filter(buchung=buchung).values_list("beginn", flat=True))
    assert zeiten == [um(MORGEN, 9, 15), um(MORGEN, 9, 30)]
    # not free: refused, nothing changed
    _reserve(w, um(MORGEN, 10), email="bernd@example.org")
    with pytest.raises(ValidationError) as fehler:
        services.buchung_rebook(buchung=buchung, beginn=um(MORGEN, 10), actor="test", now=JETZT)
    assert "beginn" in fehler.value.message_dict
    buchung.refresh_from_db()
    assert buchung.beginn == um(MORGEN, 9, 15) and buchung.sequenz == 1
    _zustellen()
    verschoben = [m for m in mail.outbox if "verschoben" in m.subject]
    assert len(verschoben) == 1
    assert f"/termine/{nummer}/{token}/" in verschoben[0].body
    ics = verschoben[0].attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "SEQUENCE:1" in ics and f"termin-{nummer}@" in ics


def test_limits_per_email_see_through_plus_tags_and_gmail_dots():
    w = welt(schalter=3)
    _reserve(w, um(MORGEN, 8), email="anna.test@gmail.com")
    _reserve(w, um(MORGEN, 9), email="annatest+2@googlemail.com")
    with pytest.raises(ValidationError) as fehler:
        _reserve(w, um(MORGEN, 10), email="A.n.n.a.T.e.s.t+3@gmail.com")
    assert "email" in fehler.value.message_dict
    assert Buchung.objects.count() == 2


def test_limit_per_email_per_day_counts_cancelled_ones(settings):
    settings.RATHAUS_TERMINE_MAX_JE_EMAIL_TAG = 2
    w = welt(schalter=3)
    for stunde in (8, 9):
        b, _t = _reserve(w, um(MORGEN, stunde))
        services.buchung_cancel(buchung=b, actor="test", now=JETZT)
    with pytest.raises(ValidationError) as fehler:
        _reserve(w, um(MORGEN, 10))
    assert "email" in fehler.value.message_dict


@pytest.mark.parametrize(
    ("name", "email", "feld"),
    [
        ("", "a@example.org", "name"),
        ("x" * 201, "a@example.org", "name"),
        ("Anna\x00", "a@example.org", "name"),
        ("Anna", "kein-at", "email"),
        ("Anna", "a@" + "x" * 260 + ".de", "email"),
        ("Anna", "a@example.org\r\nBcc: b@example.org", "email"),
    ],
)
def test_bad_contact_data_names_the_field_and_changes_nothing(name, email, feld):
    w = welt()
    with pytest.raises(ValidationError) as fehler:
        _reserve(w, um(MORGEN, 9), email=email, name=name)
    assert feld in fehler.value.message_dict
    assert not Buchung.objects.exists() and not Belegung.objects.exists()


def test_closure_cancels_the_bookings_it_hits_and_tells_them():
    w = welt(schalter=2)
    b1, _t = _reserve(w, um(MORGEN, 9))
    services.buchung_confirm(buchung=b1, actor="test", now=JETZT)
    b2, _t = _reserve(w, um(MORGEN, 11), email="bernd@example.org")
    _abwesenheit, abgesagt = services.abwesenheit_create(
        terminort=w.terminort,
        von=um(MORGEN, 8),
        bis=um(MORGEN, 10),
        grund="Stromausfall",
        actor="test",
        now=JETZT,
    )
    assert [b.pk for b in abgesagt] == [b1.pk]
    b1.refresh_from_db()
    b2.refresh_from_db()
    assert b1.status == Buchung.Status.STORNIERT and b2.status == Buchung.Status.RESERVIERT
    assert not Belegung.objects.filter(buchung=b1).exists()
    _zustellen()
    absage = [m for m in mail.outbox if m.to == ["anna@example.org"]][-1]
    assert "Stromausfall" in absage.body and absage.attachments
    with pytest.raises(ValidationError) as fehler:
        services.abwesenheit_create(
            terminort=w.terminort, von=um(MORGEN, 10), bis=um(MORGEN, 9), actor="test"
        )
    assert "bis" in fehler.value.message_dict


def test_a_freed_slot_is_offered_to_the_waiting_list_in_order():
    w = welt(schalter=1)
    buchung, _t = _reserve(w, um(MORGEN, 9))
    services.buchung_confirm(buchung=buchung, actor="test", now=JETZT)
    erster, _t = services.warteliste_join(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        name="Erste",
        email="erste@example.org",
        actor="test",
    )
    zweiter, _t = services.warteliste_join(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        name="Zweite",
        email="zweite@example.org",
        actor="test",
    )
    with pytest.raises(ValidationError):
        services.warteliste_join(
            terminort=w.terminort,
            leistungen={w.ausweis.pk: 1},
            name="E",
            email="Erste+x@example.org",
            actor="test",
        )
    services.buchung_cancel(buchung=buchung, actor="test", now=JETZT)
    angebot = Buchung.objects.get(angebot_fuer=erster)
    assert angebot.status == Buchung.Status.RESERVIERT and angebot.beginn == um(MORGEN, 9)
    assert angebot.reserviert_bis == JETZT + timedelta(minutes=120)
    erster.refresh_from_db()
    assert erster.status == Wartelisteneintrag.Status.ANGEBOTEN
    # not accepted in time: the next one gets it
    spaeter = JETZT + timedelta(minutes=121)
    services.reservierungen_release(now=spaeter)
    zweites = Buchung.objects.get(angebot_fuer=zweiter)
    assert zweites.beginn == um(MORGEN, 9)
    services.buchung_confirm(buchung=zweites, actor="test", now=spaeter)
    zweiter.refresh_from_db()
    assert zweiter.status == Wartelisteneintrag.Status.ERLEDIGT
    _zustellen(spaeter)
    assert any("bestaetigen" in m.body for m in mail.outbox if m.to == ["zweite@example.org"])


def test_reminders_are_sent_once_the_day_before():
    w = welt()
    buchung, _t = _reserve(w, um(MORGEN, 9))
    services.buchung_confirm(buchung=buchung, actor="test", now=JETZT)
    assert services.erinnerungen_send(now=JETZT) == 1
    assert services.erinnerungen_send(now=JETZT) == 0
    _zustellen()
    assert "Erinnerung" in mail.outbox[-1].subject


def test_the_loeschfrist_deletes_the_contact_and_keeps_the_booking():
    w = welt()
    _buchung, _t = _reserve(w, um(MORGEN, 9))
    regel = registry["termine_kontakte"]()
    assert not regel.faellig(stichtag=um(MORGEN, 9), jetzt=JETZT).exists()
    assert list(regel.faellig(stichtag=um(MORGEN, 11), jetzt=JETZT)) == [Kontakt.objects.get()]
    from rathaus.akten.loeschfristen import loeschfristen_apply

    loeschfristen_apply(actor="test")  # the appointment lies in the future: nothing goes
    assert Kontakt.objects.exists()


def test_a_closure_occupies_its_units_in_the_database_and_ending_it_frees_them():
    w = welt(schalter=2)
    abwesenheit, _abgesagt = services.abwesenheit_create(
        terminort=w.terminort,
        schalter=w.schalter[0],
        von=um(MORGEN, 8),
        bis=um(MORGEN, 10),
        actor="test",
        now=JETZT,
    )
    # 8 units of 15 minutes, held by nobody: even a write that ignored the absence fails
    assert Belegung.objects.filter(schalter=w.schalter[0], buchung__isnull=True).count() == 8
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Belegung.objects.create(schalter=w.schalter[0], beginn=um(MORGEN, 9), terminort=w.terminort)
    zweite, _a = services.abwesenheit_create(
        terminort=w.terminort, von=um(MORGEN, 9), bis=um(MORGEN, 9, 30), actor="test", now=JETZT
    )
    services.abwesenheit_delete(abwesenheit=abwesenheit, actor="test")
    # 9:00 and 9:15 stay closed by the second closure (of the whole office)
    zeiten = sorted(
        Belegung.objects.filter(schalter=w.schalter[0]).values_list("beginn", flat=True)
    )
    assert zeiten == [um(MORGEN, 9), um(MORGEN, 9, 15)]
    services.abwesenheit_delete(abwesenheit=zweite, actor="test")
    assert not Belegung.objects.exists()
    wunsch = selectors.wunsch_build(terminort=w.terminort, leistungen={w.ausweis.pk: 1})
    assert selectors.freie_schalter(wunsch=wunsch, beginn=um(MORGEN, 8), now=JETZT)


def test_staff_bookings_use_the_held_back_quota_and_today():
    from rathaus.termine.models import Schalter

    w = welt(schalter=2)
    Schalter.objects.filter(pk=w.schalter[1].pk).update(vorbehalten=True)
    w.terminort.freigabe_tage = 2
    fern = MORGEN + timedelta(days=14)
    # online: the held-back counter is closed two weeks ahead
    _reserve(w, um(fern, 9), email="a@example.org")
    with pytest.raises(ValidationError):
        _reserve(w, um(fern, 9), email="b@example.org")
    # by phone: the held-back counter, without an email address
    telefon, _t = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.ausweis.pk: 1},
        beginn=um(fern, 9),
        name="Tel",
        email="",
        kanal=Buchung.Kanal.TELEFON,
        actor="test",
        now=JETZT,
    )
    assert telefon.schalter_id == w.schalter[1].pk
    # a walk-in today; online today is never offered
    heute = um(JETZT.date(), 11)
    with pytest.raises(ValidationError):
        _reserve(w, heute, email="c@example.org")
    vor_ort, _t = services.buchung_reserve(
        terminort=w.terminort,
        leistungen={w.anmeldung.pk: 1},
        beginn=heute,
        name="Walk-in",
        email="",
        kanal=Buchung.Kanal.VOR_ORT,
        actor="test",
        now=JETZT,
    )
    assert vor_ort.kanal == Buchung.Kanal.VOR_ORT
    _zustellen()
    assert {m.to[0] for m in mail.outbox} == {"a@example.org"}
