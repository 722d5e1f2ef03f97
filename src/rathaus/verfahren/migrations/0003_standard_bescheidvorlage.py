"""A fresh installation has a default Bescheidvorlage (for every Leistung without its own),
so the first Verfahren can end with a Bescheid. The Fachadministration adapts it in the
admin; this migration only adds it when no default exists."""

from django.db import migrations

BEZEICHNUNG = "Standardvorlage"
TEXT_BEWILLIGT = (
    "Ihrem Antrag auf {{leistung}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
    "wird stattgegeben."
)
TEXT_ABGELEHNT = (
    "Ihr Antrag auf {{leistung}} vom {{eingegangen_am}} (Aktenzeichen {{aktenzeichen}}) "
    "wird abgelehnt."
)
# § 58 Abs. 1 VwGO: the remedy, the authority where to file it, its seat, the period and
# the form (§ 70 Abs. 1 VwGO: schriftlich, elektronisch nach § 3a Abs. 2 VwVfG oder zur
# Niederschrift bei der Behörde, die den Verwaltungsakt erlassen hat).
RECHTSBEHELFSBELEHRUNG = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Widerspruch "
    "erhoben werden. Der Widerspruch ist schriftlich, in elektronischer Form nach § 3a "
    "Abs. 2 des Verwaltungsverfahrensgesetzes oder zur Niederschrift bei der Hansestadt "
    "Stralsund, Der Oberbürgermeister, Alter Markt, 18439 Stralsund, einzulegen."
)


def standardvorlage_anlegen(apps, schema_editor):
    BescheidVorlage = apps.get_model("verfahren", "BescheidVorlage")
    if BescheidVorlage.objects.filter(leistung__isnull=True).exists():
        return
    BescheidVorlage.objects.create(
        leistung=None,
        bezeichnung=BEZEICHNUNG,
        text_bewilligt=TEXT_BEWILLIGT,
        text_abgelehnt=TEXT_ABGELEHNT,
        text_gebuehr="",
        rechtsbehelfsbelehrung=RECHTSBEHELFSBELEHRUNG,
        aktiv=True,
        version=1,
    )


class Migration(migrations.Migration):
    dependencies = [("verfahren", "0002_bescheid")]

    operations = [migrations.RunPython(standardvorlage_anlegen, migrations.RunPython.noop)]
