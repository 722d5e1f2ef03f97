"""A published Formular version never changes: the database refuses it too."""

from django.db import migrations

_CONTENT = ("fim_id", "fim_version", "quelle_sha256", "struktur", "json_schema", "regeln")

SQLITE_FORWARD = [
    "CREATE TRIGGER formulare_formular_unveraenderlich BEFORE UPDATE ON formulare_formular "
    "WHEN OLD.veroeffentlicht_am IS NOT NULL AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _CONTENT)
    + ") BEGIN SELECT RAISE(ABORT, 'published Formular versions are immutable'); END",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS formulare_formular_unveraenderlich"]
POSTGRES_FORWARD = [
    "CREATE OR REPLACE FUNCTION formulare_formular_unveraenderlich() RETURNS trigger AS $$ "
    "BEGIN IF OLD.veroeffentlicht_am IS NOT NULL AND ("
    + " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in _CONTENT)
    + ") THEN RAISE EXCEPTION 'published Formular versions are immutable'; END IF; "
    "RETURN NEW; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER formulare_formular_unveraenderlich BEFORE UPDATE ON formulare_formular "
    "FOR EACH ROW EXECUTE FUNCTION formulare_formular_unveraenderlich()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS formulare_formular_unveraenderlich ON formulare_formular",
    "DROP FUNCTION IF EXISTS formulare_formular_unveraenderlich()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("formulare", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
