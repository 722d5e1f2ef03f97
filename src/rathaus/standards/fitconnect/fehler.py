"""Errors of the FIT-Connect codec: each carries the problem to report in a
reject-submission event (RFC 7807 shaped: type, title, detail, instance)."""

from __future__ import annotations

from dataclasses import dataclass

PROBLEM_BASIS = "https://schema.fitko.de/fit-connect/events/problems/"

# The problem types of the receiver's checks (docs.fitko.de, "Einreichung überprüfen"),
# with the documented titles. `instance` names the part: "metadata", "data",
# "attachment:<attachmentId>" or "submission".
ENCRYPTION_ISSUE = "encryption-issue"
MISSING_AUTHENTICATION_TAG = "missing-authentication-tag"
INCORRECT_AUTHENTICATION_TAG = "incorrect-authentication-tag"
SYNTAX_VIOLATION = "syntax-violation"
MISSING_SCHEMA = "missing-schema"
UNSUPPORTED_SCHEMA = "unsupported-schema"
SCHEMA_VIOLATION = "schema-violation"
HASH_MISMATCH = "hash-mismatch"
MISSING_DATA = "missing-data"
ATTACHMENTS_MISMATCH = "attachments-mismatch"
SERVICE_MISMATCH = "service-mismatch"
TECHNICAL_ERROR = "technical-error"

TITEL = {
    ENCRYPTION_ISSUE: "Entschlüsselungs-Fehler",
    MISSING_AUTHENTICATION_TAG: "Authentication-Tag fehlt",
    INCORRECT_AUTHENTICATION_TAG: "Authentication-Tag ungültig",
    SYNTAX_VIOLATION: "Syntax-Fehler",
    MISSING_SCHEMA: "Schema-Referenz fehlt",
    UNSUPPORTED_SCHEMA: "Schema nicht unterstützt",
    SCHEMA_VIOLATION: "Schema-Fehler",
    HASH_MISMATCH: "Prüfsumme stimmt nicht",
    MISSING_DATA: "Fachdaten fehlen",
    ATTACHMENTS_MISMATCH: "Anlagen uneinheitlich",
    SERVICE_MISMATCH: "Verwaltungsleistung nicht unterstützt",
    TECHNICAL_ERROR: "Technischer Fehler",
}


@dataclass(frozen=True)
class Problem:
    """One problem of a reject-submission event."""

    art: str  # one of the names above (the last part of the type URI)
    detail: str
    instance: str

    @property
    def type(self) -> str:
        return PROBLEM_BASIS + self.art

    @property
    def title(self) -> str:
        return TITEL.get(self.art, self.art)

    def als_dict(self) -> dict[str, str]:
        return {
            "type": self.type,
            "title": self.title,
            "detail": self.detail[:1000],
            "instance": self.instance,
        }


class FitConnectFehler(Exception):
    """A check failed; ``problem`` says which, where (``pfad``) and why."""

    def __init__(self, art: str, instance: str, detail: str, *, pfad: str = "") -> None:
        self.problem = Problem(art=art, detail=detail, instance=instance)
        self.pfad = pfad or instance
        super().__init__(f"{self.pfad}: {detail}")


class SetFehler(Exception):
    """A Security Event Token is malformed or its signature or claims do not hold."""


class CallbackFehler(Exception):
    """A callback's signature or timestamp does not hold."""
