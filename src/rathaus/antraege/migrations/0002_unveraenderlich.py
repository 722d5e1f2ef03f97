"""A submitted Antrag never changes: the database refuses UPDATE of its rows too.

Antrag, Anlage, StatusEintrag and Quittung rows are insert-only; a status change is a new
StatusEintrag. Raised as SQLSTATE 23000 / SQLITE_CONSTRAINT → IntegrityError.
"""

from django.db import migrations

TABELLEN = ("antraege_antrag", "antraege_anlage", "antraege_statuseintrag", "antraege_quittung")
MELDUNG = "antraege: ein eingereichter Antrag ist unveraenderlich"

SQLITE_FORWARD = [
    f"CREATE TRIGGER {t}_fest BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, '{MELDUNG}'); END"
    for t in TABELLEN
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {t}_fest" for t in TABELLEN]
POSTGRES_FORWARD = [
    "CREATE FUNCTION antraege_unveraenderlich() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION USING MESSAGE = '{MELDUNG}', ERRCODE = 'integrity_constraint_violation'; "
    "END $$",
    *(
        f"CREATE TRIGGER {t}_fest BEFORE UPDATE ON {t} "
        "FOR EACH ROW EXECUTE FUNCTION antraege_unveraenderlich()"
        for t in TABELLEN
    ),
]
POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {t}_fest ON {t}" for t in TABELLEN),
    "DROP FUNCTION IF EXISTS antraege_unveraenderlich()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("antraege", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
