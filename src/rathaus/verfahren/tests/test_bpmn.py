"""Validation of process models and the safety of the engine wrapper."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rathaus.verfahren.bpmn import engine
from rathaus.verfahren.bpmn.validierung import MAX_BYTES, modell_pruefen

from . import factories as f
from .bpmn_helfer import einfach, fluss, modell


def fehler(xml: bytes) -> str:
    with pytest.raises(ValidationError) as info:
        modell_pruefen(xml)
    return " ".join(info.value.message_dict["bpmn_xml"])


def test_standard_model_is_valid():
    info, spec = modell_pruefen(f.standard_xml())
    assert info.prozess_id == "verfahren_standard"
    assert info.aufgaben["Mitzeichnung"] == {
        "titel": "Mitzeichnen",
        "rolle": "leitung",
        "art": "mitzeichnung",
    }
    assert info.aufgaben["Vollstaendigkeitspruefung"]["rolle"] == "sachbearbeitung"
    assert {s["topic"] for s in info.services.values()} == {
        "nachforderung.senden",
        "bescheid.erstellen",
        "bescheid.zustellen",
        "verfahren.abschliessen",
    }
    assert spec.name == "verfahren_standard"


def test_minimal_model_is_valid():
    info, _spec = modell_pruefen(modell(einfach()))
    assert info.aufgaben == {
        "Pruefen": {"titel": "Prüfen", "rolle": "sachbearbeitung", "art": "bearbeitung"}
    }


def test_script_task_is_refused_naming_the_element():
    xml = modell(
        einfach(
            fluss("F2", "Pruefen", "Boese")
            + '<bpmn:scriptTask id="Boese" scriptFormat="python">'
            + "<bpmn:script>import os; os.system('id')</bpmn:script></bpmn:scriptTask>"
            + fluss("F3", "Boese", "Ende")
        )
    )
    meldung = fehler(xml)
    assert "„Boese“" in meldung and "Skript" in meldung


def test_unknown_service_topic_is_refused():
    xml = modell(
        einfach(
            fluss("F2", "Pruefen", "Dienst")
            + '<bpmn:serviceTask id="Dienst" implementation="geheim.exfiltrieren"/>'
            + fluss("F3", "Dienst", "Ende")
        )
    )
    meldung = fehler(xml)
    assert "„Dienst“" in meldung and "geheim.exfiltrieren" in meldung


def test_unreachable_end_is_refused():
    # The task loops onto itself through a gateway; the end hangs unconnected.
    xml = modell(
        '<bpmn:startEvent id="Anfang"/>'
        + fluss("F1", "Anfang", "G")
        + '<bpmn:exclusiveGateway id="G"/>'
        + fluss("F2", "G", "Pruefen")
        + '<bpmn:userTask id="Pruefen" implementation="bearbeitung"/>'
        + fluss("F3", "Pruefen", "G")
        + '<bpmn:endEvent id="Ende"/>'
    )
    assert "„Ende“" in fehler(xml)


def test_loop_without_way_out_is_refused():
    xml = modell(
        '<bpmn:startEvent id="Anfang"/>'
        + fluss("F1", "Anfang", "G")
        + '<bpmn:exclusiveGateway id="G" default="F4"/>'
        + fluss("F2", "G", "Pruefen", "entscheidung == 'ablehnen'")
        + '<bpmn:userTask id="Pruefen" implementation="bearbeitung"/>'
        + fluss("F3", "Pruefen", "Pruefen2")
        + '<bpmn:userTask id="Pruefen2" implementation="bearbeitung"/>'
        + fluss("F5", "Pruefen2", "Pruefen")
        + fluss("F4", "G", "Ende")
        + '<bpmn:endEvent id="Ende"/>',
        lanes={"Sachbearbeitung": ["Pruefen", "Pruefen2"]},
    )
    assert "kein Endereignis erreichbar" in fehler(xml)


@pytest.mark.parametrize(
    "bedingung",
    [
        "__import__('os').system('id')",
        "vollstaendigkeit == 'vollstaendig' or True",
        "open('/etc/passwd').read()",
        "vollstaendigkeit == 'vielleicht'",
        "unbekannt == 'x'",
    ],
)
def test_conditions_other_than_simple_comparisons_are_refused(bedingung):
    xml = modell(
        '<bpmn:startEvent id="Anfang"/>'
        + fluss("F1", "Anfang", "Pruefen")
        + '<bpmn:userTask id="Pruefen" implementation="vollstaendigkeitspruefung"/>'
        + fluss("F2", "Pruefen", "G")
        + '<bpmn:exclusiveGateway id="G" default="F4"/>'
        + fluss("F3", "G", "Ende", bedingung)
        + fluss("F4", "G", "Ende")
        + '<bpmn:endEvent id="Ende"/>'
    )
    assert "„F3“" in fehler(xml)


def test_timer_event_is_refused():
    xml = modell(
        einfach(
            fluss("F2", "Pruefen", "Warten")
            + '<bpmn:intermediateCatchEvent id="Warten"><bpmn:timerEventDefinition id="T">'
            + '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P14D"</bpmn:timeDuration>'
            + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
            + fluss("F3", "Warten", "Ende")
        )
    )
    assert "Zeitereignisse" in fehler(xml)


def test_user_task_without_role_lane_is_refused():
    assert "Lane" in fehler(modell(einfach(), lanes={"Poststelle": ["Pruefen"]}))
    assert "Lane" in fehler(modell(einfach(), lanes={}))


def test_cosignature_outside_the_leitung_lane_is_refused():
    xml = modell(einfach(aufgabe_attr='implementation="mitzeichnung"'))
    assert "Leitung" in fehler(xml)


def test_unknown_task_kind_and_message_are_refused():
    assert "zaubern" in fehler(modell(einfach(aufgabe_attr='implementation="zaubern"')))
    xml = modell(
        einfach(
            fluss("F2", "Pruefen", "Warten")
            + '<bpmn:intermediateCatchEvent id="Warten">'
            + '<bpmn:messageEventDefinition id="M" messageRef="Msg"/></bpmn:intermediateCatchEvent>'
            + fluss("F3", "Warten", "Ende")
        ),
        extra='<bpmn:message id="Msg" name="geld_eingegangen"/>',
    )
    assert "geld_eingegangen" in fehler(xml)


BESCHEID_NACHRICHT = '<bpmn:message id="MB" name="bescheid_erstellt"/>'


def _bescheid_warten(vorher: str) -> str:
    """`vorher` → catch event "bescheid_erstellt" → End."""
    return (
        '<bpmn:intermediateCatchEvent id="Erstellt">'
        + '<bpmn:messageEventDefinition id="DB" messageRef="MB"/></bpmn:intermediateCatchEvent>'
        + fluss("F8", vorher, "Erstellt")
        + fluss("F9", "Erstellt", "Ende")
    )


def test_bescheid_erstellt_is_awaited_right_after_bescheid_erstellen():
    xml = modell(
        einfach(
            fluss("F2", "Pruefen", "Bescheid")
            + '<bpmn:serviceTask id="Bescheid" implementation="bescheid.erstellen"/>'
            + _bescheid_warten("Bescheid")
        ),
        extra=BESCHEID_NACHRICHT,
    )
    _info, spec = modell_pruefen(xml)
    workflow = engine.neu(spec)
    danach: list[frozenset[str]] = []

    def dienst(task):
        danach.append(engine.nachrichten_danach(task))

    engine.weiter(workflow, dienst=dienst)
    (aufgabe,) = engine.bereite_aufgaben(workflow)
    engine.aufgabe_erledigen(aufgabe, {})
    engine.weiter(workflow, dienst=dienst)
    assert danach == [frozenset({"bescheid_erstellt"})]
    assert engine.erwartete_nachrichten(workflow) == {"bescheid_erstellt"}
    assert not engine.nachricht_senden(workflow, "antwort_eingegangen", {})
    assert engine.nachricht_senden(workflow, "bescheid_erstellt", {"bescheid_id": 1})
    engine.weiter(workflow, dienst=dienst)
    assert workflow.completed and engine.erwartete_nachrichten(workflow) == frozenset()


@pytest.mark.parametrize(
    "mitte",
    [
        # after a user task: nobody would ever send it
        _bescheid_warten("Pruefen"),
        # after another service task
        fluss("F2", "Pruefen", "Zustellen")
        + '<bpmn:serviceTask id="Zustellen" implementation="bescheid.zustellen"/>'
        + _bescheid_warten("Zustellen"),
    ],
)
def test_bescheid_erstellt_anywhere_else_is_refused(mitte):
    meldung = fehler(modell(einfach(mitte), extra=BESCHEID_NACHRICHT))
    assert "„Erstellt“" in meldung and "bescheid.erstellen" in meldung


def test_the_standard_model_waits_for_the_bescheid_and_the_citizen():
    _info, spec = modell_pruefen(f.standard_xml())
    workflow = engine.neu(spec)
    engine.weiter(workflow, dienst=lambda task: None)
    (aufgabe,) = engine.bereite_aufgaben(workflow)
    engine.aufgabe_erledigen(aufgabe, {"vollstaendigkeit": "unvollstaendig"})
    engine.weiter(workflow, dienst=lambda task: None)
    # The event-based gateway: either message.
    assert engine.erwartete_nachrichten(workflow) == {"antwort_eingegangen", "frist_abgelaufen"}


def test_not_executable_and_not_bpmn_are_refused():
    assert "ausführbar" in fehler(modell(einfach(), prozess_attr='isExecutable="false"'))
    assert "BPMN" in fehler(b"<html><body>kein Modell</body></html>")
    assert "BPMN 2.0" in fehler(
        modell(einfach()).replace(b'sourceRef="Anfang"', b'quelle="Anfang"')
    )


@pytest.mark.parametrize(
    "xml",
    [
        b"<bpmn:definitions",
        b"",
        "<?xml version='1.0' encoding='UTF-8'?><a>ä</b>".encode(),
    ],
)
def test_malformed_xml_is_refused(xml):
    assert fehler(xml)


def test_xxe_is_refused():
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        b"<bpmn:documentation>&xxe;</bpmn:documentation></bpmn:definitions>"
    )
    assert "DOCTYPE" in fehler(xml)


def test_billion_laughs_is_refused():
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{lol}]><d>&l9;</d>'.encode()
    assert "DOCTYPE" in fehler(xml)


def test_huge_and_wide_files_are_refused():
    assert "zu groß" in fehler(b" " * (MAX_BYTES + 1))
    viele = "".join(f'<bpmn:message id="M{i}" name="m{i}"/>' for i in range(6000))
    assert "Zu viele Elemente" in fehler(modell(einfach(), extra=viele))


def test_safe_environment_never_runs_code():
    umgebung = engine.SichereUmgebung()
    assert umgebung.evaluate("entscheidung == 'ablehnen'", {"entscheidung": "ablehnen"}) is True
    assert umgebung.evaluate("entscheidung != 'ablehnen'", {}) is True
    with pytest.raises(engine.ModellFehler):
        umgebung.evaluate("__import__('os').getcwd()", {})
    with pytest.raises(engine.ModellFehler):
        umgebung.execute("x = 1", {})
    with pytest.raises(engine.ModellFehler):
        umgebung.call_service({}, operation_name="x")


@pytest.mark.parametrize("kennung", ["Start", "End", "Root", "a.BoundaryEventSplit"])
def test_ids_reserved_by_the_engine_are_refused(kennung):
    xml = modell(einfach()).replace(b'"Anfang"', f'"{kennung}"'.encode())
    assert "ID ist nicht erlaubt" in fehler(xml)


def test_every_small_model_also_runs():
    """What validation accepts, the engine can start (not just parse)."""
    _info, spec = modell_pruefen(modell(einfach()))
    workflow = engine.neu(spec)
    engine.weiter(workflow, dienst=lambda task: None)
    assert [t.task_spec.bpmn_id for t in engine.bereite_aufgaben(workflow)] == ["Pruefen"]


def test_messages_are_translated_to_english():
    from django.utils import translation

    xml = modell(einfach(aufgabe_attr='implementation="zaubern"'))
    with translation.override("en"):
        assert "Unknown task kind “zaubern”" in fehler(xml)
