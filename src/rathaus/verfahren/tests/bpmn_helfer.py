"""Small BPMN models for the tests, built from a few lines of process content."""

from __future__ import annotations

KOPF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" '
    'targetNamespace="https://rathaus.test/bpmn">\n'
)


def modell(
    inhalt: str,
    *,
    lanes: dict[str, list[str]] | None = None,
    extra: str = "",
    prozess_attr: str = 'isExecutable="true"',
) -> bytes:
    lanes = lanes if lanes is not None else {"Sachbearbeitung": ["Pruefen"]}
    lane_xml = "".join(
        f'<bpmn:lane id="Lane_{i}" name="{name}">'
        + "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
        + "</bpmn:lane>"
        for i, (name, refs) in enumerate(lanes.items())
    )
    lane_set = f'<bpmn:laneSet id="LaneSet">{lane_xml}</bpmn:laneSet>' if lanes else ""
    return (
        KOPF
        + extra
        + f'<bpmn:process id="test_prozess" name="Testprozess" {prozess_attr}>'
        + lane_set
        + inhalt
        + "</bpmn:process></bpmn:definitions>"
    ).encode()


def fluss(fid: str, quelle: str, ziel: str, bedingung: str = "") -> str:
    if not bedingung:
        return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{quelle}" targetRef="{ziel}"/>'
    return (
        f'<bpmn:sequenceFlow id="{fid}" sourceRef="{quelle}" targetRef="{ziel}">'
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{bedingung}'
        "</bpmn:conditionExpression></bpmn:sequenceFlow>"
    )


def einfach(mitte: str = "", *, aufgabe_attr: str = 'implementation="bearbeitung"') -> str:
    """Start → userTask Pruefen → (mitte) → End; `mitte` replaces the flow to the end."""
    return (
        '<bpmn:startEvent id="Anfang"/>'
        + fluss("F1", "Anfang", "Pruefen")
        + f'<bpmn:userTask id="Pruefen" name="Prüfen" {aufgabe_attr}/>'
        + (mitte or fluss("F2", "Pruefen", "Ende"))
        + '<bpmn:endEvent id="Ende"/>'
    )


def zwei_mitzeichnungen() -> bytes:
    """Decision, then two co-signatures (e.g. Amtsleitung and Dezernat)."""
    inhalt = (
        '<bpmn:startEvent id="Anfang"/>'
        + fluss("F1", "Anfang", "Entscheidung")
        + '<bpmn:userTask id="Entscheidung" name="Entscheiden" implementation="entscheidung"/>'
        + fluss("F2", "Entscheidung", "Zeichnung1")
        + '<bpmn:userTask id="Zeichnung1" name="Mitzeichnung 1" implementation="mitzeichnung"/>'
        + fluss("F3", "Zeichnung1", "Zeichnung2")
        + '<bpmn:userTask id="Zeichnung2" name="Mitzeichnung 2" implementation="mitzeichnung"/>'
        + fluss("F4", "Zeichnung2", "Ende")
        + '<bpmn:endEvent id="Ende"/>'
    )
    return modell(
        inhalt,
        lanes={
            "Sachbearbeitung": ["Anfang", "Entscheidung", "Ende"],
            "Leitung": ["Zeichnung1", "Zeichnung2"],
        },
    )
