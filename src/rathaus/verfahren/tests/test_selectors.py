"""Inbox, detail and timeline: what a person sees, filtered, sorted, in few queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rathaus.organisation.models import Rolle
from rathaus.verfahren import selectors, services
from rathaus.verfahren.models import Aufgabe, Verfahren
from rathaus.verfahren.selectors import InboxFilter

from . import factories as f

pytestmark = pytest.mark.django_db


def zur_mitzeichnung(v: Verfahren, sb) -> None:
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=sb, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=sb, ergebnis={"entscheidung": "bewilligen", "begruendung": "ok"}
    )


def test_inbox_shows_the_work_of_my_units_by_lane():
    team = f.Team()
    andere = f.Team()
    leistung_a, leistung_b = f.leistung("Hundesteuer"), f.leistung("Baumfällung")
    a = f.verfahren(team.oe, leistung_a, aktenzeichen="STR-A-1")
    b = f.verfahren(team.oe, leistung_b, aktenzeichen="STR-B-1")
    c = f.verfahren(team.oe, leistung_a, aktenzeichen="STR-A-2")
    f.verfahren(andere.oe, leistung_a, aktenzeichen="STR-X-1")
    zur_mitzeichnung(c, team.sb1)
    services.aufgabe_claim(aufgabe=f.offen(b), actor=team.sb2)

    seite = selectors.inbox(user=team.sb1)
    assert [z.aktenzeichen for z in seite.zeilen] == ["STR-A-1", "STR-B-1"]  # not the Leitung task
    assert seite.anzahl == 2
    zeile = seite.zeilen[0]
    assert (zeile.leistung, zeile.titel, zeile.organisationseinheit) == (
        leistung_a.name, "Vollständigkeit prüfen", team.oe.name
    )  # fmt: skip
    assert zeile.alter_tage == 0 and not zeile.ueberfaellig
    assert selectors.inbox(user=team.sb2).zeilen[1].bearbeiter == "sb2-" + team.oe.slug

    leitung = selectors.inbox(user=team.leitung1)
    assert {z.aktenzeichen for z in leitung.zeilen} == {"STR-A-1", "STR-B-1", "STR-A-2"}
    assert [
        z.aktenzeichen
        for z in selectors.inbox(user=team.leitung1, filters=InboxFilter(rolle="leitung")).zeilen
    ] == ["STR-A-2"]

    def az(**kwargs) -> list[str]:
        return [
            z.aktenzeichen
            for z in selectors.inbox(
                user=team.sb2, filters=InboxFilter(**kwargs), sort="aktenzeichen"
            ).zeilen
        ]

    assert az(leistung_id=leistung_b.pk) == ["STR-B-1"]
    assert az(nur_meine=True) == ["STR-B-1"]
    assert az(nur_unzugewiesen=True) == ["STR-A-1"]
    assert az(organisationseinheit_id=andere.oe.pk) == []
    assert az(aktenzeichen="STR-A") == ["STR-A-1"]
    assert az(verfahren_status="wartet") == []
    Aufgabe.objects.filter(verfahren=a).update(faellig_am=timezone.localdate() - timedelta(days=1))
    assert az(ueberfaellig=True) == ["STR-A-1"]
    assert selectors.inbox(user=team.sb2, sort="faellig").zeilen[0].ueberfaellig
    # Outsiders, the Fachadministration and anonymous users see no work.
    assert selectors.inbox(user=andere.sb1).anzahl == 1
    fach = f.user(None, (team.oe, Rolle.FACHADMINISTRATION))
    assert selectors.inbox(user=fach).anzahl == 0
    from django.contrib.auth.models import AnonymousUser

    assert selectors.inbox(user=AnonymousUser()).anzahl == 0


def test_inbox_pages_and_sorts_in_three_queries():
    team = f.Team()
    for i in range(30):
        f.verfahren(team.oe, aktenzeichen=f"STR-{i:03d}")
    with CaptureQueriesContext(connection) as queries:
        seite = selectors.inbox(user=team.sb1, sort="neueste", page=2, page_size=25)
        _ = [(z.leistung, z.aktenzeichen, z.bearbeiter) for z in seite.zeilen]
    assert len(queries) == 3
    assert (seite.anzahl, seite.seiten, seite.seite, len(seite.zeilen)) == (30, 2, 2, 5)
    assert [z.aktenzeichen for z in seite.zeilen] == [f"STR-{i:03d}" for i in range(4, -1, -1)]
    assert selectors.inbox(user=team.sb1, page=99).seite == 2
    assert selectors.inbox(user=team.sb1, sort="; DROP TABLE").sortierung == "faellig"


def test_detail_is_404_outside_my_units_and_logged(caplog):
    team = f.Team()
    v = f.verfahren(team.oe)
    detail = selectors.verfahren_detail(user=team.sb1, pk=v.pk)
    with CaptureQueriesContext(connection) as queries:
        _ = (
            [a.bearbeiter for a in detail.aufgaben.all()],
            list(detail.fristen.all()),
            detail.leistung.name,
        )
    assert len(queries) == 0
    fremd = f.user(None, (f.organisationseinheit(), Rolle.LEITUNG))
    with (
        caplog.at_level("WARNING", logger="rathaus.verfahren.zugriff"),
        pytest.raises(Verfahren.DoesNotExist),
    ):
        selectors.verfahren_detail(user=fremd, pk=v.pk)
    assert caplog.records[-1].message == "verfahren.zugriff_verweigert"
    with pytest.raises(Aufgabe.DoesNotExist):
        selectors.aufgabe_detail(user=fremd, pk=f.offen(v).pk)
    with pytest.raises(Verfahren.DoesNotExist):
        selectors.timeline(user=fremd, verfahren=v)


def test_timeline_merges_protokoll_notes_and_messages():
    team = f.Team()
    v = f.verfahren(team.oe, buerger=f.buerger())
    services.notiz_add(verfahren=v, text="Bürgerin rief an.", actor=team.sb1)
    services.aufgabe_complete(
        aufgabe=f.offen(v), actor=team.sb1,
        ergebnis={"vollstaendigkeit": "unvollstaendig", "nachforderung": "Foto fehlt"},
    )  # fmt: skip
    eintraege = selectors.timeline(user=team.sb2, verfahren=v)
    arten = [e.art for e in eintraege]
    assert {"protokoll", "notiz", "nachricht"} <= set(arten)
    assert eintraege == sorted(eintraege, key=lambda e: e.zeitpunkt)
    assert eintraege[0].titel == "verfahren.create"
    nachricht = next(e for e in eintraege if e.art == "nachricht")
    assert "Foto fehlt" in nachricht.text and nachricht.details == {"richtung": "ausgang"}


def test_prozessmodelle_list_only_for_fachadministration():
    team = f.Team()
    f.verfahren(team.oe)
    assert selectors.prozessmodelle_list(user=team.leitung1).count() == 0
    assert selectors.prozessmodelle_list(user=f.fachadmin()).count() == 1


@pytest.mark.django_db
def test_inbox_names_nobody_for_unassigned_tasks():
    team = f.Team()
    f.verfahren(team.oe)
    (zeile,) = selectors.inbox(user=team.sb1).zeilen
    assert zeile.bearbeiter_id is None
    assert zeile.bearbeiter == ""


@pytest.mark.django_db
def test_timeline_leaves_out_audited_reads():
    from rathaus.core.services import protokoll_write

    team = f.Team()
    v = f.verfahren(team.oe)
    for _ in range(3):
        protokoll_write(actor=team.sb1, action="verfahren.ansehen", target=v)
    aktionen = [e.titel for e in selectors.timeline(user=team.sb1, verfahren=v)]
    assert "verfahren.create" in aktionen
    assert "verfahren.ansehen" not in aktionen


def test_verfahren_filter_combines_the_filters_within_my_units():
    team = f.Team()
    andere = f.Team()
    leistung_a, leistung_b = f.leistung("Hundesteuer"), f.leistung("Baumfällung")
    a = f.verfahren(team.oe, leistung_a, aktenzeichen="STR-A-1")
    b = f.verfahren(team.oe, leistung_b, aktenzeichen="STR-B-1")
    c = f.verfahren(team.oe, leistung_a, aktenzeichen="STR-A-2")
    fremd = f.verfahren(andere.oe, leistung_a, aktenzeichen="STR-A-3")
    Verfahren.objects.filter(pk=b.pk).update(status=Verfahren.Status.WARTET)

    def pks(**filters) -> list[int]:
        return list(
            selectors.verfahren_filter(user=team.sb1, **filters).values_list("pk", flat=True)
        )

    assert pks() == [c.pk, b.pk, a.pk]  # newest first; not the other unit's
    assert pks(leistung_id=leistung_a.pk) == [c.pk, a.pk]
    assert pks(leistung_id=leistung_a.pk, aktenzeichen="  STR-A-1 ") == [a.pk]
    assert pks(status=Verfahren.Status.WARTET) == [b.pk]
    assert pks(status="", leistung_id=None, aktenzeichen="   ") == [c.pk, b.pk, a.pk]
    # another unit's id, a prefix that is no prefix, hostile text: empty, no error
    assert pks(organisationseinheit_id=andere.oe.pk) == []
    assert pks(aktenzeichen="A-1") == []
    assert pks(aktenzeichen="%' OR 1=1 --") == []
    assert pks(organisationseinheit_id=team.oe.pk) == [c.pk, b.pk, a.pk]
    assert fremd.pk in list(
        selectors.verfahren_filter(user=andere.sb1).values_list("pk", flat=True)
    )


def test_verfahren_ref_reads_nothing_and_the_services_still_check():
    team = f.Team()
    andere = f.Team()
    v = f.verfahren(andere.oe)
    with CaptureQueriesContext(connection) as abfragen:
        ref = selectors.verfahren_ref(pk=v.pk)
    assert len(abfragen) == 0 and ref.pk == v.pk
    with pytest.raises(selectors.NICHT_GEFUNDEN):
        services.notiz_add(verfahren=ref, text="x", actor=team.sb1)
    assert not v.notizen.exists()


def test_aufgaben_offen_of_and_ergebnisfelder_of():
    team = f.Team()
    v = f.verfahren(team.oe)
    erste = f.offen(v)
    assert [feld.name for feld in selectors.ergebnisfelder_of(aufgabe=erste)][:3] == [
        "vollstaendigkeit", "nachforderung", "frist_tage"
    ]  # fmt: skip
    services.aufgabe_complete(
        aufgabe=erste, actor=team.sb1, ergebnis={"vollstaendigkeit": "vollstaendig"}
    )
    detail = selectors.verfahren_detail(user=team.sb1, pk=v.pk)
    with CaptureQueriesContext(connection) as abfragen:
        offen = selectors.aufgaben_offen_of(verfahren=detail)
    assert len(abfragen) == 0
    assert [a.pk for a in offen] == [a.pk for a in f.offene(v)] and erste.pk not in {
        a.pk for a in offen
    }
    erste.refresh_from_db()
    assert selectors.ergebnisfelder_of(aufgabe=erste) == ()  # done: nothing to enter
    assert selectors.ergebnisfelder_of(aufgabe=offen[0])


def test_ergebnisfelder_der_art_and_fristregel_exists():
    team = f.Team()
    v = f.verfahren(team.oe)
    erste = f.offen(v)
    assert selectors.ergebnisfelder_der_art(art=erste.art) == selectors.ergebnisfelder_of(
        aufgabe=erste
    )
    assert selectors.ergebnisfelder_der_art(art="unbekannt") == ()
    assert selectors.ergebnisfelder_der_art(art="") == ()
    leistung = f.leistung("Ohne Fristregel")
    assert not selectors.fristregel_exists(leistung_id=leistung.pk)
    services.fristregel_set(leistung=leistung, actor=f.fachadmin(), gesetzliche_frist_monate=3)
    assert selectors.fristregel_exists(leistung_id=leistung.pk)
    assert selectors.VerfahrenStatus.WARTET == Verfahren.Status.WARTET
    assert selectors.AufgabeRolle.choices == Aufgabe.Rolle.choices
