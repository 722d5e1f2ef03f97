"""The Widerspruchsfrist as a kind of Frist (the Vorgang goes zdA after it, not with the
Bescheid), and the default Bescheidvorlage's operative sentences: "Ihrem Antrag auf
{{leistung}} …" glued the LeiKa name into the sentence ("Antrag auf Erlaubnis zur
gewerbsmäßigen Schaustellung von Personen Verlängerung"); the new texts use
{{gegenstand}} (the form's title "auf Verlängerung der Frist …"). Only a default whose
texts nobody changed is updated; its version counts up."""

from typing import Any

from django.db import migrations, models

ALT = {
    "text_bewilligt": (
        "Ihrem Antrag auf {{leistung}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
        "wird stattgegeben."
    ),
    "text_abgelehnt": (
        "Ihr Antrag auf {{leistung}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
        "wird abgelehnt."
    ),
}
NEU = {
    "text_bewilligt": (
        "Ihr Antrag {{gegenstand}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
        "wird bewilligt."
    ),
    "text_abgelehnt": (
        "Ihr Antrag {{gegenstand}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
        "wird abgelehnt."
    ),
}


def _ersetzen(apps: Any, von: dict[str, str], nach: dict[str, str], schritt: int) -> None:
    BescheidVorlage = apps.get_model("verfahren", "BescheidVorlage")
    for vorlage in BescheidVorlage.objects.filter(leistung__isnull=True, **von):
        for feld, text in nach.items():
            setattr(vorlage, feld, text)
        vorlage.version = max(1, vorlage.version + schritt)
        vorlage.save(update_fields=[*nach, "version"])


def vorwaerts(apps: Any, schema_editor: Any) -> None:
    _ersetzen(apps, ALT, NEU, 1)


def rueckwaerts(apps: Any, schema_editor: Any) -> None:
    _ersetzen(apps, NEU, ALT, -1)


class Migration(migrations.Migration):
    dependencies = [("verfahren", "0003_standard_bescheidvorlage")]

    operations = [
        migrations.AlterField(
            model_name="frist",
            name="art",
            field=models.CharField(
                choices=[
                    ("gesetzlich", "gesetzliche Frist"),
                    ("nachforderung", "Frist der Nachforderung"),
                    ("wiedervorlage", "Wiedervorlage"),
                    ("widerspruch", "Widerspruchsfrist"),
                ],
                max_length=20,
                verbose_name="Art",
            ),
        ),
        migrations.RunPython(vorwaerts, rueckwaerts),
    ]
