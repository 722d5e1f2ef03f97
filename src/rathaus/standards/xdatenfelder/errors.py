"""The one error type of the XDatenfelder codec."""

from __future__ import annotations


class XDatenfelderError(ValueError):
    """A file is not a usable XDatenfelder message; ``path`` names the element (XPath)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
