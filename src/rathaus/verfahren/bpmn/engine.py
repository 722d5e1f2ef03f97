"""Thin wrapper around SpiffWorkflow: create, load, store and advance a workflow.

No code from a model ever runs: the script environment evaluates only the comparisons
validation allows (`feld == 'wert'`) and refuses scripts and service calls; service tasks
are left STARTED by SpiffWorkflow (they have no implementation) and are completed here
after the handler of their topic ran.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.serializer import DEFAULT_CONFIG, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.task_spec import BpmnTaskSpecConverter
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.defaults import ServiceTask, UserTask
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from .sicher import SCRIPT_ENGINE, ModellFehler, SichereUmgebung

__all__ = ["SCRIPT_ENGINE", "ModellFehler", "SichereUmgebung"]

# SpiffWorkflow logs every state change at INFO with the task data: personal data of the
# Antrag must not end up in the logs, and the volume would dwarf everything else.
logging.getLogger("spiff").setLevel(logging.WARNING)

# More automatic steps than this without reaching a user task or a wait: a loop.
MAX_AUTOMATISCHE_RUNDEN = 100


_config = dict(DEFAULT_CONFIG)
# The plain BPMN ServiceTask is not in SpiffWorkflow's default serializer configuration.
_config[ServiceTask] = BpmnTaskSpecConverter
SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_config))

_specs: dict[tuple[str, str], BpmnProcessSpec] = {}
_specs_lock = threading.Lock()


def spec_laden(*, bpmn_xml: str, sha256: str, prozess_id: str) -> BpmnProcessSpec:
    """The parsed process of a (validated, stored) model; parsed once per process."""
    key = (sha256, prozess_id)
    spec = _specs.get(key)
    if spec is None:
        from .validierung import xml_lesen

        parser = BpmnParser()
        parser.add_bpmn_xml(xml_lesen(bpmn_xml.encode()))
        spec = parser.get_spec(prozess_id)
        with _specs_lock:
            if len(_specs) > 64:
                _specs.clear()
            _specs[key] = spec
    return spec


def neu(spec: BpmnProcessSpec) -> BpmnWorkflow:
    return BpmnWorkflow(spec, script_engine=SCRIPT_ENGINE)


def laden(zustand: str) -> BpmnWorkflow:
    workflow = SERIALIZER.deserialize_json(zustand)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def speichern(workflow: BpmnWorkflow) -> str:
    return str(SERIALIZER.serialize_json(workflow))


def weiter(workflow: BpmnWorkflow, *, dienst: Callable[[Task], dict[str, Any] | None]) -> None:
    """Run automatic steps; hand every reached service task to `dienst`, then go on,
    until only user tasks or waits are left (or the process ended)."""
    for _runde in range(MAX_AUTOMATISCHE_RUNDEN):
        workflow.do_engine_steps()
        offen = [
            t
            for t in workflow.get_tasks(state=TaskState.STARTED)
            if isinstance(t.task_spec, ServiceTask)
        ]
        if not offen:
            return
        for task in offen:
            daten = dienst(task)
            if daten:
                task.set_data(**daten)
            task.complete()
    raise ModellFehler("the process runs in a loop without a user task")


def bereite_aufgaben(workflow: BpmnWorkflow) -> list[Task]:
    return [
        t for t in workflow.get_tasks(state=TaskState.READY) if isinstance(t.task_spec, UserTask)
    ]


def task_holen(workflow: BpmnWorkflow, task_id: str) -> Task | None:
    try:
        task = workflow.get_task_from_id(UUID(task_id))
    except (ValueError, KeyError, WorkflowException):
        return None
    if task is None or task.state != TaskState.READY or not isinstance(task.task_spec, UserTask):
        return None
    return task


def aufgabe_erledigen(task: Task, daten: dict[str, Any]) -> None:
    task.set_data(**daten)
    task.run()


def nachricht_senden(workflow: BpmnWorkflow, name: str, daten: dict[str, Any]) -> bool:
    """Deliver a message event; False when the process does not wait for it."""
    try:
        workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload=dict(daten)))
    except WorkflowException:
        return False
    return True


def _nachrichten(event_definition: Any) -> set[str]:
    if isinstance(event_definition, MessageEventDefinition):
        return {event_definition.name}
    if isinstance(event_definition, MultipleEventDefinition):  # an event-based gateway
        return {n for d in event_definition.event_definitions for n in _nachrichten(d)}
    return set()


def erwartete_nachrichten(workflow: BpmnWorkflow) -> frozenset[str]:
    """The names of the messages the workflow waits for now (its waiting catch events and
    event-based gateways)."""
    namen: set[str] = set()
    for task in workflow.get_tasks(state=TaskState.WAITING):
        namen |= _nachrichten(getattr(task.task_spec, "event_definition", None))
    return frozenset(namen)


def nachrichten_danach(task: Task) -> frozenset[str]:
    """The names of the messages the process waits for directly after `task`, as its model
    says (the catch events or event-based gateway its outgoing flow leads to)."""
    namen: set[str] = set()
    for spec in task.task_spec.outputs:
        namen |= _nachrichten(getattr(spec, "event_definition", None))
    return frozenset(namen)
