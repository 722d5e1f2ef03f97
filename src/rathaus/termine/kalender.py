"""The iCalendar file of an appointment (RFC 5545/5546, the `icalendar` library).

One stable UID per booking (its number at the site's host), METHOD REQUEST for a new or
moved appointment and CANCEL for a cancelled one, SEQUENCE = the booking's `sequenz`
(raised by every change), ORGANIZER = the office (its email, else the Standort's, else the site's
sender address),
LOCATION = the Standort's address, DESCRIPTION = what to bring (the Leistung's
"Erforderliche Unterlagen" of the catalogue).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Buchung


def uid_of(buchung: Buchung) -> str:
    host = urlsplit(str(settings.RATHAUS_BASE_URL)).hostname or "localhost"
    return f"termin-{buchung.nummer}@{host}"


def ort_of(buchung: Buchung) -> str:
    standort = buchung.terminort.standort
    return f"{standort.name}, {standort.strasse}, {standort.plz} {standort.ort}"


def mitbringen_of(buchung: Buchung) -> list[tuple[str, str]]:
    """(Leistung, what to bring) per service of the booking, where the catalogue says it."""
    return [
        (p.leistung.anzeigename, p.leistung.unterlagen.strip())
        for p in buchung.positionen.all()
        if p.leistung.unterlagen.strip()
    ]


def ics_of(buchung: Buchung, *, absage: bool = False) -> bytes:
    """The calendar file of `buchung` (CANCEL with `absage`)."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.RATHAUS_KOMMUNE}//Rathaus Terminvergabe//DE")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if absage else "REQUEST")
    leistungen = ", ".join(p.leistung.anzeigename for p in buchung.positionen.all())
    beschreibung = [_("Terminnummer: %(nummer)s") % {"nummer": buchung.nummer}]
    for leistung, unterlagen in mitbringen_of(buchung):
        beschreibung.append("")
        beschreibung.append(_("Bitte mitbringen für %(leistung)s:") % {"leistung": leistung})
        beschreibung.append(unterlagen)
    standort = buchung.terminort.standort
    amt = buchung.terminort.organisationseinheit
    absender = amt.email or standort.email or settings.DEFAULT_FROM_EMAIL
    organizer = vCalAddress(f"mailto:{absender}")
    organizer.params["cn"] = vText(amt.name)
    event = Event()
    event.add("uid", uid_of(buchung))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("sequence", buchung.sequenz)
    event.add("dtstart", buchung.beginn.astimezone(UTC))
    event.add("dtend", buchung.ende.astimezone(UTC))
    event.add("summary", _("Termin: %(leistungen)s") % {"leistungen": leistungen})
    event.add("location", ort_of(buchung))
    event.add("description", "\n".join(beschreibung))
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if absage else "CONFIRMED")
    event.add("created", (buchung.erstellt_am or datetime.now(tz=UTC)).astimezone(UTC))
    cal.add_component(event)
    return cal.to_ical()
