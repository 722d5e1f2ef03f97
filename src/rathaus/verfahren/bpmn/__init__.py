"""BPMN side of the Verfahren: the shipped standard model, validation of uploaded models,
the kinds of user tasks, the service-task registry and the SpiffWorkflow wrapper."""

from pathlib import Path

STANDARD_BPMN = Path(__file__).with_name("standard.bpmn")
