"""How citizens phrase a request: weak words and verbs that stand for a compound.

"Personalausweis beantragen", "Gewerbe anmelden", "Reisepass verlängern": the verb says
which Verrichtung is meant, not which service. Required like the noun, it would pull in
every service whose text mentions "beantragen". So these verbs (and filler words) are
weak terms: they never narrow the result, they only lift services whose name or synonyms
carry the matching Verrichtung ("Anmeldung", "Ausstellung" ...).

Any other verb may be the second half of a compound: "Hund halten" is "Hundehaltung",
"Baum fällen" the "Baumfällgenehmigung". Its root (halt, faell) is therefore searched as an
alternative of the verb, which finds it inside the compound.

All words are folded (ä → ae, ß → ss, lower case), like the rest of the search.
"""

from __future__ import annotations

_BEANTRAGEN = (
    "beantrag",
    "antrag",
    "ausstellung",
    "erteilung",
    "bewilligung",
    "genehmigung",
    "erlaubnis",
    "zulassung",
    "gewaehrung",
)
_ANMELDEN = ("anmeld", "zulassung", "registrierung", "anzeige", "eintragung")
_ABMELDEN = ("abmeld", "ausserbetriebsetzung", "stilllegung")
_UMMELDEN = ("ummeld", "aenderung", "umschreibung", "halterwechsel")
_VERLAENGERN = ("verlaenger", "erneuer", "ausstellung")
_ERNEUERN = ("erneuer", "verlaenger", "ausstellung")
_AENDERN = ("aender", "ummeld", "berichtigung")
_MELDEN = ("meldung", "anzeige", "anmeld")
_NEU = ("neu",)
_ABHOLEN = ("ausgabe", "abhol", "herausgabe", "aushaendigung")

# weak word → parts of a name or synonym that show the Verrichtung it asks for
WEAK_TERMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("beantragen", "beantragung", "antrag", "stellen"), _BEANTRAGEN),
    **dict.fromkeys(("bekommen", "erhalten", "holen", "brauche", "brauchen"), _BEANTRAGEN),
    **dict.fromkeys(("benoetige", "benoetigen", "machen", "ausstellen"), _BEANTRAGEN),
    **dict.fromkeys(("anfordern", "einreichen"), _BEANTRAGEN),
    **dict.fromkeys(("abholen", "abholung"), _ABHOLEN),
    **dict.fromkeys(("bestellen",), ("bestell", "anmeld", "ausstellung")),
    **dict.fromkeys(("abgeben",), ("abgabe", "entgegennahme", "anzeige")),
    **dict.fromkeys(("bezahlen", "zahlen"), ("zahlung", "festsetzung")),
    **dict.fromkeys(("anzeigen",), ("anzeige", "meldung")),
    **dict.fromkeys(("anmelden", "anmeldung"), _ANMELDEN),
    **dict.fromkeys(("abmelden", "abmeldung", "kuendigen"), _ABMELDEN),
    **dict.fromkeys(("ummelden", "ummeldung"), _UMMELDEN),
    **dict.fromkeys(("verlaengern", "verlaengerung"), _VERLAENGERN),
    **dict.fromkeys(("erneuern", "erneuerung"), _ERNEUERN),
    **dict.fromkeys(("aendern", "aenderung"), _AENDERN),
    **dict.fromkeys(("melden",), _MELDEN),
    **dict.fromkeys(("zulassen",), ("zulass",)),
    **dict.fromkeys(("umtauschen",), ("umtausch",)),
    **dict.fromkeys(("online", "digital"), ("online", "digital")),
    **dict.fromkeys(("neu", "neue", "neuer", "neuen", "neues"), _NEU),
    # filler words and questions about a part of every description (what it costs, which
    # papers): never required, they lift nothing
    **dict.fromkeys(
        (
            "mein meine meinen meinem meiner meines wo wie was welche welcher welches "
            "bitte kann muss will moechte "
            "kosten kostet gebuehr gebuehren preis unterlagen dokumente formular formulare "
            "termin termine oeffnungszeiten dauer bearbeitungszeit voraussetzungen frist "
            "fristen info infos information informationen ansprechpartner zustaendig"
        ).split(),
        (),
    ),
}

# weak word → name parts of the opposite Verrichtung ("anmelden" is not "Abmeldung")
OPPOSITES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("anmelden", "anmeldung"), ("abmeld",)),
    **dict.fromkeys(("abmelden", "abmeldung", "kuendigen"), ("anmeld", "zulassung")),
}


def verb_root(word: str) -> str | None:
    """The root of a word that looks like an infinitive (halten → halt), else None.

    Plural nouns end the same way (Steuern → steuer); the root then stands for the
    singular, which does no harm as it is only ever an alternative to the typed word.
    """
    if len(word) < 6 or word.endswith("ungen"):
        return None
    if word.endswith(("ern", "eln")):
        root = word[:-1]
    elif word.endswith("en"):
        root = word[:-2]
    else:
        return None
    return root if len(root) >= 4 else None
