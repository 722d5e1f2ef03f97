"""The shipped default Bescheidvorlage (for every Leistung without its own). Migration
0003 adds it to a fresh installation (with its own frozen copy of these texts);
`vorlage_fuer` installs it again where no default exists at all; migration 0004 replaced
the first texts ("Ihrem Antrag auf {{leistung}} …", which glued the LeiKa name into the
sentence) where nobody had changed them."""

from __future__ import annotations

# § 58 Abs. 1 VwGO: the remedy, the authority where to file it, its seat, the period and
# the form (§ 70 Abs. 1 VwGO: schriftlich, elektronisch nach § 3a Abs. 2 VwVfG oder zur
# Niederschrift bei der Behörde, die den Verwaltungsakt erlassen hat).
STANDARDVORLAGE = {
    "bezeichnung": "Standardvorlage",
    "text_bewilligt": (
        "Ihr Antrag {{gegenstand}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
        "wird bewilligt."
    ),
    "text_abgelehnt": (
        "Ihr Antrag {{gegenstand}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
        "wird abgelehnt."
    ),
    "text_gebuehr": "",
    "rechtsbehelfsbelehrung": (
        "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Widerspruch "
        "erhoben werden. Der Widerspruch ist schriftlich, in elektronischer Form nach § 3a "
        "Abs. 2 des Verwaltungsverfahrensgesetzes oder zur Niederschrift bei der Hansestadt "
        "Stralsund, Der Oberbürgermeister, Alter Markt, 18439 Stralsund, einzulegen."
    ),
}
