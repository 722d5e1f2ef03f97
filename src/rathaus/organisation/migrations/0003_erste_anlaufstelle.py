"""The unit that answers general questions, named where the portal knows no responsible
office (most catalogue entries have none)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_mitgliedschaft")]

    operations = [
        migrations.AddField(
            model_name="organisationseinheit",
            name="erste_anlaufstelle",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Wird bei Leistungen ohne zuständige Stelle als Ansprechpartner genannt; "
                    "höchstens eine Einheit."
                ),
                verbose_name="Erste Anlaufstelle für Fragen",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisationseinheit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("erste_anlaufstelle", True)),
                fields=("erste_anlaufstelle",),
                name="eine_erste_anlaufstelle",
                violation_error_message="Es gibt schon eine erste Anlaufstelle für Fragen.",
            ),
        ),
    ]
