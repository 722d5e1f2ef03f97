"""The import rule between the apps that `make lint` checks beside the layers (issue 11).

The order of the layers is an import-linter ``layers`` contract in pyproject.toml. This
module adds the rule import-linter has no contract for: an app uses another app only through
that app's public modules (its ``services`` and ``selectors`` and the few interfaces that
``importregeln.toml`` declares public, such as a plugin registry). Every other import of a
module of another app (its ``models``, ``conf``, ``dateien`` ...) must be named, importer and
imported, with a one-line reason in the allow-list of ``importregeln.toml``. The list only
shrinks: an entry that no import uses any more breaks the contract as well, so it is removed
together with the import it allowed.

Tests and migrations are outside the rule, and so is the composition root (``config``,
which wires every app into the URLs and settings). Only what the graph holds is seen: an
``import`` statement anywhere in a module (also inside a function or under TYPE_CHECKING),
not a dotted path in a string (``apps.get_model``, ``import_string``, settings).

``python -m rathaus.config.importregeln`` prints the figures: how many imports across apps
reach another app's models (split into runtime imports and imports only under
``if TYPE_CHECKING:``) and other non-public modules, and how long the allow-list is; with
app names as arguments, only for the imports those apps make. A type-only import still needs
its allow-list entry (its reason then begins "type only:").
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import grimp
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from rich.markup import escape

REGELN = Path(__file__).with_name("importregeln.toml")

# Packages whose modules are outside every contract, wherever they lie.
AUSGENOMMEN = frozenset({"tests", "migrations"})


@dataclass(frozen=True)
class Regeln:
    """The contents of importregeln.toml."""

    # app -> module paths below the app that other apps may import; "*" means the whole app.
    oeffentlich: dict[str, tuple[str, ...]]
    # Importers not checked (the composition root), as module names or packages.
    aussen: tuple[str, ...]
    # (importer, imported) -> reason
    erlaubt: dict[tuple[str, str], str] = field(default_factory=dict)


class RegelFehler(ValueError):
    """importregeln.toml is malformed; the message names the entry."""


def regeln_laden(pfad: Path = REGELN) -> Regeln:
    """Read and check importregeln.toml."""
    daten = tomllib.loads(pfad.read_text(encoding="utf-8"))
    unbekannt = set(daten) - {"oeffentlich", "aussen", "erlaubt"}
    if unbekannt:
        raise RegelFehler(f"{pfad.name}: unknown tables {sorted(unbekannt)}")
    oeffentlich: dict[str, tuple[str, ...]] = {}
    for app, module in daten.get("oeffentlich", {}).items():
        if not isinstance(module, list) or not all(isinstance(m, str) and m for m in module):
            raise RegelFehler(f"{pfad.name}: [oeffentlich] {app} must be a list of module paths")
        oeffentlich[app] = tuple(module)
    aussen = daten.get("aussen", {}).get("module", [])
    erlaubt: dict[tuple[str, str], str] = {}
    for importer, eintraege in daten.get("erlaubt", {}).items():
        if not isinstance(eintraege, dict):
            raise RegelFehler(f"{pfad.name}: [erlaubt.{importer!r}] must be a table")
        for imported, grund in eintraege.items():
            if not isinstance(grund, str) or not grund.strip():
                raise RegelFehler(f"{pfad.name}: {importer} -> {imported} needs a reason")
            erlaubt[(importer, imported)] = grund
    return Regeln(oeffentlich=oeffentlich, aussen=tuple(aussen), erlaubt=erlaubt)


@dataclass(frozen=True)
class Grenzimport:
    """A direct import of a module of another app."""

    importer: str
    imported: str
    zeilen: tuple[int, ...]
    # every import statement of the pair sits under `if TYPE_CHECKING:` (annotations only)
    nur_typ: bool = False

    @property
    def art(self) -> str:
        """'models' for an import of another app's models, else 'modul'."""
        teile = self.imported.split(".")
        return "models" if len(teile) > 2 and teile[2] == "models" else "modul"


def app_von(modul: str, wurzel: str) -> str | None:
    """The app (first package below the root) a module belongs to, None for the root itself."""
    teile = modul.split(".")
    if teile[0] != wurzel or len(teile) < 2:
        return None
    return teile[1]


def ausgenommen(modul: str) -> bool:
    return not AUSGENOMMEN.isdisjoint(modul.split("."))


def _in(modul: str, paket: str) -> bool:
    return modul == paket or modul.startswith(paket + ".")


def oeffentlich(modul: str, *, wurzel: str, regeln: Regeln) -> bool:
    """Whether another app may import `modul` without an allow-list entry."""
    app = app_von(modul, wurzel)
    if app is None:
        return True
    for pfad in (*regeln.oeffentlich.get("alle", ()), *regeln.oeffentlich.get(app, ())):
        if pfad == "*" or _in(modul, f"{wurzel}.{app}.{pfad}"):
            return True
    return False


