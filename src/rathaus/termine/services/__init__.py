"""Writes of the Terminvergabe: reserve, confirm, cancel, rebook, closures, waiting list.

No double booking: every occupied (Schalter, slot) is one `Belegung` row under a unique
constraint. A reservation inserts its rows in a savepoint; when a concurrent transaction
took one of them first the insert fails (PostgreSQL lets the second inserter wait for the
first one's commit) and the next free counter is tried. Rows held only for a while
(`belegt_bis`) are replaced once that time has passed.

Every email leaves through the outbox (`outbox.py`); a link's secret token travels in the
outbox row's payload only until the email is sent.

Split by concern: `buchung` (reserve, confirm, cancel, rebook), `warteliste`, `schliessung`
(closures and absences), `lauf` (the periodic run), `gemeinsam` (what they share).
"""

from .buchung import buchung_cancel, buchung_confirm, buchung_rebook, buchung_reserve
from .gemeinsam import (
    ABGESAGT,
    ALPHABET,
    ANGEBOT,
    BESTAETIGT,
    ERINNERUNG,
    PUNKTE_EGAL,
    RESERVIERT,
    STORNIERT,
    VERSCHOBEN,
    WARTELISTE,
    belegen_erster,
    email_normalise,
    kontakt_validate,
    nummer_neu,
    positionen_anlegen,
    token_hash,
    token_pruefen,
)
from .lauf import erinnerungen_send, reservierungen_release
from .schliessung import abwesenheit_create, abwesenheit_delete
from .warteliste import warteliste_join, warteliste_leave

__all__ = [
    "ABGESAGT",
    "ALPHABET",
    "ANGEBOT",
    "BESTAETIGT",
    "ERINNERUNG",
    "PUNKTE_EGAL",
    "RESERVIERT",
    "STORNIERT",
    "VERSCHOBEN",
    "WARTELISTE",
    "abwesenheit_create",
    "abwesenheit_delete",
    "belegen_erster",
    "buchung_cancel",
    "buchung_confirm",
    "buchung_rebook",
    "buchung_reserve",
    "email_normalise",
    "erinnerungen_send",
    "kontakt_validate",
    "nummer_neu",
    "positionen_anlegen",
    "reservierungen_release",
    "token_hash",
    "token_pruefen",
    "warteliste_join",
    "warteliste_leave",
]
