"""The one error type of the XBezahldienste codec."""

from __future__ import annotations


class XBezahldiensteError(ValueError):
    """A value breaks the interface's rules; ``path`` names the field (``items[2].id``)."""

    def __init__(self, message: str, *, path: str = "") -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path or '(document)'}: {message}")
