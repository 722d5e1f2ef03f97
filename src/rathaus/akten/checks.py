"""Checks of the E-Akte's configuration (`rathaus check`, run by every management command
that starts the site or the worker)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def loeschfristen_bekannt(**kwargs: Any) -> list[Error]:
    """RATHAUS_LOESCHFRISTEN names only rules that exist: a misspelt id would leave the rule
    it meant at its own period without anyone noticing. Checked here, not in the settings
    module, because every app's rules are registered only once the apps are ready."""
    from .loeschfristen import registry

    unbekannt = sorted(set(settings.RATHAUS_LOESCHFRISTEN) - set(registry))
    if not unbekannt:
        return []
    return [
        Error(
            f"RATHAUS_LOESCHFRISTEN names unknown deletion rules: {', '.join(unbekannt)}.",
            hint=f"Known rules: {', '.join(sorted(registry))}.",
            id="akten.E001",
        )
    ]
