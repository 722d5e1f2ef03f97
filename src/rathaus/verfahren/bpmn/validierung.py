"""Checks an uploaded BPMN 2.0 model before it may run.

Refused with a message naming the element: hostile XML (DOCTYPE/entities, too large,
too many elements), anything not valid against the BPMN 2.0 XSD, every element the engine
would run code for (scriptTask, conditions that are not simple comparisons, timers,
correlations, loops, subprocesses …), user tasks without a role lane or of an unknown
kind, service tasks whose topic has no handler, catch events of unknown messages, a
"bescheid_erstellt" event anywhere but directly after a "bescheid.erstellen" service task,
and a graph in which an end event cannot be reached.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH, BpmnParser
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from .aufgabenarten import AUFGABENARTEN, STANDARD_ART, verzweigungsfelder
from .registry import servicetasks
from .sicher import BEDINGUNG_RE, SCRIPT_ENGINE

MAX_BYTES = 1_000_000
MAX_ELEMENTE = 5_000
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"b": BPMN}
DIAGRAMM_NS = {
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
}
# Messages the services raise: a citizen's answer, and fristen_check at a deadline (while
# the process waits for one of them, the Verfahren "wartet" on the citizen) …
BUERGER_NACHRICHTEN = frozenset({"antwort_eingegangen", "frist_abgelaufen"})
# … and the worker once it has done what a service task asked for: topic → message (its
# catch event directly follows the task; see handlers.py and services/_schritt.py).
BESCHEID_ERSTELLT = "bescheid_erstellt"
RUECKMELDUNGEN = {"bescheid.erstellen": BESCHEID_ERSTELLT}
NACHRICHTEN = BUERGER_NACHRICHTEN | set(RUECKMELDUNGEN.values())
ROLLEN = {"sachbearbeitung": "sachbearbeitung", "leitung": "leitung"}
# Names SpiffWorkflow gives its own task specs; a BPMN element with one of them would
# silently replace it. Dots are used in generated names as well.
RESERVIERT = frozenset({"Start", "End", "Root", "StartEventSplit", "StartEventJoin"})
KENNUNG_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,199}$")

KNOTEN = frozenset(
    {
        "startEvent",
        "endEvent",
        "userTask",
        "serviceTask",
        "exclusiveGateway",
        "eventBasedGateway",
        "intermediateCatchEvent",
    }
)
ERLAUBT = KNOTEN | {
    "definitions",
    "process",
    "message",
    "laneSet",
    "lane",
    "flowNodeRef",
    "messageEventDefinition",
    "sequenceFlow",
    "conditionExpression",
    "incoming",
    "outgoing",
    "documentation",
    "textAnnotation",
    "text",
    "association",
}
GRUENDE = {
    "scriptTask": gettext_lazy(
        "Skriptaufgaben werden nicht ausgeführt (kein Code aus Prozessmodellen)."
    ),
    "timerEventDefinition": gettext_lazy(
        "Zeitereignisse werden nicht unterstützt; Fristen überwacht der Fristenlauf und "
        "meldet sie als Nachricht „frist_abgelaufen“."
    ),
    "correlationProperty": gettext_lazy("Korrelationsausdrücke werden nicht ausgewertet."),
    "multiInstanceLoopCharacteristics": gettext_lazy(
        "Schleifen an Aufgaben werden nicht unterstützt."
    ),
    "standardLoopCharacteristics": gettext_lazy("Schleifen an Aufgaben werden nicht unterstützt."),
}


@dataclass(frozen=True)
class ModellInfo:
    prozess_id: str
    name: str
    aufgaben: dict[str, dict[str, str]]  # userTask id → titel, rolle, art
    services: dict[str, dict[str, str]]  # serviceTask id → titel, topic

    def metadaten(self) -> dict[str, Any]:
        return {"aufgaben": self.aufgaben, "services": self.services}


def _fehler(text: str, element: Any = None, code: str = "modell_ungueltig") -> ValidationError:
    if element is not None:
        kennung = element.get("id") or etree.QName(element).localname
        text = _("Element „%(id)s“ (Zeile %(zeile)s): %(text)s") % {
            "id": kennung,
            "zeile": getattr(element, "sourceline", None) or "?",
            "text": text,
        }
    return ValidationError({"bpmn_xml": text}, code=code)


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    # The XSD files shipped with SpiffWorkflow, read locally (no network).
    return etree.XMLSchema(etree.parse(XSD_PATH))


def xml_lesen(bpmn_xml: bytes) -> Any:
    """Parse untrusted XML: no DTD, no entities, no network, bounded size."""
    if not isinstance(bpmn_xml, bytes | bytearray):
        raise _fehler(_("Das Modell muss als Datei (Bytes) übergeben werden."))
    if len(bpmn_xml) > MAX_BYTES:
        raise _fehler(
            _("Die Datei ist zu groß (%(n)s Bytes, höchstens %(max)s).")
            % {"n": len(bpmn_xml), "max": MAX_BYTES},
            code="zu_gross",
        )
    if not bpmn_xml.strip():
        raise _fehler(_("Die Datei ist leer."))
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", bytes(bpmn_xml), re.IGNORECASE):
        raise _fehler(_("DOCTYPE- und ENTITY-Deklarationen sind nicht erlaubt."), code="unsicher")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(bytes(bpmn_xml), parser)
    except etree.XMLSyntaxError as error:
        raise _fehler(
            _("Kein wohlgeformtes XML (Zeile %(zeile)s): %(msg)s")
            % {"zeile": error.lineno, "msg": error.msg},
            code="xml_fehler",
        ) from error
    if root.getroottree().docinfo.doctype:
        raise _fehler(_("DOCTYPE-Deklarationen sind nicht erlaubt."), code="unsicher")
    anzahl = sum(1 for _element in root.iter())
    if anzahl > MAX_ELEMENTE:
        raise _fehler(
            _("Zu viele Elemente (%(n)s, höchstens %(max)s).") % {"n": anzahl, "max": MAX_ELEMENTE},
            code="zu_gross",
        )
    return root


def _xsd_pruefen(root: Any) -> None:
    if root.tag != f"{{{BPMN}}}definitions":
        raise _fehler(_("Das Wurzelelement muss bpmn:definitions (BPMN 2.0) sein."))
    schema = _schema()
    if not schema.validate(root):
        fehler = schema.error_log[0]
        raise _fehler(
            _("Kein gültiges BPMN 2.0 (Zeile %(zeile)s): %(msg)s")
            % {"zeile": fehler.line, "msg": fehler.message},
            code="xsd",
        )


def _elemente_pruefen(element: Any) -> None:
    for kind in element:
        if not isinstance(kind.tag, str):
            continue  # comments
        qname = etree.QName(kind)
        if qname.namespace in DIAGRAMM_NS:
            continue
        if qname.namespace != BPMN:
            raise _fehler(_("Fremdes Element %(tag)s ist nicht erlaubt.") % {"tag": kind.tag}, kind)
        if qname.localname == "extensionElements":
            continue  # never read by the engine
        if qname.localname not in ERLAUBT:
            grund = str(GRUENDE.get(qname.localname, "")) or _(
                "%(tag)s wird nicht unterstützt."
            ) % {"tag": qname.localname}
            raise _fehler(grund, kind if kind.get("id") else element)
        _elemente_pruefen(kind)


def _bedingung_pruefen(flow: Any, ausdruck: str, felder: dict[str, tuple[str, ...]]) -> None:
    treffer = BEDINGUNG_RE.match(ausdruck)
    if treffer is None:
        raise _fehler(
            _("Bedingung „%(a)s“ ist nicht erlaubt; nur feld == 'wert' oder feld != 'wert'.")
            % {"a": ausdruck.strip()[:100]},
            flow,
        )
    feld, _op, wert = treffer.groups()
    if feld not in felder:
        raise _fehler(_("Unbekanntes Feld „%(f)s“ in der Bedingung.") % {"f": feld}, flow)
    if wert not in felder[feld]:
        raise _fehler(
            _("„%(w)s“ ist kein Wert von %(f)s (%(werte)s).")
            % {"w": wert, "f": feld, "werte": ", ".join(felder[feld])},
            flow,
        )


def _typ(element: Any) -> str:
    return str(etree.QName(element).localname)


def _kanten(
    prozess: Any, knoten: dict[str, Any]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    aus: dict[str, list[str]] = {k: [] for k in knoten}
    ein: dict[str, list[str]] = {k: [] for k in knoten}
    felder = verzweigungsfelder()
    flows = prozess.findall("b:sequenceFlow", NS)
    for flow in flows:
        quelle, ziel = flow.get("sourceRef"), flow.get("targetRef")
        if quelle not in knoten or ziel not in knoten:
            raise _fehler(_("Der Sequenzfluss verbindet unbekannte Elemente."), flow)
        aus[quelle].append(ziel)
        ein[ziel].append(quelle)
    for flow in flows:
        quelle = flow.get("sourceRef")
        bedingung = flow.find("b:conditionExpression", NS)
        if bedingung is not None:
            if _typ(knoten[quelle]) != "exclusiveGateway":
                raise _fehler(_("Bedingungen sind nur an exklusiven Gateways erlaubt."), flow)
            _bedingung_pruefen(flow, bedingung.text or "", felder)
        elif (
            _typ(knoten[quelle]) == "exclusiveGateway"
            and len(aus[quelle]) > 1
            and knoten[quelle].get("default") != flow.get("id")
        ):
            raise _fehler(_("Ausgang eines Gateways ohne Bedingung."), flow)
    return aus, ein


def _graph_pruefen(
    prozess: Any, knoten: dict[str, Any]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    aus, ein = _kanten(prozess, knoten)
    starts = [k for k, e in knoten.items() if _typ(e) == "startEvent"]
    enden = {k for k, e in knoten.items() if _typ(e) == "endEvent"}
    if len(starts) != 1:
        raise _fehler(_("Das Modell braucht genau ein Startereignis."), prozess)
    if not enden:
        raise _fehler(_("Das Modell hat kein Endereignis."), prozess)
    erreichbar = _erreichbar(starts[0], aus)
    for kennung, element in knoten.items():
        typ = _typ(element)
        if kennung not in erreichbar:
            raise _fehler(_("Vom Start aus nicht erreichbar."), element)
        if typ != "endEvent" and not aus[kennung]:
            raise _fehler(_("Hat keinen Ausgang."), element)
        if typ == "eventBasedGateway" and any(
            _typ(knoten[z]) != "intermediateCatchEvent" for z in aus[kennung]
        ):
            raise _fehler(_("Nach einem ereignisbasierten Gateway nur Ereignisse."), element)
        if typ not in {"exclusiveGateway", "eventBasedGateway"} and len(aus[kennung]) > 1:
            raise _fehler(_("Verzweigungen nur über Gateways."), element)
    zum_ende: set[str] = set()
    for ende in enden:
        zum_ende |= _erreichbar(ende, ein)
    for kennung in sorted(erreichbar - zum_ende):
        raise _fehler(_("Von hier aus ist kein Endereignis erreichbar."), knoten[kennung])
    return aus, ein


def _rueckmeldungen_pruefen(
    knoten: dict[str, Any],
    ein: dict[str, list[str]],
    ereignisse: dict[str, str],
    services: dict[str, dict[str, str]],
) -> None:
    """The worker sends "bescheid_erstellt" only for the Bescheid a "bescheid.erstellen"
    task asked for: a catch event of it anywhere else would wait forever."""
    themen = {nachricht: topic for topic, nachricht in RUECKMELDUNGEN.items()}
    for kennung, name in ereignisse.items():
        topic = themen.get(name)
        if topic is None:
            continue
        vorher = ein[kennung]
        if len(vorher) != 1 or services.get(vorher[0], {}).get("topic") != topic:
            raise _fehler(
                _(
                    "Die Nachricht „%(n)s“ kann nur direkt nach einer Dienstaufgabe "
                    "„%(t)s“ abgewartet werden."
                )
                % {"n": name, "t": topic},
                knoten[kennung],
            )


def _erreichbar(start: str, kanten: dict[str, list[str]]) -> set[str]:
    gesehen = {start}
    offen = deque([start])
    while offen:
        for nachfolger in kanten[offen.popleft()]:
            if nachfolger not in gesehen:
                gesehen.add(nachfolger)
                offen.append(nachfolger)
    return gesehen


def _benutzeraufgabe(kennung: str, element: Any, lanes: dict[str, str]) -> dict[str, str]:
    rolle = ROLLEN.get(lanes.get(kennung, "").casefold())
    if rolle is None:
        raise _fehler(
            _("Die Benutzeraufgabe liegt in keiner Lane „Sachbearbeitung“ oder „Leitung“."),
            element,
        )
    art = element.get("implementation") or "##unspecified"
    art = STANDARD_ART if art.startswith("##") else art
    if art not in AUFGABENARTEN:
        raise _fehler(
            _("Unbekannte Aufgabenart „%(a)s“ (bekannt: %(b)s).")
            % {"a": art, "b": ", ".join(sorted(AUFGABENARTEN))},
            element,
        )
    nur = AUFGABENARTEN[art].nur_rolle
    if nur is not None and rolle != nur:
        raise _fehler(
            _("Aufgaben der Art %(a)s gehören in die Lane „%(r)s“.")
            % {"a": art, "r": nur.capitalize()},
            element,
        )
    titel = (element.get("name") or kennung).strip()[:300]
    return {"titel": titel, "rolle": rolle, "art": art}


def _knoten_pruefen(
    root: Any, prozess: Any, knoten: dict[str, Any], topics: set[str]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], dict[str, str]]:
    lanes: dict[str, str] = {}
    for lane in prozess.iterfind(".//b:lane", NS):
        for ref in lane.findall("b:flowNodeRef", NS):
            lanes[(ref.text or "").strip()] = (lane.get("name") or "").strip()
    nachrichten = {m.get("id"): m.get("name") for m in root.findall("b:message", NS)}
    aufgaben: dict[str, dict[str, str]] = {}
    services: dict[str, dict[str, str]] = {}
    ereignisse: dict[str, str] = {}  # intermediateCatchEvent id → message name
    for kennung, element in knoten.items():
        typ = _typ(element)
        if kennung in RESERVIERT or not KENNUNG_RE.match(kennung or ""):
            raise _fehler(
                _("Diese ID ist nicht erlaubt (reserviert oder mit Sonderzeichen)."), element
            )
        definitionen = [
            k for k in element if isinstance(k.tag, str) and _typ(k).endswith("EventDefinition")
        ]
        if typ in {"startEvent", "endEvent"} and definitionen:
            raise _fehler(_("Start und Ende dürfen keine Ereignisdefinition haben."), element)
        if typ == "userTask":
            aufgaben[kennung] = _benutzeraufgabe(kennung, element, lanes)
        elif typ == "serviceTask":
            topic = element.get("implementation") or ""
            if topic not in topics:
                raise _fehler(
                    _("Für das Thema „%(t)s“ ist kein Dienst registriert (bekannt: %(b)s).")
                    % {"t": topic, "b": ", ".join(sorted(topics))},
                    element,
                    code="unbekanntes_thema",
                )
            titel = (element.get("name") or kennung).strip()[:300]
            services[kennung] = {"titel": titel, "topic": topic}
        elif typ == "intermediateCatchEvent":
            if len(definitionen) != 1 or _typ(definitionen[0]) != "messageEventDefinition":
                raise _fehler(_("Nur Nachrichtenereignisse können abgewartet werden."), element)
            name = nachrichten.get(definitionen[0].get("messageRef"))
            if name not in NACHRICHTEN:
                raise _fehler(
                    _("Unbekannte Nachricht „%(n)s“ (bekannt: %(b)s).")
                    % {"n": name, "b": ", ".join(sorted(NACHRICHTEN))},
                    element,
                )
            ereignisse[kennung] = name
    return aufgaben, services, ereignisse


def modell_pruefen(
    bpmn_xml: bytes, *, topics: set[str] | None = None
) -> tuple[ModellInfo, BpmnProcessSpec]:
    """Validate a model; return what the engine needs, or raise ValidationError."""
    root = xml_lesen(bpmn_xml)
    _xsd_pruefen(root)
    _elemente_pruefen(root)
    prozesse = root.findall("b:process", NS)
    if len(prozesse) != 1:
        raise _fehler(_("Das Modell muss genau einen Prozess enthalten."), root)
    prozess = prozesse[0]
    if prozess.get("isExecutable") != "true":
        raise _fehler(_("Der Prozess ist nicht als ausführbar markiert."), prozess)
    knoten = {k.get("id"): k for k in prozess if isinstance(k.tag, str) and _typ(k) in KNOTEN}
    aufgaben, services, ereignisse = _knoten_pruefen(
        root, prozess, knoten, set(servicetasks) if topics is None else topics
    )
    _aus, ein = _graph_pruefen(prozess, knoten)
    _rueckmeldungen_pruefen(knoten, ein, ereignisse, services)
    prozess_id = prozess.get("id")
    try:
        parser = BpmnParser()
        parser.add_bpmn_xml(root)
        spec = parser.get_spec(prozess_id)
        BpmnWorkflow(spec, script_engine=SCRIPT_ENGINE)  # it must also start
    except Exception as error:  # SpiffWorkflow's own checks
        raise _fehler(
            _("Das Modell kann nicht ausgeführt werden: %(e)s") % {"e": str(error)[:300]}
        ) from error
    name = (prozess.get("name") or prozess_id).strip()[:200]
    return ModellInfo(prozess_id, name, aufgaben, services), spec
