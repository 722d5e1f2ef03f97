"""The Bescheid end to end: PDF/A from the Vorlage, filed in the E-Akte, provided in the
Postfach with an email that says nothing about the decision, the day of notification,
postal dispatch without a citizen account, and refusals that change nothing."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from rathaus.akten import services as akten
from rathaus.akten.models import Dokument, Vorgang
from rathaus.akten.tests import factories as akten_f
from rathaus.core import outbox as core_outbox
from rathaus.core import pdfpruefung
from rathaus.core.models import Outbox, Protokoll
from rathaus.katalog.models import Gebuehr
from rathaus.konten.models import Postfachnachricht
from rathaus.verfahren.bescheid import dokument as bescheid_dokument
from rathaus.verfahren.bescheid.vorlagen import bescheidvorlage_create
from rathaus.verfahren.models import (
    Aufgabe,
    Bescheid,
    Frist,
    Mitzeichnung,
    Nachricht,
    Verfahren,
)
from rathaus.verfahren.services.zda import widerspruchsfrist_ende

from . import bescheid_helfer as h
from . import factories as f

pytestmark = pytest.mark.django_db

BEGRUENDUNG = "Die Sondernutzung beeinträchtigt den Verkehr nicht."


def _zustellen(topic: str = "postfach.benachrichtigung") -> list[str]:
    return [
        core_outbox.outbox_deliver(outbox_id=row.pk)
        for row in Outbox.objects.filter(topic=topic, delivered_at__isnull=True)
    ]


def test_bewilligung_pdf_akte_postfach_email_bekanntgabe(settings, monkeypatch):
    import weasyprint

    renders: list[int] = []
    write_pdf = weasyprint.HTML.write_pdf

    def gezaehlt(self, *args, **kwargs):
        renders.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", gezaehlt)
    team = h.team()
    buerger = h.buerger()
    v = f.verfahren(team.oe, buerger=buerger, aktenzeichen="STR-2026-000815")
    v = h.entscheiden(v, team, begruendung=BEGRUENDUNG, mit_worker=False)

    # The Leitung's step only checked and asked the worker: no PDF rendered, nothing filed
    # or delivered yet; the Verfahren is "in Bearbeitung", not waiting for the citizen.
    assert renders == []
    assert (v.status, v.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert v.bescheid_status_text == "Bescheid wird erstellt"
    assert not Bescheid.objects.exists() and not Postfachnachricht.objects.exists()
    assert not Dokument.objects.filter(art=Dokument.Art.AUSGANG).exists()
    assert v.vorgang_id is not None and Vorgang.objects.get(pk=v.vorgang_id).zda_am is None
    assert Outbox.objects.filter(topic="verfahren.bescheid", key=str(v.pk)).count() == 1

    assert h.worker() == ["zugestellt"]
    assert renders == [1]
    v = h.frisch(v)
    assert (v.status, v.bescheid_status) == (Verfahren.Status.ABGESCHLOSSEN, "zugestellt")
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.entscheidung == "bewilligen" and bescheid.pdf_variante == "pdf/a-3b"
    assert (bescheid.gezeichnet_von, bescheid.mitgezeichnet_von) == (team.sb1, team.leitung1)
    assert bescheid.gezeichnet_von_name == "Klara Kowalski"

    # The PDF is an outgoing Dokument of the Verfahren's Vorgang (opened by its Aktenplan
    # assignment) and its hash is recorded. The Vorgang stays open while a Widerspruch is
    # possible: the Widerspruchsfrist runs one month from the Bekanntgabe.
    dokument = Dokument.objects.select_related("vorgang").get(pk=bescheid.dokument_id)
    assert dokument.art == Dokument.Art.AUSGANG and dokument.personenbezogen
    assert dokument.person_ref == str(buerger.pk)
    assert dokument.vorgang.verfahren_ref == v.aktenzeichen
    assert v.vorgang_id == dokument.vorgang_id
    assert Vorgang.objects.get(pk=v.vorgang_id).zda_am is None
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.WIDERSPRUCH, erledigt=False)
    assert frist.datum == widerspruchsfrist_ende(bescheid.bekanntgabe_am)
    assert dokument.vorgang.kennzeichen in v.bescheid_referenz
    pdf = h.pdf_bytes(bescheid)
    assert hashlib.sha256(pdf).hexdigest() == bescheid.sha256

    text = h.pdf_text(pdf)
    for erwartet in (
        "Hansestadt Stralsund",
        "Der Oberbürgermeister",
        team.oe.name,
        "Alter Markt",
        "Erika Musterfrau",
        "Ossenreyerstraße 12",
        "18439 Stralsund",
        "STR-2026-000815",
        timezone.localdate().strftime("%d.%m.%Y"),
        f"Ihr Antrag zur Leistung „{v.leistung.name}“ vom",
        "wird bewilligt",
        BEGRUENDUNG,
        "Rechtsbehelfsbelehrung",
        "innerhalb eines Monats nach seiner Bekanntgabe Widerspruch",
        "zur Niederschrift",
        "Klara Kowalski",
        "Lena Lindqvist",
        "Im Auftrag",
    ):
        assert erwartet in text, erwartet
    # Signed by a person: no claim of an automated decision (§ 37 Abs. 5 VwVfG).
    assert "ohne Unterschrift" not in text and "37 Abs. 5" not in text
    # The PDF/A-3b claim and the tags, as far as they can be checked here (no veraPDF).
    assert pdfpruefung.pdfa_befunde(pdf, teil=3, konformitaet="B") == []
    assert pdfpruefung.tags_befunde(pdf, sprache="de") == []
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Bescheid STR-2026-000815"
    tags = pdfpruefung.struktur_tags(pdf)
    assert {"H1", "H2", "P", "Table", "TH"} <= set(tags)

    # Postfach: the message links the very Dokument; provided now, notified in 3 days.
    nachricht = Postfachnachricht.objects.get(empfaenger=buerger)
    assert nachricht.dokument_id == dokument.pk and bescheid.postfachnachricht == nachricht
    assert "bewilligt" in nachricht.text
    heute = timezone.localdate()
    assert timezone.localdate(bescheid.bereitgestellt_am) == heute
    assert bescheid.bekanntgabe_am == heute + timedelta(days=3)
    assert (
        f"Mit der Bekanntgabe am {bescheid.bekanntgabe_am:%d.%m.%Y} beginnt die Frist von "
        "einem Monat, in der Sie Widerspruch erheben können" in " ".join(nachricht.text.split())
    )
    assert bescheid.abgerufen_am is None
    assert Nachricht.objects.filter(verfahren=v, postfachnachricht_id=nachricht.pk).exists()

    # The email only says that something waits, with the link; never the decision.
    assert mail.outbox == []  # not before the transaction's outbox row is delivered
    assert _zustellen() == ["zugestellt"]
    (email,) = mail.outbox
    assert email.to == ["erika@example.org"]
    koerper = email.subject + email.body
    assert f"{settings.RATHAUS_BASE_URL}/konto/postfach/{nachricht.pk}/" in email.body
    assert "STR-2026-000815" in email.body
    assert (
        f"Mit der Bekanntgabe am {bescheid.bekanntgabe_am:%d.%m.%Y} beginnt die Frist von "
        "einem Monat, in der Sie Widerspruch erheben können" in " ".join(email.body.split())
    )
    for geheim in ("bewillig", "stattgegeben", "ablehn", BEGRUENDUNG, "Sondernutzung"):
        assert geheim not in koerper, geheim
    assert email.attachments == []

    aktionen = set(
        Protokoll.objects.filter(objekt_typ="verfahren.verfahren", objekt_id=str(v.pk)).values_list(
            "aktion", flat=True
        )
    )
    assert {"verfahren.bescheid.erstellt", "verfahren.bescheid.zugestellt"} <= aktionen


def test_bekanntgabe_tage_come_from_the_setting(settings):
    settings.RATHAUS_BEKANNTGABE_TAGE = 4
    team = h.team()
    v = h.entscheiden(f.verfahren(team.oe, buerger=h.buerger()), team)
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.bekanntgabe_am == timezone.localdate() + timedelta(days=4)


def test_ablehnung_escapes_html_and_never_substitutes_twice():
    team = h.team()
    buerger = h.buerger()
    leistung = f.leistung()
    bescheidvorlage_create(
        leistung=leistung,
        bezeichnung="Sondernutzung",
        text_bewilligt="Genehmigt.",
        text_abgelehnt="<i>Abgelehnt</i>: {{leistung}} für {{antragsteller}}, {{begruendung}}",
        rechtsbehelfsbelehrung="Widerspruch binnen eines Monats. {{kommune}}",
        actor=f.fachadmin(),
    )
    boese = (
        '<script>alert("x")</script><b>fett</b> & <img src=x onerror=alert(1)> '
        "{{aktenzeichen}} {{antrag.F1}}"
    )
    v = f.verfahren(team.oe, leistung, buerger=buerger, aktenzeichen="STR-2026-000816")
    v = h.entscheiden(v, team, entscheidung="ablehnen", begruendung=boese)
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.entscheidung == "ablehnen"
    text = h.pdf_text(h.pdf_bytes(bescheid))
    # Markup is shown as text, not interpreted; placeholders in a value stay as typed.
    assert '<script>alert("x")</script><b>fett</b> & <img src=x onerror=alert(1)>' in text
    assert "{{aktenzeichen}} {{antrag.F1}}" in text
    assert f"<i>Abgelehnt</i>: {leistung.name} für Erika Musterfrau" in text
    assert "Widerspruch binnen eines Monats. Hansestadt Stralsund" in text
    assert "abgelehnt" in Postfachnachricht.objects.get(empfaenger=buerger).text


def test_rendered_html_is_escaped():
    inhalt = bescheid_dokument.BescheidInhalt(
        aktenzeichen="STR-1",
        datum=timezone.localdate(),
        leistung="<b>L</b>",
        entscheidung="ablehnen",
        entscheidung_text="abgelehnt",
        tenor="</section><script>x()</script>",
        begruendung="<img src=x>",
        rechtsbehelfsbelehrung="<a href='javascript:x'>Widerspruch</a>",
        sachbearbeitung="<svg onload=x>",
        briefkopf=bescheid_dokument.Briefkopf(kommune="K", organisationseinheit="<u>OE</u>"),
        gegenstand="<i>auf G</i>",
        rechtsgrundlagen=("<b>§ 1</b>",),
        gebuehr="<object>",
    )
    from django.template.loader import render_to_string

    html = render_to_string("verfahren/bescheid/pdf.html", {"b": inhalt})
    for roh in (
        "<script>",
        "<img",
        "<svg",
        "<a href",
        "<b>L",
        "<u>OE",
        "<i>auf",
        "<b>§",
        "<object",
    ):
        assert roh not in html, roh
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_gebuehr_and_leistung_vorlage_win_over_the_default():
    team = h.team()
    leistung = f.leistung()
    Gebuehr.objects.create(leistung=leistung, bezeichnung="Verwaltungsgebühr", betrag="1234.5")
    Gebuehr.objects.create(
        leistung=leistung, bezeichnung="Auslagen", betrag="5", betrag_bis="10", hinweis="je Seite"
    )
    bescheidvorlage_create(
        leistung=leistung,
        bezeichnung="Mit Gebühr",
        text_bewilligt="Erlaubt ab {{datum}}, entschieden am {{entschieden_am}}.",
        text_abgelehnt="Nein.",
        text_gebuehr="Festgesetzt werden: {{gebuehr}}.",
        rechtsbehelfsbelehrung="Widerspruch.",
        actor=f.fachadmin(),
    )
    v = h.entscheiden(f.verfahren(team.oe, leistung, buerger=h.buerger()), team)
    text = h.pdf_text(h.pdf_bytes(Bescheid.objects.get(verfahren=v)))
    heute = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Erlaubt ab {heute}, entschieden am {heute}." in text
    assert "Gebührenentscheidung" in text
    # Two fees, one of them a range: the clerk calculates them in a separate notice.
    assert (
        "Über die Gebühr für diese Entscheidung ergeht ein gesonderter Gebührenbescheid. "
        "Laut Gebührenverzeichnis gilt: Verwaltungsgebühr, 1.234,50 EUR; Auslagen, 5,00 EUR "
        "bis 10,00 EUR, je Seite." in text
    )
    assert "festgesetzt" not in text
    assert (
        "Festgesetzt werden: Verwaltungsgebühr: 1.234,50 EUR; "
        "Auslagen: 5,00 EUR bis 10,00 EUR (je Seite)." in text
    )
    assert "wird bewilligt" not in text  # not the default Vorlage


def test_without_citizen_account_the_bescheid_awaits_postal_dispatch():
    team = h.team()
    v = h.entscheiden(f.verfahren(team.oe), team)  # e.g. submitted through the API
    assert v.status == Verfahren.Status.ABGESCHLOSSEN
    assert v.bescheid_status == "postversand"
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.versand == Bescheid.Versand.POST
    assert (bescheid.bereitgestellt_am, bescheid.bekanntgabe_am) == (None, None)
    assert bescheid.postfachnachricht is None and bescheid.dokument is not None
    assert not Postfachnachricht.objects.exists()
    assert not Outbox.objects.filter(topic="postfach.benachrichtigung").exists()
    assert "An die Antragstellerin oder den Antragsteller" in h.pdf_text(h.pdf_bytes(bescheid))
    assert Protokoll.objects.filter(
        aktion="verfahren.bescheid.postversand", objekt_id=str(v.pk)
    ).exists()


def _stand(v: Verfahren) -> tuple:
    v = h.frisch(v)
    return (
        v.zustand,
        v.status,
        v.bescheid_status,
        Bescheid.objects.count(),
        Dokument.objects.count(),
        Vorgang.objects.count(),
        Mitzeichnung.objects.count(),
        Postfachnachricht.objects.count(),
        Outbox.objects.count(),
        Protokoll.objects.count(),
    )


def _bis_zur_mitzeichnung(v: Verfahren, team) -> Aufgabe:
    for ergebnis in (
        {"vollstaendigkeit": "vollstaendig"},
        {"entscheidung": "bewilligen", "begruendung": "ok"},
    ):
        services_complete(f.offen(h.frisch(v)), team.sb1, ergebnis)
    return f.offen(h.frisch(v))


def services_complete(aufgabe, user, ergebnis):
    from rathaus.verfahren import services

    return services.aufgabe_complete(aufgabe=aufgabe, actor=user, ergebnis=ergebnis)


def test_closed_vorgang_is_not_reused_and_changes_nothing():
    team = h.team()
    vorgang = akten_f.vorgang()
    akten.vorgang_close(vorgang=vorgang, actor=f.ACTOR)
    v = f.verfahren(team.oe, buerger=h.buerger(), vorgang=vorgang)
    mitzeichnung = _bis_zur_mitzeichnung(v, team)
    vorher = _stand(v)
    with pytest.raises(ValidationError, match="zdA") as fehler:
        services_complete(mitzeichnung, team.leitung1, {"mitzeichnung": "zeichnen"})
    assert fehler.value.code == "vorgang_geschlossen"
    assert _stand(v) == vorher


def test_without_active_vorlage_nothing_changes():
    from rathaus.verfahren.models import BescheidVorlage

    team = h.team()
    v = f.verfahren(team.oe, buerger=h.buerger())
    mitzeichnung = _bis_zur_mitzeichnung(v, team)
    BescheidVorlage.objects.update(aktiv=False)  # e.g. a broken manual database change
    vorher = _stand(v)
    with pytest.raises(ValidationError) as fehler:
        services_complete(mitzeichnung, team.leitung1, {"mitzeichnung": "zeichnen"})
    assert fehler.value.code == "keine_vorlage"
    assert _stand(v) == vorher


@pytest.mark.parametrize(
    ("feld", "wert", "code"),
    [
        ("text_bewilligt", "{{kaputt}}", "vorlage_fehlerhaft"),
        ("rechtsbehelfsbelehrung", "{{antrag.F1}}", "keine_belehrung"),
    ],
)
def test_a_vorlage_broken_in_the_database_is_refused_when_used(feld, wert, code):
    from rathaus.verfahren.models import BescheidVorlage

    team = h.team()
    v = f.verfahren(team.oe, buerger=h.buerger())
    mitzeichnung = _bis_zur_mitzeichnung(v, team)
    BescheidVorlage.objects.filter(leistung__isnull=True).update(**{feld: wert})
    vorher = _stand(v)
    with pytest.raises(ValidationError) as fehler:
        services_complete(mitzeichnung, team.leitung1, {"mitzeichnung": "zeichnen"})
    assert fehler.value.code == code
    assert _stand(v) == vorher


def test_nachforderung_goes_to_postfach_with_an_email_without_its_text():
    team = h.team()
    buerger = h.buerger(email="jan@example.org")
    v = f.verfahren(team.oe, buerger=buerger)
    services_complete(
        f.offen(v),
        team.sb1,
        {"vollstaendigkeit": "unvollstaendig", "nachforderung": "Der Lageplan fehlt."},
    )
    nachricht = Postfachnachricht.objects.get(empfaenger=buerger)
    assert "Der Lageplan fehlt." in nachricht.text and nachricht.dokument is None
    assert _zustellen() == ["zugestellt"]
    (email,) = mail.outbox
    assert email.to == ["jan@example.org"]
    assert "Lageplan" not in email.subject + email.body
    assert f"/konto/postfach/{nachricht.pk}/" in email.body
    assert "Bescheid" not in email.body


def test_email_is_retried_when_the_mail_server_fails(settings):
    # Nothing listens on the discard port: the connection is refused.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    team = h.team()
    h.entscheiden(f.verfahren(team.oe, buerger=h.buerger()), team)
    row = Outbox.objects.get(topic="postfach.benachrichtigung")
    assert core_outbox.outbox_deliver(outbox_id=row.pk) == "fehler"
    row.refresh_from_db()
    assert row.delivered_at is None and row.attempts == 1 and row.last_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    spaeter = row.next_attempt_at + timedelta(seconds=1)
    assert core_outbox.outbox_deliver(outbox_id=row.pk, now=spaeter) == "zugestellt"
    assert len(mail.outbox) == 1


def test_no_email_address_no_email_but_the_message_is_there():
    team = h.team()
    buerger = h.buerger(email="")
    h.entscheiden(f.verfahren(team.oe, buerger=buerger), team)
    assert _zustellen() == ["zugestellt"]
    assert mail.outbox == []
    assert Postfachnachricht.objects.get(empfaenger=buerger).dokument is not None
