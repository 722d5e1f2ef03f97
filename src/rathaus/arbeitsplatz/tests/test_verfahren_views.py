"""The back office pages: task list, Verfahren page and its actions, with permissions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from rathaus.antraege import services as antraege_services
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll
from rathaus.organisation.models import Rolle
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren.models import Aufgabe, Bescheid, Frist, Notiz, Verfahren
from rathaus.verfahren.tests import factories as vf

from .conftest import angemeldet, mitarbeiter


@pytest.fixture
def team(db: Any) -> dict[str, Any]:
    oe = vf.organisationseinheit("Ordnungsamt")
    andere = vf.organisationseinheit("Wohngeldstelle")
    return {
        "oe": oe,
        "sb": mitarbeiter("sb", oe),
        "sb2": mitarbeiter("sbzwei", oe),
        "leitung": mitarbeiter("leitung", oe, rolle=Rolle.LEITUNG),
        "fremd": mitarbeiter("fremd", andere),
    }


def _erste(v: Verfahren) -> Aufgabe:
    return vf.offen(v)


def _zustand(v: Verfahren) -> tuple[Any, ...]:
    v = Verfahren.objects.get(pk=v.pk)
    aufgaben = tuple(
        Aufgabe.objects.filter(verfahren=v)
        .order_by("pk")
        .values_list("status", "bearbeiter_id", "ergebnis")
    )
    return (v.status, v.schritte, v.entscheidung, aufgaben, Notiz.objects.count())


def test_task_list_shows_open_tasks_of_my_units_with_filters(team):
    eigene = [vf.verfahren(team["oe"]) for _ in range(3)]
    vf.verfahren(vf.organisationseinheit("Fremdamt"))
    client = angemeldet(team["sb"])
    antwort = client.get(reverse("arbeitsplatz:aufgaben"))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    for v in eigene:
        assert v.aktenzeichen in html
    assert "3 offene Aufgaben" in html
    # filter by Aktenzeichen prefix
    antwort = client.get(reverse("arbeitsplatz:aufgaben"), {"q": eigene[1].aktenzeichen})
    html = antwort.content.decode()
    assert eigene[1].aktenzeichen in html and eigene[0].aktenzeichen not in html
    # only mine: none claimed yet
    antwort = client.get(reverse("arbeitsplatz:aufgaben"), {"nur_meine": "on"})
    assert "0 offene Aufgaben" in antwort.content.decode()


@pytest.mark.parametrize(
    "parameter",
    [
        {"einheit": "999999999999999999999"},
        {"einheit": "abc"},
        {"sort": "'; DROP TABLE verfahren_aufgabe; --"},
        {"seite": "-1"},
        {"q": "x" * 5000},
        {"rolle": "<script>"},
    ],
)
def test_task_list_hostile_filters_get_400_not_500(team, parameter):
    vf.verfahren(team["oe"])
    antwort = angemeldet(team["sb"]).get(reverse("arbeitsplatz:aufgaben"), parameter)
    assert antwort.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in antwort.content.decode()
    assert "<script>" not in antwort.content.decode()


def test_verfahren_page_of_another_unit_is_404_and_logged(team):
    v = vf.verfahren(team["oe"])
    vorher = _zustand(v)
    antwort = angemeldet(team["fremd"]).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert antwort.status_code == 404
    assert v.aktenzeichen not in antwort.content.decode()
    eintrag = Protokoll.objects.filter(aktion="arbeitsplatz.zugriff_verweigert").latest("pk")
    assert eintrag.details["aktion"] == "verfahren.ansehen"
    assert _zustand(v) == vorher


def test_citizen_and_anonymous_get_no_verfahren_page(team, client):
    v = vf.verfahren(team["oe"])
    url = reverse("arbeitsplatz:verfahren", args=[v.pk])
    assert client.get(url).status_code == 302  # to the staff login
    buerger = vf.buerger()
    client.force_login(buerger.user)
    assert client.get(url).status_code == 403


def test_reading_the_page_is_in_the_protokoll(team):
    v = vf.verfahren(team["oe"])
    antwort = angemeldet(team["sb"]).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert antwort.status_code == 200
    eintrag = Protokoll.objects.filter(aktion="verfahren.ansehen").latest("pk")
    assert eintrag.akteur_id == team["sb"].pk
    assert eintrag.details["aktenzeichen"] == v.aktenzeichen


def test_claim_then_complete_with_missing_reason_shows_field_error_and_changes_nothing(team):
    v = vf.verfahren(team["oe"])
    aufgabe = _erste(v)
    client = angemeldet(team["sb"])
    antwort = client.post(reverse("arbeitsplatz:aufgabe_uebernehmen", args=[aufgabe.pk]))
    assert antwort.status_code == 302
    aufgabe.refresh_from_db()
    assert aufgabe.bearbeiter_id == team["sb"].pk
    vorher = _zustand(v)
    # unvollständig without saying what is missing
    antwort = client.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[aufgabe.pk]),
        {f"a{aufgabe.pk}-vollstaendigkeit": "unvollstaendig"},
    )
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert f'href="#id_a{aufgabe.pk}-nachforderung"' in html
    assert _zustand(v) == vorher


def test_clerk_completes_check_decides_and_leitung_cosigns(team):
    v = vf.verfahren(team["oe"])
    sb = angemeldet(team["sb"])
    pruefung = _erste(v)
    sb.post(reverse("arbeitsplatz:aufgabe_uebernehmen", args=[pruefung.pk]))
    antwort = sb.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[pruefung.pk]),
        {f"a{pruefung.pk}-vollstaendigkeit": "vollstaendig"},
    )
    assert antwort.status_code == 302
    entscheidung = _erste(v)
    assert entscheidung.art == "entscheidung"
    # The clerk's next step is theirs already: its form is on the page, no claim button.
    assert entscheidung.bearbeiter_id == team["sb"].pk
    seite = sb.get(antwort["Location"]).content.decode()
    assert f'action="{reverse("arbeitsplatz:aufgabe_erledigen", args=[entscheidung.pk])}"' in seite
    assert reverse("arbeitsplatz:aufgabe_uebernehmen", args=[entscheidung.pk]) not in seite
    antwort = sb.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[entscheidung.pk]),
        {
            f"a{entscheidung.pk}-entscheidung": "bewilligen",
            f"a{entscheidung.pk}-begruendung": "Alle Voraussetzungen liegen vor.",
        },
    )
    assert antwort.status_code == 302
    mitzeichnung = _erste(v)
    assert mitzeichnung.rolle == "leitung"
    # the clerk cannot take the Leitung's task
    vorher = _zustand(v)
    antwort = sb.post(reverse("arbeitsplatz:aufgabe_uebernehmen", args=[mitzeichnung.pk]))
    assert antwort.status_code == 403
    assert _zustand(v) == vorher
    leitung = angemeldet(team["leitung"])
    seite = leitung.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Alle Voraussetzungen liegen vor." in seite
    leitung.post(reverse("arbeitsplatz:aufgabe_uebernehmen", args=[mitzeichnung.pk]))
    seite = leitung.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Zu zeichnende Entscheidung" in seite
    antwort = leitung.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[mitzeichnung.pk]),
        {f"a{mitzeichnung.pk}-mitzeichnung": "zeichnen"},
    )
    assert antwort.status_code == 302
    v.refresh_from_db()
    assert v.entscheidung == "bewilligen"
    # The co-signature only asked for the Bescheid; the worker makes it.
    assert (v.status, v.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert not Bescheid.objects.filter(verfahren=v).exists()
    seite = leitung.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert '<dd id="bescheid-status">Bescheid wird erstellt</dd>' in seite
    assert "Der Bescheid wird im Hintergrund erstellt" in seite
    assert "Bescheid in Auftrag gegeben (wird erstellt)" in seite
    assert "in_erstellung" not in seite
    for row in Outbox.objects.filter(topic="verfahren.bescheid", delivered_at__isnull=True):
        assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    v.refresh_from_db()
    assert (v.status, v.bescheid_status) == (Verfahren.Status.ABGESCHLOSSEN, "postversand")
    seite = leitung.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Bescheid per Post zu versenden (kein Nutzerkonto)" in seite
    assert "Das Verfahren ist abgeschlossen." in seite
    for text in ("Bescheid erstellt", "Bescheid zum Postversand bereitgestellt"):
        assert text in seite
    assert "verfahren.bescheid.postversand" not in seite


def test_second_claim_loses_with_a_message(team):
    v = vf.verfahren(team["oe"])
    aufgabe = _erste(v)
    angemeldet(team["sb"]).post(reverse("arbeitsplatz:aufgabe_uebernehmen", args=[aufgabe.pk]))
    vorher = _zustand(v)
    antwort = angemeldet(team["sb2"]).post(
        reverse("arbeitsplatz:aufgabe_uebernehmen", args=[aufgabe.pk])
    )
    assert antwort.status_code == 400
    assert "bereits von" in antwort.content.decode()
    assert _zustand(v) == vorher


def test_leitung_assigns_and_clerk_may_not(team):
    v = vf.verfahren(team["oe"])
    aufgabe = _erste(v)
    feld = f"z{aufgabe.pk}-bearbeiter"
    url = reverse("arbeitsplatz:aufgabe_zuweisen", args=[aufgabe.pk])
    vorher = _zustand(v)
    antwort = angemeldet(team["sb"]).post(url, {feld: team["sb2"].pk})
    assert antwort.status_code == 403
    assert _zustand(v) == vorher
    # someone outside the unit is not a valid choice
    antwort = angemeldet(team["leitung"]).post(url, {feld: team["fremd"].pk})
    assert antwort.status_code == 400
    assert _zustand(v) == vorher
    antwort = angemeldet(team["leitung"]).post(url, {feld: team["sb2"].pk})
    assert antwort.status_code == 302
    aufgabe.refresh_from_db()
    assert aufgabe.bearbeiter_id == team["sb2"].pk


def test_actions_on_a_foreign_task_are_404_and_change_nothing(team):
    v = vf.verfahren(team["oe"])
    aufgabe = _erste(v)
    vorher = _zustand(v)
    fremd = angemeldet(team["fremd"])
    for name in ("aufgabe_uebernehmen", "aufgabe_zurueckgeben", "aufgabe_erledigen"):
        assert fremd.post(reverse(f"arbeitsplatz:{name}", args=[aufgabe.pk])).status_code == 404
    for name in ("verfahren_notiz", "verfahren_wiedervorlage", "verfahren_antwort"):
        antwort = fremd.post(reverse(f"arbeitsplatz:{name}", args=[v.pk]), {"notiz-text": "x"})
        assert antwort.status_code == 404
    assert _zustand(v) == vorher


def test_actions_need_post_and_csrf(team):
    from django.test import Client

    v = vf.verfahren(team["oe"])
    aufgabe = _erste(v)
    client = angemeldet(team["sb"])
    url = reverse("arbeitsplatz:aufgabe_uebernehmen", args=[aufgabe.pk])
    assert client.get(url).status_code == 405
    streng = Client(enforce_csrf_checks=True)
    streng.cookies = client.cookies
    assert streng.post(url).status_code == 403
    aufgabe.refresh_from_db()
    assert aufgabe.bearbeiter_id is None


def test_note_and_resubmission_with_bad_input(team):
    v = vf.verfahren(team["oe"])
    client = angemeldet(team["sb"])
    url = reverse("arbeitsplatz:verfahren_notiz", args=[v.pk])
    assert client.post(url, {"notiz-text": ""}).status_code == 400
    assert client.post(url, {"notiz-text": "x" * 10_001}).status_code == 400
    assert Notiz.objects.count() == 0
    assert client.post(url, {"notiz-text": "<b>Rückruf</b> vereinbart"}).status_code == 302
    seite = client.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "&lt;b&gt;Rückruf&lt;/b&gt; vereinbart" in seite
    url = reverse("arbeitsplatz:verfahren_wiedervorlage", args=[v.pk])
    for datum in ("gestern", "2001-01-01", "9999-99-99"):
        assert client.post(url, {"wv-datum": datum}).status_code == 400
    assert not Frist.objects.filter(verfahren=v, art="wiedervorlage").exists()
    assert client.post(url, {"wv-datum": "2099-01-02", "wv-grund": "Rückfrage"}).status_code == 302
    assert Frist.objects.filter(verfahren=v, art="wiedervorlage").count() == 1


def test_paper_answer_resumes_a_waiting_verfahren(team):
    v = vf.verfahren(team["oe"])
    aufgabe = _erste(v)
    client = angemeldet(team["sb"])
    url = reverse("arbeitsplatz:verfahren_antwort", args=[v.pk])
    # not waiting yet: refused with a message, nothing changes
    vorher = _zustand(v)
    antwort = client.post(url, {"antwort-text": "Brief vom 3.11."})
    assert antwort.status_code == 400
    assert _zustand(v) == vorher
    client.post(reverse("arbeitsplatz:aufgabe_uebernehmen", args=[aufgabe.pk]))
    client.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[aufgabe.pk]),
        {
            f"a{aufgabe.pk}-vollstaendigkeit": "unvollstaendig",
            f"a{aufgabe.pk}-nachforderung": "Bitte den Lageplan nachreichen.",
            f"a{aufgabe.pk}-frist_tage": "10",
        },
    )
    v.refresh_from_db()
    assert v.status == Verfahren.Status.WARTET
    seite = client.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Bitte den Lageplan nachreichen." in seite
    assert client.post(url, {"antwort-text": "Brief vom 3.11."}).status_code == 302
    v.refresh_from_db()
    assert v.status == Verfahren.Status.IN_BEARBEITUNG
    assert _erste(v).art == "vollstaendigkeitspruefung"


def test_deadline_warning_is_shown(team):
    from datetime import timedelta

    from django.utils import timezone

    v = vf.verfahren(team["oe"])
    heute = timezone.localdate()
    Frist.objects.create(
        verfahren=v,
        art=Frist.Art.GESETZLICH,
        bezeichnung="Genehmigungsfiktion",
        datum=heute + timedelta(days=5),
        warnen_ab=heute - timedelta(days=1),
    )
    seite = angemeldet(team["sb"]).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert "Frist läuft bald ab: Genehmigungsfiktion" in seite.content.decode()


def test_submitted_data_is_shown_with_the_form_labels(db, tmp_path):
    welt = helfer.welt(tmp_path)
    entwurf = helfer.entwurf(welt.formular)
    antrag = antraege_services.antrag_submit(
        entwurf=entwurf, actor="test", idempotency_key=idempotenzschluessel(entwurf=entwurf)
    ).antrag
    for row in Outbox.objects.order_by("pk"):
        core_outbox.outbox_deliver(outbox_id=row.pk)
    v = Verfahren.objects.get(antrag_id=antrag.pk)
    sb = mitarbeiter("sbdaten")
    mitgliedschaft_add(
        user=sb, organisationseinheit=welt.amt, rolle=Rolle.SACHBEARBEITUNG, actor="test"
    )
    seite = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Musterfrau" in seite and "17.05.1980" in seite
    assert re.search(r'Geburtsdatum</dt><dd class="antworten__wert[^"]*">17\.05\.1980</dd>', seite)
    assert f"Antrag {antrag.aktenzeichen}" in seite  # the filed Dokument in the E-Akte


def _bis_zur_mitzeichnung(v: Verfahren, wer: Any) -> Aufgabe:
    from rathaus.verfahren import services as vs

    vs.aufgabe_complete(aufgabe=_erste(v), actor=wer, ergebnis={"vollstaendigkeit": "vollstaendig"})
    vs.aufgabe_complete(
        aufgabe=_erste(v), actor=wer, ergebnis={"entscheidung": "ablehnen", "begruendung": "nein"}
    )
    return _erste(v)


def _angeboten(seite: str, aufgabe: Aufgabe) -> set[str]:
    """The values of the assign dropdown of one task on the page."""
    import re

    auswahl = re.search(
        rf'<select[^>]*name="z{aufgabe.pk}-bearbeiter"[^>]*>(.*?)</select>', seite, re.S
    )
    assert auswahl, "no assign dropdown"
    return set(re.findall(r'<option value="(\d*)"', auswahl.group(1))) - {""}


# Whom the Leitung is offered for a task, by who decided: (decider, task) → offered.
# fmt: off
ANGEBOT = [
    ("sb",       "mitzeichnung", {"leitung", "leitung2"}),
    ("leitung",  "mitzeichnung", {"leitung2"}),
    (None,       "pruefung",     {"sb", "sb2", "leitung", "leitung2"}),
]
# fmt: on


@pytest.mark.parametrize(("entscheider", "aufgabe_art", "angeboten"), ANGEBOT)
def test_assign_offers_only_who_may_do_the_task(team, entscheider, aufgabe_art, angeboten):
    team["leitung2"] = mitarbeiter("leitungzwei", team["oe"], rolle=Rolle.LEITUNG)
    v = vf.verfahren(team["oe"])
    aufgabe = _bis_zur_mitzeichnung(v, team[entscheider]) if entscheider else _erste(v)
    assert aufgabe.art == ("mitzeichnung" if entscheider else "vollstaendigkeitspruefung")
    seite = angemeldet(team["leitung2"]).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert _angeboten(seite.content.decode(), aufgabe) == {str(team[n].pk) for n in angeboten}


def test_assigning_the_decider_to_cosign_is_refused_and_changes_nothing(team):
    team["leitung2"] = mitarbeiter("leitungzwei", team["oe"], rolle=Rolle.LEITUNG)
    v = vf.verfahren(team["oe"])
    mitzeichnung = _bis_zur_mitzeichnung(v, team["leitung"])
    vorher = _zustand(v)
    zuweisungen = Protokoll.objects.filter(aktion="verfahren.aufgabe.assign").count()
    antwort = angemeldet(team["leitung2"]).post(
        reverse("arbeitsplatz:aufgabe_zuweisen", args=[mitzeichnung.pk]),
        {f"z{mitzeichnung.pk}-bearbeiter": team["leitung"].pk},
    )
    assert antwort.status_code == 400
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    assert _zustand(v) == vorher
    assert Protokoll.objects.filter(aktion="verfahren.aufgabe.assign").count() == zuweisungen


def test_timeline_names_the_tasks(team):
    v = vf.verfahren(team["oe"])
    client = angemeldet(team["sb"])
    pruefung = _erste(v)
    client.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[pruefung.pk]),
        {f"a{pruefung.pk}-vollstaendigkeit": "vollstaendig"},
    )
    seite = client.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    assert "Aufgabe „Vollständigkeit prüfen“ erledigt: vollständig" in seite
    assert "Aufgabe „Prüfen und entscheiden“ automatisch Sb zugewiesen (nächster Schritt)" in seite


def test_required_and_optional_fields_say_it_like_the_citizen_forms(team):
    v = vf.verfahren(team["oe"])
    client = angemeldet(team["sb"])
    pruefung = _erste(v)
    client.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[pruefung.pk]),
        {f"a{pruefung.pk}-vollstaendigkeit": "vollstaendig"},
    )
    entscheidung = _erste(v)
    seite = client.get(reverse("arbeitsplatz:verfahren", args=[v.pk])).content.decode()
    optional = '<span class="kern-label__optional">– optional</span>'
    # required fields carry no marker, optional ones "– optional"; choosing nobody is a choice
    assert '<legend class="kern-label">Entscheidung</legend>' in seite
    assert ">Begründung</label>" in seite
    assert ">Interne Notiz</label>" in seite
    assert f">Grund {optional}</label>" in seite
    assert ">Zuweisen an</label>" not in seite  # a clerk assigns nothing
    vorher = _zustand(v)
    antwort = client.post(
        reverse("arbeitsplatz:aufgabe_erledigen", args=[entscheidung.pk]),
        {f"a{entscheidung.pk}-entscheidung": "bewilligen", f"a{entscheidung.pk}-begruendung": " "},
    )
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    # the summary names the field once, the field's own error says the same
    assert (
        f'<a href="#id_a{entscheidung.pk}-begruendung">„Begründung“ ist eine Pflichtangabe.</a>'
        in html
    )
    assert '<span class="kern-body">„Begründung“ ist eine Pflichtangabe.</span>' in html
    assert "zwingend erforderlich" not in html
    assert _zustand(v) == vorher
    antwort = client.post(reverse("arbeitsplatz:verfahren_notiz", args=[v.pk]), {"notiz-text": ""})
    assert "„Interne Notiz“ ist eine Pflichtangabe." in antwort.content.decode()


def test_leitung_sees_the_assign_field_without_an_optional_marker(team):
    v = vf.verfahren(team["oe"])
    seite = angemeldet(team["leitung"]).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert ">Zuweisen an</label>" in seite.content.decode()
