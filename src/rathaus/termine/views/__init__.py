"""The citizen's pages of the Terminvergabe: choose services → free days → a time and
contact data (with the proof of work) → "check your email"; the links of the emails
(confirm, manage: cancel or rebook, leave the waiting list) show a page on GET and act
only on POST, so that link scanners of mail providers change nothing.

The views parse, call a selector or service and map its ValidationError to the fields.
Split by concern: `buchen` (the booking steps), `warteliste` (joining it), `links` (the
email link pages), `aufruf` (the waiting room's call display); `auswahl` and `schutz` hold
what they share (parsing the choice; limits and proof of work).
"""

from .aufruf import aufruf, aufrufe
from .buchen import gesendet, start, tag, tage
from .links import bestaetigen, verschieben, verwalten, warteliste_verwalten
from .warteliste import warteliste

__all__ = [
    "aufruf",
    "aufrufe",
    "bestaetigen",
    "gesendet",
    "start",
    "tag",
    "tage",
    "verschieben",
    "verwalten",
    "warteliste",
    "warteliste_verwalten",
]
