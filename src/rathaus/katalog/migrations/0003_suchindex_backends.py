"""Database-specific full-text structures on top of katalog_suchindex."""

from django.db import migrations


def _umlauts(column: str) -> str:
    return f"replace(replace(replace(coalesce({column}, ''), 'ae', 'ä'), 'oe', 'ö'), 'ue', 'ü')"


SQLITE_FORWARD = [
    # Stemmed words; the text is stemmed in Python before it is stored here.
    "CREATE VIRTUAL TABLE katalog_suchindex_fts USING fts5("
    "name, synonyme, text, tokenize = 'unicode61 remove_diacritics 2')",
    # Trigrams of the folded name and synonyms: finds parts of compound words.
    "CREATE VIRTUAL TABLE katalog_suchindex_tri USING fts5(name, synonyme, tokenize = 'trigram')",
    "CREATE VIRTUAL TABLE katalog_suchindex_vocab USING fts5vocab(katalog_suchindex_fts, 'row')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS katalog_suchindex_vocab",
    "DROP TABLE IF EXISTS katalog_suchindex_tri",
    "DROP TABLE IF EXISTS katalog_suchindex_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The stored text is folded (ä→ae); PostgreSQL's German stemmer wants umlauts, so
    # ae/oe/ue become ä/ö/ü again here and in the query (search.engine.pg_form): the same
    # transformation on both sides keeps Anträge ↔ Antrag and Fuehrerschein ↔ Führerschein.
    "ALTER TABLE katalog_suchindex ADD COLUMN vektor tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('german', {_umlauts('name')}), 'A') || "
    f"setweight(to_tsvector('german', {_umlauts('synonyme')}), 'B') || "
    f"setweight(to_tsvector('german', {_umlauts('text')}), 'D')) STORED",
    "CREATE INDEX katalog_suchindex_vektor_gin ON katalog_suchindex USING gin (vektor)",
    "CREATE INDEX katalog_suchindex_name_trgm ON katalog_suchindex "
    "USING gin ((name || ' ' || synonyme) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS katalog_suchindex_name_trgm",
    "DROP INDEX IF EXISTS katalog_suchindex_vektor_gin",
    "ALTER TABLE katalog_suchindex DROP COLUMN IF EXISTS vektor",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("katalog", "0002_suchindex")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
