"""The one error type of the xdomea codec."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class XdomeaIssue:
    """One problem found in a message: where (element path, line) and what."""

    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.path or "(document)"
        if self.line:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"


class XdomeaError(ValueError):
    """Foreign, malformed, unsafe or schema-invalid xdomea input or output.

    ``issues`` lists every problem found (for XSD validation all of them); ``path``
    and ``line`` are those of the first one, so ``str(error)`` names the element.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        issues: tuple[XdomeaIssue, ...] = (),
    ) -> None:
        self.issues = issues or (XdomeaIssue(message=message, path=path, line=line),)
        first = self.issues[0]
        self.path = first.path
        self.line = first.line
        text = str(first)
        if len(self.issues) > 1:
            text += f" (and {len(self.issues) - 1} more)"
        super().__init__(text)
