"""PostgreSQL: the immutability trigger raises an integrity error, as SQLite's ABORT does.

With a plain RAISE EXCEPTION Django saw a ProgrammingError on PostgreSQL and an
IntegrityError on SQLite; callers and tests now see IntegrityError on both.
"""

from django.db import migrations

_CONTENT = ("fim_id", "fim_version", "quelle_sha256", "struktur", "json_schema", "regeln")


def _function(errcode: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION formulare_formular_unveraenderlich() RETURNS trigger AS $$ "
        "BEGIN IF OLD.veroeffentlicht_am IS NOT NULL AND ("
        + " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in _CONTENT)
        + ") THEN RAISE EXCEPTION USING MESSAGE = 'published Formular versions are immutable'"
        + (f", ERRCODE = '{errcode}'" if errcode else "")
        + "; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
    )


def _run(errcode: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_function(errcode))

    return run


class Migration(migrations.Migration):
    dependencies = [("formulare", "0002_formular_unveraenderlich")]

    operations = [migrations.RunPython(_run("integrity_constraint_violation"), _run(""))]
