"""The Bescheid on the Verfahren page: the co-signer reads what they sign (text and a draft
PDF that is never filed), and the clerk's zdA of an ended Verfahren, with permissions."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from rathaus.akten.models import Dokument, Vorgang
from rathaus.core.models import Protokoll
from rathaus.organisation.models import Rolle
from rathaus.verfahren import services
from rathaus.verfahren.models import Bescheid, Frist, Verfahren
from rathaus.verfahren.tests import bescheid_helfer as h
from rathaus.verfahren.tests import factories as vf

from .conftest import angemeldet

pytestmark = pytest.mark.django_db

BEGRUENDUNG = "Die Voraussetzungen sind erfüllt. <script>x()</script>"


def _bis_zur_mitzeichnung(team: vf.Team) -> Verfahren:
    v = vf.verfahren(team.oe, buerger=h.buerger())
    for ergebnis in (
        {"vollstaendigkeit": "vollstaendig"},
        {"entscheidung": "bewilligen", "begruendung": BEGRUENDUNG},
    ):
        services.aufgabe_complete(aufgabe=vf.offen(h.frisch(v)), actor=team.sb1, ergebnis=ergebnis)
    return h.frisch(v)


def test_the_cosigner_reads_the_bescheid_before_signing():
    team = h.team()
    v = _bis_zur_mitzeichnung(team)
    leitung = angemeldet(team.leitung1)
    html = leitung.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    eingang = f"{timezone.localdate(v.eingegangen_am):%d.%m.%Y}"
    assert "Vorschau des Bescheids" in html
    assert (
        f"Ihr Antrag zur Leistung „{v.leistung.name}“ vom {eingang} "
        f"(Aktenzeichen {v.aktenzeichen}) wird bewilligt." in html
    )
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html
    assert "Im Auftrag Klara Kowalski" in html
    link = reverse("arbeitsplatz:verfahren_bescheid_vorschau", args=[v.pk])
    assert link in html

    antwort = leitung.get(link)
    assert antwort.status_code == 200 and antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"].startswith("inline;")
    text = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(antwort.content)).pages
        ).split()
    )
    assert "Entwurf zur Mitzeichnung – noch nicht erlassen" in text
    assert "wird bewilligt" in text and "Klara Kowalski" in text
    # A preview is read, recorded, and nothing is made or filed.
    assert not Bescheid.objects.exists() and not Dokument.objects.exists()
    assert Protokoll.objects.filter(
        aktion="verfahren.bescheid.vorschau", objekt_id=str(v.pk)
    ).exists()


def test_no_preview_without_an_open_cosignature_and_none_for_other_units():
    team = h.team()
    v = vf.verfahren(team.oe, buerger=h.buerger())
    sb = angemeldet(team.sb1)
    html = sb.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Vorschau des Bescheids" not in html
    assert (
        sb.get(reverse("arbeitsplatz:verfahren_bescheid_vorschau", args=[v.pk])).status_code == 404
    )
    v = _bis_zur_mitzeichnung(team)
    fremd = angemeldet(vf.user("fremd", (vf.organisationseinheit("Fremdamt"), Rolle.LEITUNG)))
    link = reverse("arbeitsplatz:verfahren_bescheid_vorschau", args=[v.pk])
    assert fremd.get(link).status_code == 404


def _stand(v: Verfahren) -> tuple:
    return (
        Vorgang.objects.get(pk=h.frisch(v).vorgang_id).zda_am,
        list(Frist.objects.filter(verfahren=v).values_list("erledigt", flat=True)),
        Protokoll.objects.filter(aktion="verfahren.zda").count(),
    )


def test_the_clerk_closes_the_vorgang_of_an_ended_verfahren():
    team = h.team()
    v = h.entscheiden(vf.verfahren(team.oe, buerger=h.buerger()), team)
    assert v.status == Verfahren.Status.ABGESCHLOSSEN
    assert Vorgang.objects.get(pk=v.vorgang_id).zda_am is None
    seite = reverse("arbeitsplatz:verfahren", args=[v.pk])
    zda = reverse("arbeitsplatz:verfahren_zda", args=[v.pk])
    sb = angemeldet(team.sb2)
    assert zda in sb.get(seite).content.decode()

    # Refused, and nothing changed: another unit (404), a role without the work (403).
    vorher = _stand(v)
    fremd = angemeldet(vf.user("fremd", (vf.organisationseinheit("Fremdamt"), Rolle.LEITUNG)))
    assert fremd.post(zda).status_code == 404
    fachadmin = angemeldet(vf.user("fa", (team.oe, Rolle.FACHADMINISTRATION)))
    assert zda not in fachadmin.get(seite).content.decode()
    assert fachadmin.post(zda).status_code == 403
    assert sb.get(zda).status_code == 405
    assert _stand(v) == vorher

    antwort = sb.post(zda)
    assert antwort.status_code == 302
    zda_am, fristen, protokolle = _stand(v)
    assert zda_am is not None and fristen == [True] and protokolle == 1
    assert zda not in sb.get(seite).content.decode()
    # Twice: refused with a message, nothing changed.
    vorher = _stand(v)
    zweimal = sb.post(zda)
    assert zweimal.status_code == 400
    assert "bereits zu den Akten verfügt" in zweimal.content.decode()
    assert _stand(v) == vorher


def test_no_zda_while_the_process_runs():
    team = h.team()
    v = _bis_zur_mitzeichnung(team)
    sb = angemeldet(team.sb1)
    antwort = sb.post(reverse("arbeitsplatz:verfahren_zda", args=[v.pk]))
    assert antwort.status_code == 400
    assert "Das Verfahren läuft noch" in antwort.content.decode()
    assert not Protokoll.objects.filter(aktion="verfahren.zda").exists()


def test_something_filed_after_the_bescheid_keeps_the_vorgang_open_for_the_clerk():
    from rathaus.akten import services as akten

    team = h.team()
    v = h.entscheiden(vf.verfahren(team.oe, buerger=h.buerger()), team)
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.WIDERSPRUCH)
    akten.dokument_file(
        vorgang=Vorgang.objects.get(pk=v.vorgang_id),
        art=Dokument.Art.EINGANG,
        betreff="Schreiben der Antragstellerin",
        versionen=[("brief.txt", "text/plain", b"Ich widerspreche.")],
        actor="test",
    )
    spaeter = frist.datum + timedelta(days=30)
    assert services.fristen_check(heute=spaeter)["zda_pruefen"] == 1
    assert Vorgang.objects.get(pk=v.vorgang_id).zda_am is None
    assert services.fristen_check(heute=spaeter)["zda_pruefen"] == 1
    assert Protokoll.objects.filter(aktion="verfahren.zda.eingang_pruefen").count() == 1