def _ist_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:` (any module alias)."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def typ_zeilen(quelltext: str) -> frozenset[int]:
    """The lines of the import statements under `if TYPE_CHECKING:` (not its else branch).

    A statement spanning several lines counts with each of them, as grimp names the first.
    """
    zeilen: set[int] = set()
    for knoten in ast.walk(ast.parse(quelltext)):
        if isinstance(knoten, ast.If) and _ist_type_checking(knoten.test):
            for kind in knoten.body:
                for innen in ast.walk(kind):
                    if isinstance(innen, ast.Import | ast.ImportFrom):
                        ende = innen.end_lineno or innen.lineno
                        zeilen.update(range(innen.lineno, ende + 1))
    return frozenset(zeilen)


def _datei(modul: str) -> Path | None:
    """The source file of `modul`, found below its root package without importing it."""
    wurzel, *teile = modul.split(".")
    spec = importlib.util.find_spec(wurzel)
    if spec is None or not spec.submodule_search_locations:
        return None
    for ort in spec.submodule_search_locations:
        basis = Path(ort).joinpath(*teile)
        kandidaten = [basis / "__init__.py"] + ([basis.with_suffix(".py")] if teile else [])
        for kandidat in kandidaten:
            if kandidat.is_file():
                return kandidat
    return None


@cache
def _typ_zeilen_von(modul: str) -> frozenset[int]:
    datei = _datei(modul)
    if datei is None:
        return frozenset()
    return typ_zeilen(datei.read_text(encoding="utf-8"))


def grenzimporte(graph: grimp.ImportGraph, *, wurzel: str, regeln: Regeln) -> Iterator[Grenzimport]:
    """Every direct import from one app into another, outside tests, migrations and `aussen`."""
    for importer in sorted(graph.modules):
        app = app_von(importer, wurzel)
        if app is None or ausgenommen(importer):
            continue
        if any(_in(importer, paket) for paket in regeln.aussen):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            anderes = app_von(imported, wurzel)
            if anderes is None or anderes == app or ausgenommen(imported):
                continue
            details = graph.get_import_details(importer=importer, imported=imported)
            zeilen = tuple(sorted({d["line_number"] for d in details}))
            nur_typ = bool(zeilen) and set(zeilen) <= _typ_zeilen_von(importer)
            yield Grenzimport(importer=importer, imported=imported, zeilen=zeilen, nur_typ=nur_typ)


@dataclass
class Ergebnis:
    verstoesse: list[Grenzimport]
    # allow-list entries no import uses: (importer, imported, reason)
    unbenutzt: list[tuple[str, str, str]]
    # allowed imports of non-public modules
    erlaubt: list[Grenzimport]
    oeffentlich: list[Grenzimport]

    @property
    def eingehalten(self) -> bool:
        return not self.verstoesse and not self.unbenutzt


def pruefen(graph: grimp.ImportGraph, *, wurzel: str, regeln: Regeln) -> Ergebnis:
    ergebnis = Ergebnis(verstoesse=[], unbenutzt=[], erlaubt=[], oeffentlich=[])
    benutzt: set[tuple[str, str]] = set()
    for imp in grenzimporte(graph, wurzel=wurzel, regeln=regeln):
        if oeffentlich(imp.imported, wurzel=wurzel, regeln=regeln):
            ergebnis.oeffentlich.append(imp)
        elif (imp.importer, imp.imported) in regeln.erlaubt:
            benutzt.add((imp.importer, imp.imported))
            ergebnis.erlaubt.append(imp)
        else:
            ergebnis.verstoesse.append(imp)
    ergebnis.unbenutzt = [
        (importer, imported, grund)
        for (importer, imported), grund in sorted(regeln.erlaubt.items())
        if (importer, imported) not in benutzt
    ]
    return ergebnis


def zahlen(ergebnis: Ergebnis) -> dict[str, int]:
    """Figures of one check: imports across apps by what they reach."""
    nicht_oeffentlich = ergebnis.erlaubt + ergebnis.verstoesse
    alle = nicht_oeffentlich + ergebnis.oeffentlich
    return {
        "models": sum(1 for i in alle if i.art == "models"),
        "models_laufzeit": sum(1 for i in alle if i.art == "models" and not i.nur_typ),
        "models_nur_typ": sum(1 for i in alle if i.art == "models" and i.nur_typ),
        "models_ohne_core": sum(
            1 for i in alle if i.art == "models" and not i.imported.startswith("rathaus.core.")
        ),
        "nicht_oeffentlich_models": sum(1 for i in nicht_oeffentlich if i.art == "models"),
        "nicht_oeffentlich_models_laufzeit": sum(
            1 for i in nicht_oeffentlich if i.art == "models" and not i.nur_typ
        ),
        "nicht_oeffentlich_models_nur_typ": sum(
            1 for i in nicht_oeffentlich if i.art == "models" and i.nur_typ
        ),
        "nicht_oeffentlich_andere": sum(1 for i in nicht_oeffentlich if i.art == "modul"),
        "oeffentlich": len(ergebnis.oeffentlich),
        "verstoesse": len(ergebnis.verstoesse),
        "eintraege": len(ergebnis.erlaubt) + len(ergebnis.unbenutzt),
    }


class AppGrenzen(Contract):
    """Apps import each other only through public modules or named allow-list entries.

    Configuration options:

        - regeln: path of the TOML file with the public modules and the allow-list
                  (optional; default: importregeln.toml beside this module).
    """

    type_name = "app_grenzen"

    regeln = fields.StringField(required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        pfad = Path(self.regeln) if self.regeln else REGELN  # type: ignore[arg-type]
        regeln = regeln_laden(pfad)
        kept = True
        verstoesse: list[Grenzimport] = []
        unbenutzt: list[tuple[str, str, str]] = []
        for wurzel in self.session_options["root_packages"]:
            ergebnis = pruefen(graph, wurzel=wurzel, regeln=regeln)
            kept = kept and ergebnis.eingehalten
            verstoesse += ergebnis.verstoesse
            unbenutzt += ergebnis.unbenutzt
            output.verbose_print(verbose, f"{wurzel}: {zahlen(ergebnis)}")
        return ContractCheck(
            kept=kept,
            metadata={"verstoesse": verstoesse, "unbenutzt": unbenutzt, "datei": str(pfad)},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        datei = check.metadata["datei"]
        verstoesse: list[Grenzimport] = check.metadata["verstoesse"]
        unbenutzt: list[tuple[str, str, str]] = check.metadata["unbenutzt"]
        if verstoesse:
            output.print_error("Imports of another app's non-public modules:", bold=False)
            output.new_line()
            for imp in verstoesse:
                zeilen = ", ".join(map(str, imp.zeilen))
                output.print_error(f"- {imp.importer} -> {imp.imported} (l.{zeilen})", bold=False)
            output.new_line()
            # rich (the linter's output) would take [erlaubt...] for markup
            output.print(
                escape(
                    "Use the other app's services or selectors instead. Where that is not (yet)\n"
                    f"possible, add the pair with its reason to {datei}:\n"
                    '    [erlaubt."<importer>"]\n'
                    '    "<imported>" = "<why, in one line>"'
                )
            )
            output.new_line()
        if unbenutzt:
            output.print_error(
                "Allow-list entries that no import uses any more (remove them):", bold=False
            )
            output.new_line()
            for importer, imported, grund in unbenutzt:
                output.print_error(escape(f"- {importer} -> {imported} ({grund})"), bold=False)
            output.new_line()


def _tabelle(zeilen: Iterable[tuple[str, int]]) -> str:
    return "\n".join(f"{name:<52} {zahl:>5}" for name, zahl in zeilen)


def nur_von(ergebnis: Ergebnis, apps: Iterable[str], *, wurzel: str) -> Ergebnis:
    """The part of `ergebnis` whose importers belong to `apps` (unused entries included)."""
    apps = set(apps)

    def passt(importer: str) -> bool:
        return app_von(importer, wurzel) in apps

    return Ergebnis(
        verstoesse=[i for i in ergebnis.verstoesse if passt(i.importer)],
        unbenutzt=[u for u in ergebnis.unbenutzt if passt(u[0])],
        erlaubt=[i for i in ergebnis.erlaubt if passt(i.importer)],
        oeffentlich=[i for i in ergebnis.oeffentlich if passt(i.importer)],
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures of the import rule for the package as installed.

    Arguments, if any, are apps: the figures then count only the imports those apps make.
    The exit status is that of the whole check.
    """
    apps = sys.argv[1:] if argv is None else argv
    graph = grimp.build_graph("rathaus", cache_dir=None)
    ergebnis = pruefen(graph, wurzel="rathaus", regeln=regeln_laden())
    gesamt = ergebnis
    if apps:
        ergebnis = nur_von(ergebnis, apps, wurzel="rathaus")
    z: dict[str, Any] = zahlen(ergebnis)
    print(
        _tabelle(
            [
                (
                    "imports across apps (module pairs)",
                    len(ergebnis.erlaubt + ergebnis.verstoesse) + len(ergebnis.oeffentlich),
                ),
                ("  of public modules (services, selectors ...)", z["oeffentlich"]),
                ("  of another app's models", z["models"]),
                ("    at runtime", z["models_laufzeit"]),
                ("    only under `if TYPE_CHECKING:`", z["models_nur_typ"]),
                ("    without rathaus.core.models", z["models_ohne_core"]),
                ("  of non-public models (allow-list)", z["nicht_oeffentlich_models"]),
                ("    at runtime", z["nicht_oeffentlich_models_laufzeit"]),
                ("    only under `if TYPE_CHECKING:`", z["nicht_oeffentlich_models_nur_typ"]),
                ("  of other non-public modules (allow-list)", z["nicht_oeffentlich_andere"]),
                ("allow-list entries", z["eintraege"]),
                ("  unused", len(ergebnis.unbenutzt)),
                ("imports breaking the rule", z["verstoesse"]),
            ]
        )
    )
    return 0 if gesamt.eingehalten else 1


if __name__ == "__main__":
    raise SystemExit(main())
