"""Database-specific structures: zdA triggers and the full-text index.

The triggers make the content of a closed (zdA) Vorgang or Akte immutable even for
code that bypasses the services (raw SQL, the shell, a buggy migration): INSERT, UPDATE
and DELETE of Dokument, Anlage and Version rows under a closed Vorgang/Akte fail, a
Version and a Blob can never be updated. They raise SQLSTATE 23000 / SQLITE_CONSTRAINT,
which Django reports as IntegrityError on both databases.
"""

from django.db import migrations

# --- SQLite -------------------------------------------------------------------------------


def _vorgang_zu(vorgang: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM akten_vorgang v JOIN akten_akte a ON a.id = v.akte_id "  # noqa: S608
        f"WHERE v.id = {vorgang} AND (v.zda_am IS NOT NULL OR a.zda_am IS NOT NULL))"
    )


def _dokument_zu(dokument: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM akten_dokument d JOIN akten_vorgang v ON v.id = d.vorgang_id "  # noqa: S608
        "JOIN akten_akte a ON a.id = v.akte_id "
        f"WHERE d.id = {dokument} AND (v.zda_am IS NOT NULL OR a.zda_am IS NOT NULL))"
    )


def _anlage_zu(anlage: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM akten_anlage n JOIN akten_dokument d ON d.id = n.dokument_id "  # noqa: S608
        "JOIN akten_vorgang v ON v.id = d.vorgang_id JOIN akten_akte a ON a.id = v.akte_id "
        f"WHERE n.id = {anlage} AND (v.zda_am IS NOT NULL OR a.zda_am IS NOT NULL))"
    )


ZDA = "akten: Inhalt eines zdA verfügten Vorgangs oder einer zdA verfügten Akte ist unveränderlich"


