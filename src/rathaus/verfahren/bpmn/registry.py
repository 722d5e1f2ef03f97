"""Registry of service-task handlers, addressed by the topic a serviceTask names.

    @servicetasks.register("bescheid.erstellen", replace=True)
    def bescheid_pdf(kontext: ServiceKontext) -> dict | None: ...

A handler runs inside the transaction of the step that reached the service task; it may
change `kontext.verfahren` (saved afterwards) and return data for the process (merged into
the task data). An exception aborts the whole step: nothing is changed.

Slow work belongs in the worker. When the model waits for the topic's message right after
the task (`validierung.RUECKMELDUNGEN`, e.g. "bescheid_erstellt" after "bescheid.erstellen",
found in `kontext.danach`), a handler may leave the work to an outbox consumer that sends
that message when done, and says so with `kontext.im_hintergrund = True`. A handler that
did the work itself (an older or replaced one) leaves it False: the step then delivers the
message at once and the process runs on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rathaus.core.services import Actor

    from ..models import Verfahren


@dataclass
class ServiceKontext:
    verfahren: Verfahren
    element_id: str
    topic: str
    daten: dict[str, Any]  # a copy of the task data (results of the user tasks so far)
    actor: Actor
    # Messages the model waits for directly after this task (engine.nachrichten_danach).
    danach: frozenset[str] = frozenset()
    # Set by the handler: the worker sends the topic's message when done (see above).
    im_hintergrund: bool = False


Handler = Callable[[ServiceKontext], dict[str, Any] | None]


class ServiceTaskRegistry:
    def __init__(self) -> None:
        self._handler: dict[str, Handler] = {}

    def register(self, topic: str, *, replace: bool = False) -> Callable[[Handler], Handler]:
        def decorator(handler: Handler) -> Handler:
            if topic in self._handler and not replace:
                raise ValueError(f"service task topic {topic!r} is already registered")
            self._handler[topic] = handler
            return handler

        return decorator

    def __getitem__(self, topic: str) -> Handler:
        return self._handler[topic]

    def __contains__(self, topic: object) -> bool:
        return topic in self._handler

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._handler))

    @contextmanager
    def ersetzt(self, topic: str, handler: Handler) -> Iterator[None]:
        """Use another handler for a topic for a while (tests, dry runs)."""
        alt = self._handler.get(topic)
        self._handler[topic] = handler
        try:
            yield
        finally:
            if alt is None:
                del self._handler[topic]
            else:
                self._handler[topic] = alt


servicetasks = ServiceTaskRegistry()
