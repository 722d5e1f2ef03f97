"""Sample service of the Abteilung Gewerbe with a real FIM form (S05000001319)."""

from __future__ import annotations

from .typen import LeistungDemo, g

LEISTUNGEN: tuple[LeistungDemo, ...] = (
    LeistungDemo(
        leika="99050053020000",
        name_buerger="Schaustellung von Personen: Verlängerung der Erlöschensfrist der Erlaubnis",
        name_en="Extend the expiry period of a permit for the commercial display of persons",
        zustaendig="gewerbeamt",
        kurztext=(
            "Wer eine Erlaubnis zur gewerbsmäßigen Schaustellung von Personen hat, sie aber "
            "nicht rechtzeitig nutzen kann, beantragt die Verlängerung der Frist, nach der "
            "die Erlaubnis erlischt."
        ),
        kurztext_en=(
            "If you hold a permit for the commercial display of persons but cannot use it in "
            "time, apply to extend the period after which the permit expires."
        ),
        volltext=(
            "Eine Erlaubnis nach § 33a der Gewerbeordnung erlischt, wenn der Betrieb nicht "
            "innerhalb eines Jahres begonnen oder ein Jahr lang nicht mehr ausgeübt wurde. "
            "Aus einem wichtigen Grund, etwa einem Umbau oder einer Krankheit, kann die "
            "Abteilung Gewerbe diese Frist verlängern. Der Antrag muss vor Ablauf der Frist "
            "gestellt werden."
        ),
        voraussetzungen=(
            "Sie haben eine gültige Erlaubnis zur gewerbsmäßigen Schaustellung von Personen "
            "der Hansestadt Stralsund und einen wichtigen Grund für die Verlängerung."
        ),
        unterlagen=(
            "- die bestehende Erlaubnis (Kopie)\n"
            "- Nachweise für den wichtigen Grund, etwa ein Bauzeitenplan oder ein ärztliches "
            "Attest"
        ),
        kosten="Die Gebühr richtet sich nach dem Aufwand.",
        verfahrensablauf=(
            "Die Abteilung Gewerbe prüft den Antrag, fordert fehlende Unterlagen an und "
            "entscheidet mit einem Bescheid."
        ),
        bearbeitungsdauer="Etwa zwei bis vier Wochen.",
        fristen="Vor dem Ablauf der Frist, nach der die Erlaubnis erlischt.",
        formulare="Antrag auf Verlängerung der Frist (FIM-Stammdatenschema S05000001319)",
        hinweise="Ohne rechtzeitige Verlängerung muss die Erlaubnis neu beantragt werden.",
        rechtsgrundlagen="§ 33a Gewerbeordnung (GewO)\n§ 49 Gewerbeordnung (GewO)",
        synonyme=("Schaustellererlaubnis verlängern", "Erlaubnis § 33a GewO"),
        gebuehren=(g("Verlängerung der Frist", "30.00", "250.00", "je nach Aufwand"),),
        nachfrage=15,
    ),
)