def _sqlite_trigger(name: str, when: str, table: str, condition: str | None, message: str) -> str:
    where = f" WHEN {condition}" if condition else ""
    return (
        f"CREATE TRIGGER {name} BEFORE {when} ON {table}{where} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


SQLITE_TRIGGERS = [
    ("akten_dokument_zda_ins", "INSERT", "akten_dokument", _vorgang_zu("NEW.vorgang_id"), ZDA),
    (
        "akten_dokument_zda_upd",
        "UPDATE",
        "akten_dokument",
        f"{_vorgang_zu('OLD.vorgang_id')} OR {_vorgang_zu('NEW.vorgang_id')}",
        ZDA,
    ),
    ("akten_dokument_zda_del", "DELETE", "akten_dokument", _vorgang_zu("OLD.vorgang_id"), ZDA),
    ("akten_anlage_zda_ins", "INSERT", "akten_anlage", _dokument_zu("NEW.dokument_id"), ZDA),
    (
        "akten_anlage_zda_upd",
        "UPDATE",
        "akten_anlage",
        f"{_dokument_zu('OLD.dokument_id')} OR {_dokument_zu('NEW.dokument_id')}",
        ZDA,
    ),
    ("akten_anlage_zda_del", "DELETE", "akten_anlage", _dokument_zu("OLD.dokument_id"), ZDA),
    (
        "akten_version_zda_ins",
        "INSERT",
        "akten_version",
        f"{_dokument_zu('NEW.dokument_id')} OR {_anlage_zu('NEW.anlage_id')}",
        ZDA,
    ),
    (
        "akten_version_zda_del",
        "DELETE",
        "akten_version",
        f"{_dokument_zu('OLD.dokument_id')} OR {_anlage_zu('OLD.anlage_id')}",
        ZDA,
    ),
    (
        "akten_version_fest",
        "UPDATE",
        "akten_version",
        None,
        "akten: eine Version ist unveränderlich",
    ),
    ("akten_blob_fest", "UPDATE", "akten_blob", None, "akten: ein Inhalt ist unveränderlich"),
]

SQLITE_FORWARD = [_sqlite_trigger(*trigger) for trigger in SQLITE_TRIGGERS] + [
    # Stemmed words (stemmed in Python, see akten.search.text); rowid = Dokument id.
    "CREATE VIRTUAL TABLE akten_suchindex_fts USING fts5("
    "metadaten, text, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS akten_suchindex_fts"] + [
    f"DROP TRIGGER IF EXISTS {trigger[0]}" for trigger in SQLITE_TRIGGERS
]

# --- PostgreSQL ---------------------------------------------------------------------------


def _umlauts(column: str) -> str:
    return f"replace(replace(replace(coalesce({column}, ''), 'ae', 'ä'), 'oe', 'ö'), 'ue', 'ü')"


_RAISE = "RAISE EXCEPTION USING MESSAGE = '{message}', ERRCODE = 'integrity_constraint_violation'"

POSTGRES_FORWARD = [
    "CREATE FUNCTION akten_vorgang_zu(vid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    f"SELECT {_vorgang_zu('vid')} $$",
    "CREATE FUNCTION akten_dokument_zu(did bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    f"SELECT {_dokument_zu('did')} $$",
    "CREATE FUNCTION akten_anlage_zu(aid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    f"SELECT {_anlage_zu('aid')} $$",
    # One guard per table; nested IFs because OLD/NEW are NULL in INSERT/DELETE.
    "CREATE FUNCTION akten_dokument_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN IF akten_vorgang_zu(OLD.vorgang_id) THEN "
    f"{_RAISE.format(message=ZDA)}; END IF; END IF; "
    "IF TG_OP <> 'DELETE' THEN IF akten_vorgang_zu(NEW.vorgang_id) THEN "
    f"{_RAISE.format(message=ZDA)}; END IF; RETURN NEW; END IF; RETURN OLD; END $$",
    "CREATE FUNCTION akten_anlage_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN IF akten_dokument_zu(OLD.dokument_id) THEN "
    f"{_RAISE.format(message=ZDA)}; END IF; END IF; "
    "IF TG_OP <> 'DELETE' THEN IF akten_dokument_zu(NEW.dokument_id) THEN "
    f"{_RAISE.format(message=ZDA)}; END IF; RETURN NEW; END IF; RETURN OLD; END $$",
    "CREATE FUNCTION akten_version_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' THEN "
    f"{_RAISE.format(message='akten: eine Version ist unveränderlich')}; END IF; "
    "IF TG_OP = 'DELETE' THEN IF akten_dokument_zu(OLD.dokument_id) "
    "OR akten_anlage_zu(OLD.anlage_id) THEN "
    f"{_RAISE.format(message=ZDA)}; END IF; RETURN OLD; END IF; "
    "IF akten_dokument_zu(NEW.dokument_id) OR akten_anlage_zu(NEW.anlage_id) THEN "
    f"{_RAISE.format(message=ZDA)}; END IF; RETURN NEW; END $$",
    "CREATE FUNCTION akten_blob_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"{_RAISE.format(message='akten: ein Inhalt ist unveränderlich')}; END $$",
    "CREATE TRIGGER akten_dokument_zda BEFORE INSERT OR UPDATE OR DELETE ON akten_dokument "
    "FOR EACH ROW EXECUTE FUNCTION akten_dokument_schutz()",
    "CREATE TRIGGER akten_anlage_zda BEFORE INSERT OR UPDATE OR DELETE ON akten_anlage "
    "FOR EACH ROW EXECUTE FUNCTION akten_anlage_schutz()",
    "CREATE TRIGGER akten_version_zda BEFORE INSERT OR UPDATE OR DELETE ON akten_version "
    "FOR EACH ROW EXECUTE FUNCTION akten_version_schutz()",
    "CREATE TRIGGER akten_blob_fest BEFORE UPDATE ON akten_blob "
    "FOR EACH ROW EXECUTE FUNCTION akten_blob_schutz()",
    # The index holds folded words (ä→ae, akten.search.index); the `german` stemmer wants
    # umlauts, so ae/oe/ue become ä/ö/ü again here and in the query (search.engine): the
    # same transformation on both sides makes geprüft ↔ geprueft meet, as in katalog.
    # Metadata weigh more than the text.
    "ALTER TABLE akten_suchindex ADD COLUMN vektor tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('german', {_umlauts('metadaten')}), 'A') || "
    f"setweight(to_tsvector('german', {_umlauts('text')}), 'D')) STORED",
    "CREATE INDEX akten_suchindex_vektor_gin ON akten_suchindex USING gin (vektor)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS akten_suchindex_vektor_gin",
    "ALTER TABLE akten_suchindex DROP COLUMN IF EXISTS vektor",
    "DROP TRIGGER IF EXISTS akten_blob_fest ON akten_blob",
    "DROP TRIGGER IF EXISTS akten_version_zda ON akten_version",
    "DROP TRIGGER IF EXISTS akten_anlage_zda ON akten_anlage",
    "DROP TRIGGER IF EXISTS akten_dokument_zda ON akten_dokument",
    "DROP FUNCTION IF EXISTS akten_blob_schutz()",
    "DROP FUNCTION IF EXISTS akten_version_schutz()",
    "DROP FUNCTION IF EXISTS akten_anlage_schutz()",
    "DROP FUNCTION IF EXISTS akten_dokument_schutz()",
    "DROP FUNCTION IF EXISTS akten_anlage_zu(bigint)",
    "DROP FUNCTION IF EXISTS akten_dokument_zu(bigint)",
    "DROP FUNCTION IF EXISTS akten_vorgang_zu(bigint)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("akten", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
