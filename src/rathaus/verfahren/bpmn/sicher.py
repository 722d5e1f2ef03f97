"""The only script environment process models get: no code, just comparisons."""

from __future__ import annotations

import re
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

BEDINGUNG_RE = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(==|!=)\s*'([a-z0-9_]*)'\s*$")


class ModellFehler(Exception):
    """The model asked the engine for something it does not do (never for user input)."""


class SichereUmgebung(BasePythonScriptEngineEnvironment):
    """Evaluates `feld == 'wert'` / `feld != 'wert'` against the task data, nothing else."""

    def evaluate(
        self, expression: str, context: dict[str, Any], external_context: Any = None
    ) -> bool:
        treffer = BEDINGUNG_RE.match(expression or "")
        if treffer is None:
            raise ModellFehler(f"expression not allowed: {expression[:100]!r}")
        feld, operator, wert = treffer.groups()
        gleich = context.get(feld) == wert
        return gleich if operator == "==" else not gleich

    def execute(self, script: str, context: dict[str, Any], external_context: Any = None) -> bool:
        raise ModellFehler("scripts are never executed")

    def call_service(self, context: dict[str, Any], **kwargs: Any) -> Any:
        raise ModellFehler("service calls go through the handler registry")


SCRIPT_ENGINE = PythonScriptEngine(environment=SichereUmgebung())
