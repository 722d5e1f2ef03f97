"""Controlled deletion under the zdA triggers: a Loeschfreigabe row lets DELETE pass.

The DELETE guards of Dokument, Anlage and Version (migration 0002) now let a row go when
its Akte has a row in akten_loeschfreigabe; INSERT and UPDATE stay refused whatever that
table holds. The Aussonderung service inserts the row, deletes and removes the row in
one transaction. On PostgreSQL the row is also bound to the inserting transaction
(txid_current(), set by a trigger), so a stray committed row permits nothing.
"""

import importlib

from django.db import migrations

_0002 = importlib.import_module("rathaus.akten.migrations.0002_zda_schutz_und_suche")
ZDA = _0002.ZDA
_vorgang_zu = _0002._vorgang_zu
_dokument_zu = _0002._dokument_zu
_anlage_zu = _0002._anlage_zu


def _frei(join: str, where: str, pg: bool) -> str:
    txid = " AND f.transaktion = txid_current()" if pg else ""
    return (
        f"EXISTS (SELECT 1 FROM {join} JOIN akten_loeschfreigabe f "  # noqa: S608
        f"ON f.akte_id = v.akte_id WHERE {where}{txid})"
    )


def _vorgang_frei(vid: str, pg: bool = False) -> str:
    return _frei("akten_vorgang v", f"v.id = {vid}", pg)


def _dokument_frei(did: str, pg: bool = False) -> str:
    return _frei(
        "akten_dokument d JOIN akten_vorgang v ON v.id = d.vorgang_id", f"d.id = {did}", pg
    )


def _anlage_frei(aid: str, pg: bool = False) -> str:
    return _frei(
        "akten_anlage n JOIN akten_dokument d ON d.id = n.dokument_id "
        "JOIN akten_vorgang v ON v.id = d.vorgang_id",
        f"n.id = {aid}",
        pg,
    )


# --- SQLite -------------------------------------------------------------------------------

_DEL_TRIGGERS = ("akten_dokument_zda_del", "akten_anlage_zda_del", "akten_version_zda_del")

SQLITE_FORWARD = [f"DROP TRIGGER {name}" for name in _DEL_TRIGGERS] + [
    _0002._sqlite_trigger(
        "akten_dokument_zda_del",
        "DELETE",
        "akten_dokument",
        f"{_vorgang_zu('OLD.vorgang_id')} AND NOT {_vorgang_frei('OLD.vorgang_id')}",
        ZDA,
    ),
    _0002._sqlite_trigger(
        "akten_anlage_zda_del",
        "DELETE",
        "akten_anlage",
        f"{_dokument_zu('OLD.dokument_id')} AND NOT {_dokument_frei('OLD.dokument_id')}",
        ZDA,
    ),
    _0002._sqlite_trigger(
        "akten_version_zda_del",
        "DELETE",
        "akten_version",
        f"({_dokument_zu('OLD.dokument_id')} OR {_anlage_zu('OLD.anlage_id')}) AND NOT "
        f"({_dokument_frei('OLD.dokument_id')} OR {_anlage_frei('OLD.anlage_id')})",
        ZDA,
    ),
]
SQLITE_BACKWARD = [f"DROP TRIGGER {name}" for name in _DEL_TRIGGERS] + [
    _0002._sqlite_trigger(*trigger)
    for trigger in _0002.SQLITE_TRIGGERS
    if trigger[0] in _DEL_TRIGGERS
]

# --- PostgreSQL ---------------------------------------------------------------------------

_RAISE = _0002._RAISE.format(message=ZDA)
_RAISE_FEST = _0002._RAISE.format(message="akten: eine Version ist unveränderlich")

POSTGRES_FORWARD = [
    "CREATE FUNCTION akten_loeschfreigabe_tx() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.transaktion := txid_current(); RETURN NEW; END $$",
    "CREATE TRIGGER akten_loeschfreigabe_tx BEFORE INSERT OR UPDATE ON akten_loeschfreigabe "
    "FOR EACH ROW EXECUTE FUNCTION akten_loeschfreigabe_tx()",
    "CREATE FUNCTION akten_vorgang_frei(vid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    f"SELECT {_vorgang_frei('vid', True)} $$",
    "CREATE FUNCTION akten_dokument_frei(did bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    f"SELECT {_dokument_frei('did', True)} $$",
    "CREATE FUNCTION akten_anlage_frei(aid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$ "
    f"SELECT {_anlage_frei('aid', True)} $$",
    "CREATE OR REPLACE FUNCTION akten_dokument_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    f"IF TG_OP = 'UPDATE' THEN IF akten_vorgang_zu(OLD.vorgang_id) THEN {_RAISE}; END IF; END IF; "
    "IF TG_OP = 'DELETE' THEN IF akten_vorgang_zu(OLD.vorgang_id) "
    f"AND NOT akten_vorgang_frei(OLD.vorgang_id) THEN {_RAISE}; END IF; RETURN OLD; END IF; "
    f"IF akten_vorgang_zu(NEW.vorgang_id) THEN {_RAISE}; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION akten_anlage_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    f"IF TG_OP = 'UPDATE' THEN IF akten_dokument_zu(OLD.dokument_id) THEN {_RAISE}; END IF; "
    "END IF; "
    "IF TG_OP = 'DELETE' THEN IF akten_dokument_zu(OLD.dokument_id) "
    f"AND NOT akten_dokument_frei(OLD.dokument_id) THEN {_RAISE}; END IF; RETURN OLD; END IF; "
    f"IF akten_dokument_zu(NEW.dokument_id) THEN {_RAISE}; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION akten_version_schutz() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    f"IF TG_OP = 'UPDATE' THEN {_RAISE_FEST}; END IF; "
    "IF TG_OP = 'DELETE' THEN "
    "IF (akten_dokument_zu(OLD.dokument_id) OR akten_anlage_zu(OLD.anlage_id)) "
    "AND NOT (akten_dokument_frei(OLD.dokument_id) OR akten_anlage_frei(OLD.anlage_id)) "
    f"THEN {_RAISE}; END IF; RETURN OLD; END IF; "
    "IF akten_dokument_zu(NEW.dokument_id) OR akten_anlage_zu(NEW.anlage_id) THEN "
    f"{_RAISE}; END IF; RETURN NEW; END $$",
]
POSTGRES_BACKWARD = [
    statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    for statement in _0002.POSTGRES_FORWARD
    if "_schutz()" in statement
    and statement.startswith("CREATE FUNCTION akten_")
    and "blob" not in statement
] + [
    "DROP FUNCTION IF EXISTS akten_anlage_frei(bigint)",
    "DROP FUNCTION IF EXISTS akten_dokument_frei(bigint)",
    "DROP FUNCTION IF EXISTS akten_vorgang_frei(bigint)",
    "DROP TRIGGER IF EXISTS akten_loeschfreigabe_tx ON akten_loeschfreigabe",
    "DROP FUNCTION IF EXISTS akten_loeschfreigabe_tx()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("akten", "0004_aussonderung")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
