"""An Antrag records the Vertrauensniveau (level of assurance) it was submitted with
(issue 10): reading it again asks for at least that level (konten.lesezugang).

Anträge submitted before knew only their Formular's level, the least their login had:
they get that. Antrag rows are insert-only (0002): the trigger on antraege_antrag is
dropped for this one backfill and created again in the same transaction. SQLite rebuilds
the table to add a column with a default, which would drop the trigger anyway.
"""

from django.db import migrations, models

TABELLE = "antraege_antrag"
MELDUNG = "antraege: ein eingereichter Antrag ist unveraenderlich"
NIVEAUS = ("basis", "substantiell", "hoch")

ANLEGEN = {
    "sqlite": [
        f"CREATE TRIGGER {TABELLE}_fest BEFORE UPDATE ON {TABELLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MELDUNG}'); END"
    ],
    "postgresql": [
        f"CREATE TRIGGER {TABELLE}_fest BEFORE UPDATE ON {TABELLE} "
        "FOR EACH ROW EXECUTE FUNCTION antraege_unveraenderlich()"
    ],
}
ENTFERNEN = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABELLE}_fest"],
    "postgresql": [f"DROP TRIGGER IF EXISTS {TABELLE}_fest ON {TABELLE}"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _vom_formular(apps, schema_editor):
    Antrag = apps.get_model("antraege", "Antrag")
    for niveau in NIVEAUS:
        Antrag.objects.filter(formular__vertrauensniveau=niveau).update(vertrauensniveau=niveau)


class Migration(migrations.Migration):
    dependencies = [
        ("antraege", "0005_clientsystem_token_ablauf"),
        ("formulare", "0004_entwurf_vorbefuellung"),
    ]

    operations = [
        migrations.RunPython(_run(ENTFERNEN), _run(ANLEGEN)),
        migrations.AddField(
            model_name="antrag",
            name="vertrauensniveau",
            field=models.CharField(
                choices=[("basis", "basis"), ("substantiell", "substantiell"), ("hoch", "hoch")],
                default="basis",
                max_length=20,
                verbose_name="Vertrauensniveau der Einreichung",
            ),
        ),
        migrations.RunPython(_vom_formular, migrations.RunPython.noop),
        migrations.RunPython(_run(ANLEGEN), _run(ENTFERNEN)),
    ]
