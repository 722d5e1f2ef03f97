"""The Antrag's status history follows every step of its Verfahren."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from rathaus.antraege.services import antrag_status_set
from rathaus.antraege.tests import helfer
from rathaus.core.models import Protokoll
from rathaus.verfahren import services
from rathaus.verfahren.models import Frist, Verfahren
from rathaus.verfahren.services.antragsstatus import antragsstatus_sync, ziele

from . import buerger_helfer as bh


@pytest.fixture
def welt(db, tmp_path):
    return helfer.welt(tmp_path)


def _bemerkungen(antrag) -> list[tuple[str, str]]:
    return list(
        antrag.status_eintraege.order_by("zeitpunkt", "id").values_list("status", "bemerkung")
    )


def test_status_follows_the_whole_process_with_remarks(welt):
    buerger = helfer.buerger()
    antrag, v = bh.antrag_mit_verfahren(welt, buerger)
    sb, leitung = bh.sachbearbeitung(welt), bh.leitung(welt)
    assert bh.verlauf(antrag) == ["eingegangen", "in_bearbeitung"]
    assert "Ordnungsamt" in _bemerkungen(antrag)[-1][1]

    v = bh.nachfordern(v, sb)
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.NACHFORDERUNG)
    assert bh.verlauf(antrag)[-1] == "nachforderung"
    assert f"{frist.datum:%d.%m.%Y}" in _bemerkungen(antrag)[-1][1]

    services.nachforderung_mark_answered(verfahren=v, actor=buerger.user, text="Anbei.")
    assert bh.verlauf(antrag)[-1] == "in_bearbeitung"
    assert "Ihre Antwort ist eingegangen" in _bemerkungen(antrag)[-1][1]

    v = bh.erledigen(v, sb, {"vollstaendigkeit": "vollstaendig"})
    v = bh.erledigen(v, sb, {"entscheidung": "bewilligen", "begruendung": "Alles erfüllt."})
    # steps that do not change what the citizen sees append nothing
    assert bh.verlauf(antrag) == [
        "eingegangen",
        "in_bearbeitung",
        "nachforderung",
        "in_bearbeitung",
    ]
    v = bh.erledigen(v, leitung, {"mitzeichnung": "zeichnen"})
    # The Bescheid is being made in the background: still "in Bearbeitung" for both sides
    # (not "wartet", which would tell the citizen to send something).
    assert (v.status, v.bescheid_status) == (Verfahren.Status.IN_BEARBEITUNG, "in_erstellung")
    assert bh.verlauf(antrag)[-1] == "in_bearbeitung" and len(bh.verlauf(antrag)) == 4
    bh.bescheid_worker()
    v = Verfahren.objects.get(pk=v.pk)
    assert v.bescheid_status == "zugestellt" and v.status == Verfahren.Status.ABGESCHLOSSEN
    assert bh.verlauf(antrag) == [
        "eingegangen",
        "in_bearbeitung",
        "nachforderung",
        "in_bearbeitung",
        "beschieden",
        "abgeschlossen",
    ]
    beschieden, abgeschlossen = _bemerkungen(antrag)[-2:]
    assert "Postfach" in beschieden[1] and abgeschlossen[1] == "Das Verfahren ist abgeschlossen."
    assert all(b for _, b in _bemerkungen(antrag)[1:])
    assert Protokoll.objects.filter(aktion="antrag.status", objekt_id=str(antrag.pk)).count() == 5


def test_cosigner_sending_back_appends_nothing(welt):
    antrag, v = bh.antrag_mit_verfahren(welt, helfer.buerger())
    sb, leitung = bh.sachbearbeitung(welt), bh.leitung(welt)
    v = bh.erledigen(v, sb, {"vollstaendigkeit": "vollstaendig"})
    v = bh.erledigen(v, sb, {"entscheidung": "ablehnen", "begruendung": "nein"})
    v = bh.erledigen(v, leitung, {"mitzeichnung": "zurueck", "begruendung": "Auflage fehlt"})
    assert bh.verlauf(antrag) == ["eingegangen", "in_bearbeitung"]


def test_deadline_passed_says_so(welt):
    antrag, v = bh.antrag_mit_verfahren(welt, helfer.buerger())
    v = bh.nachfordern(v, bh.sachbearbeitung(welt))
    frist = Frist.objects.get(verfahren=v, art=Frist.Art.NACHFORDERUNG)
    services.fristen_check(heute=frist.datum + timedelta(days=1))
    assert bh.verlauf(antrag)[-2:] == ["nachforderung", "in_bearbeitung"]
    assert "Frist für die Nachforderung ist abgelaufen" in _bemerkungen(antrag)[-1][1]


def test_a_status_the_history_cannot_take_is_skipped_not_raised(welt):
    antrag, v = bh.antrag_mit_verfahren(welt, helfer.buerger())
    # the back office closed the Antrag by other means (e.g. withdrawn on paper)
    antrag_status_set(
        antrag=antrag, status="abgeschlossen", actor="test", bemerkung="zurückgezogen"
    )
    v = bh.nachfordern(v, bh.sachbearbeitung(welt))
    assert v.status == Verfahren.Status.WARTET
    assert bh.verlauf(antrag) == ["eingegangen", "in_bearbeitung", "abgeschlossen"]


def test_running_twice_appends_once(welt):
    antrag, v = bh.antrag_mit_verfahren(welt, helfer.buerger())
    v = Verfahren.objects.get(pk=v.pk)
    assert antragsstatus_sync(v) == []
    v.bescheid_status, v.status = "zugestellt", Verfahren.Status.ABGESCHLOSSEN
    assert ziele(v) == ["beschieden", "abgeschlossen"]
    assert antragsstatus_sync(v) == ["beschieden", "abgeschlossen"]
    assert antragsstatus_sync(v) == []
    zeiten = list(antrag.status_eintraege.values_list("zeitpunkt", flat=True))
    assert all(z <= timezone.now() for z in zeiten)
