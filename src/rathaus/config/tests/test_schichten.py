"""The import contracts of `make lint` (issue 11) hold today and fail on a new violation.

The failing cases run `lint-imports` itself, as `make lint` does, on a copy of the project
(pyproject.toml and the Python files of src/) with one module added or one list changed:
that copy is what the linter analyses, not the installed package.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from rathaus.config import importregeln
from rathaus.config import settings as modul

BASE_DIR = Path(modul.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SCHICHTEN = "Layers of the apps"
GRENZEN = "Apps use each other through services and selectors"


def _lint(projekt: Path) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(projekt / "src")}
    fertig = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=projekt,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # The report wraps long lines; the checks below look at it unwrapped.
    return fertig.returncode, " ".join((fertig.stdout + fertig.stderr).split())


def _status(ausgabe: str, vertrag: str) -> str:
    """KEPT or BROKEN: the summary's verdict on the contract named `vertrag`."""
    gefunden = re.search(re.escape(vertrag) + r".*?\b(KEPT|BROKEN)\b", ausgabe)
    assert gefunden is not None, ausgabe
    return gefunden.group(1)


def _nur_code(verzeichnis: str, namen: list[str]) -> set[str]:
    return {
        name
        for name in namen
        if name == "__pycache__"
        or (
            not (Path(verzeichnis) / name).is_dir()
            and not name.endswith(".py")
            and name != "importregeln.toml"
        )
    }


@pytest.fixture
def kopie(tmp_path: Path) -> Path:
    shutil.copy(BASE_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(BASE_DIR / "src" / "rathaus", tmp_path / "src" / "rathaus", ignore=_nur_code)
    return tmp_path


def _modul(projekt: Path, name: str, text: str) -> None:
    (projekt / "src" / (name.replace(".", "/") + ".py")).write_text(text, encoding="utf-8")


def test_der_heutige_baum_haelt_alle_vertraege() -> None:
    code, ausgabe = _lint(BASE_DIR)
    assert code == 0, ausgabe
    assert "0 broken" in ausgabe
    assert _status(ausgabe, SCHICHTEN) == "KEPT"
    assert _status(ausgabe, GRENZEN) == "KEPT"


@pytest.mark.parametrize(
    "text",
    [
        "from rathaus.verfahren.services import verfahren_create\n",
        # hidden in a function, and relative: the graph sees both
        "def spaeter():\n    from ..verfahren import services\n\n    return services\n",
    ],
    ids=["absolut", "relativ-in-funktion"],
)
def test_ein_neuer_import_nach_oben_bricht_die_schichten(kopie: Path, text: str) -> None:
    # katalog is below verfahren; services is public, so only the layers break
    _modul(kopie, "rathaus.katalog.nach_oben", text)
    code, ausgabe = _lint(kopie)
    assert code == 1, ausgabe
    assert "rathaus.katalog is not allowed to import rathaus.verfahren" in ausgabe
    assert "rathaus.katalog.nach_oben -> rathaus.verfahren.services" in ausgabe
    assert _status(ausgabe, SCHICHTEN) == "BROKEN"
    assert _status(ausgabe, GRENZEN) == "KEPT"


def test_ein_umweg_nach_oben_ueber_ein_drittes_modul_bricht_die_schichten(kopie: Path) -> None:
    # organisation -> config (outside the layers) -> antraege: the chain counts
    _modul(kopie, "rathaus.config.umweg", "from rathaus.antraege import selectors\n")
    _modul(kopie, "rathaus.organisation.ueber", "from rathaus.config import umweg\n")
    code, ausgabe = _lint(kopie)
    assert code == 1, ausgabe
    assert "rathaus.organisation is not allowed to import rathaus.antraege" in ausgabe


def test_ein_neues_app_paket_ohne_schicht_bricht_die_schichten(kopie: Path) -> None:
    (kopie / "src" / "rathaus" / "bibliothek").mkdir()
    _modul(kopie, "rathaus.bibliothek.__init__", "")
    code, ausgabe = _lint(kopie)
    assert code == 1, ausgabe
    assert "The following modules are not listed as layers: - rathaus.bibliothek" in ausgabe


def test_fremde_models_und_private_module_ohne_eintrag_brechen_die_app_grenzen(
    kopie: Path,
) -> None:
    # Both imports point down (katalog > organisation, formulare > konten): only the
    # app boundary breaks, once per import.
    _modul(kopie, "rathaus.katalog.fremd", "from rathaus.organisation.models import Rolle\n")
    _modul(kopie, "rathaus.formulare.fremd", "\nfrom rathaus.konten import niveau\n")
    code, ausgabe = _lint(kopie)
    assert code == 1, ausgabe
    assert _status(ausgabe, SCHICHTEN) == "KEPT"
    assert _status(ausgabe, GRENZEN) == "BROKEN"
    assert "- rathaus.katalog.fremd -> rathaus.organisation.models (l.1)" in ausgabe
    assert "- rathaus.formulare.fremd -> rathaus.konten.niveau (l.2)" in ausgabe
    # the guidance shows the TOML to add (not eaten as markup by the linter's output)
    assert '[erlaubt."<importer>"] "<imported>" = "<why, in one line>"' in ausgabe

    # An entry for exactly that pair, with its reason, lets it pass.
    regeln = kopie / "src" / "rathaus" / "config" / "importregeln.toml"
    with regeln.open("a", encoding="utf-8") as datei:
        datei.write(
            '\n[erlaubt."rathaus.katalog.fremd"]\n"rathaus.organisation.models" = "a test"\n'
            '\n[erlaubt."rathaus.formulare.fremd"]\n"rathaus.konten.niveau" = "a test"\n'
        )
    code, ausgabe = _lint(kopie)
    assert code == 0, ausgabe


def test_ein_unbenutzter_eintrag_der_erlaubnisliste_bricht_die_app_grenzen(kopie: Path) -> None:
    regeln = kopie / "src" / "rathaus" / "config" / "importregeln.toml"
    with regeln.open("a", encoding="utf-8") as datei:
        datei.write('\n[erlaubt."rathaus.portal.nirgends"]\n"rathaus.konten.models" = "gone [x]"\n')
    code, ausgabe = _lint(kopie)
    assert code == 1, ausgabe
    assert "no import uses any more" in ausgabe
    assert "- rathaus.portal.nirgends -> rathaus.konten.models (gone [x])" in ausgabe


def test_eine_unbenutzte_ausnahme_der_schichten_bricht_den_lauf(kopie: Path) -> None:
    pyproject = kopie / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    alt = '    "rathaus.*.migrations.** -> rathaus.**",\n'
    assert alt in text
    pyproject.write_text(
        text.replace(alt, alt + '    "rathaus.katalog.models -> rathaus.verfahren.models",\n'),
        encoding="utf-8",
    )
    code, ausgabe = _lint(kopie)
    assert code != 0, ausgabe
    assert "rathaus.katalog.models -> rathaus.verfahren.models" in ausgabe


def test_jeder_eintrag_der_erlaubnisliste_wird_gebraucht_und_begruendet() -> None:
    regeln = importregeln.regeln_laden()
    graph = grimp.build_graph("rathaus", cache_dir=None)
    ergebnis = importregeln.pruefen(graph, wurzel="rathaus", regeln=regeln)
    assert ergebnis.unbenutzt == []
    assert ergebnis.verstoesse == []
    assert all(len(grund.strip()) >= 10 for grund in regeln.erlaubt.values())


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        ('[erlaubt."rathaus.a.b"]\n"rathaus.c.models" = ""\n', "needs a reason"),
        ('[erlaubt."rathaus.a.b"]\n"rathaus.c.models" = 1\n', "needs a reason"),
        ('[erlaubt]\n"rathaus.a.b" = "x"\n', "must be a table"),
        ('[oeffentlich]\nkonten = "niveau"\n', "must be a list"),
        ("[erlaub]\n", "unknown tables"),
    ],
)
def test_eine_fehlerhafte_regeldatei_wird_benannt(tmp_path: Path, text: str, meldung: str) -> None:
    datei = tmp_path / "importregeln.toml"
    datei.write_text(text, encoding="utf-8")
    with pytest.raises(importregeln.RegelFehler, match=meldung):
        importregeln.regeln_laden(datei)


def test_oeffentlich_sind_services_selectors_und_die_erklaerten_schnittstellen() -> None:
    regeln = importregeln.regeln_laden()

    def offen(modul: str) -> bool:
        return importregeln.oeffentlich(modul, wurzel="rathaus", regeln=regeln)

    assert offen("rathaus.verfahren.services")
    assert offen("rathaus.verfahren.services.verfahren")
    assert offen("rathaus.katalog.selectors")
    assert offen("rathaus.core.plugins")
    assert offen("rathaus.standards.xdomea.lesen")
    assert not offen("rathaus.verfahren.models")
    assert not offen("rathaus.antraege.conf")
    assert not offen("rathaus.konten.niveau")
    # a name that only begins like a public module is not one
    assert not offen("rathaus.katalog.selectors_alt")
    assert not offen("rathaus.katalog.servicesx")


def _schichten() -> dict[str, int]:
    """app -> its layer's rank (0 = lowest), from the layers contract of pyproject.toml."""
    daten = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    vertrag = next(v for v in daten["tool"]["importlinter"]["contracts"] if v["id"] == "schichten")
    rang: dict[str, int] = {}
    for nr, schicht in enumerate(reversed(vertrag["layers"])):
        for app in schicht.replace(":", "|").split("|"):
            rang[app.strip()] = nr
    return rang


LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def test_keine_vorlage_laedt_die_template_tags_einer_hoeheren_app() -> None:
    """Templates follow the layers too: a lower app gets links and fragments passed down
    (as formulare.absenden and konten.meine_antraege do) instead of loading upper tags."""
    rathaus = BASE_DIR / "src" / "rathaus"
    rang = _schichten()
    bibliothek = {p.stem: p.parent.parent.name for p in rathaus.glob("*/templatetags/*.py")}
    bibliothek.pop("__init__", None)
    verstoesse = []
    for vorlage in sorted(rathaus.glob("*/templates/**/*.html")):
        app = vorlage.relative_to(rathaus).parts[0]
        for treffer in LOAD.finditer(vorlage.read_text(encoding="utf-8")):
            for name in treffer.group(1).split():
                if name == "from":
                    break  # {% load x from lib %}: only the library counts
                herkunft = bibliothek.get(name)
                if herkunft is not None and rang[herkunft] > rang[app]:
                    verstoesse.append(f"{vorlage.relative_to(rathaus)}: {{% load {name} %}}")
    assert verstoesse == []


def test_typ_zeilen_sind_die_imports_unter_type_checking() -> None:
    text = (
        "import typing\n"  # 1
        "from typing import TYPE_CHECKING\n"  # 2
        "if TYPE_CHECKING:\n"  # 3
        "    from rathaus.konten.models import Buerger\n"  # 4
        "    from rathaus.katalog.models import (\n"  # 5
        "        Leistung,\n"  # 6
        "    )\n"  # 7
        "else:\n"  # 8
        "    from rathaus.akten.models import Akte\n"  # 9
        "if typing.TYPE_CHECKING:\n"  # 10
        "    import rathaus.organisation.models\n"  # 11
        "if not TYPE_CHECKING:\n"  # 12
        "    from rathaus.verfahren.models import Verfahren\n"  # 13
        "def f():\n"  # 14
        "    from rathaus.antraege.models import Antrag\n"  # 15
        "TYPE_CHECKING_ALT = True\n"  # 16
        "if TYPE_CHECKING_ALT:\n"  # 17
        "    from rathaus.formulare.models import Formular\n"  # 18
    )
    # the else branch, a negated test, a function body and a look-alike name are runtime
    assert importregeln.typ_zeilen(text) == {4, 5, 6, 7, 11}


def test_die_zahlen_trennen_laufzeit_und_typ_imports(kopie: Path) -> None:
    """`python -m rathaus.config.importregeln katalog` on a copy with one runtime and one
    type-only import of another app's models more than today: each column grows by one,
    and the type-only import still needs its allow-list entry."""

    def zahlen() -> tuple[int, dict[str, int]]:
        env = {**os.environ, "PYTHONPATH": str(kopie / "src")}
        fertig = subprocess.run(
            [sys.executable, "-m", "rathaus.config.importregeln", "katalog"],
            cwd=kopie,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        werte: dict[str, int] = {}
        abschnitt = ""
        for zeile in fertig.stdout.splitlines():
            name, _, zahl = zeile.rstrip().rpartition(" ")
            name = name.strip()
            if name in {"at runtime", "only under `if TYPE_CHECKING:`"}:
                werte[f"{abschnitt} / {name}"] = int(zahl)
            else:
                abschnitt = name
                werte[name] = int(zahl)
        return fertig.returncode, werte

    code, vorher = zahlen()
    assert code == 0, vorher
    _modul(
        kopie,
        "rathaus.katalog.typ",
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from rathaus.konten.models import Buerger\n",
    )
    _modul(kopie, "rathaus.katalog.laufzeit", "from rathaus.konten.models import Buerger\n")
    code, _ = zahlen()
    assert code == 1  # neither has an allow-list entry yet
    regeln = kopie / "src" / "rathaus" / "config" / "importregeln.toml"
    with regeln.open("a", encoding="utf-8") as datei:
        datei.write(
            '\n[erlaubt."rathaus.katalog.typ"]\n"rathaus.konten.models" = "type only: a test"\n'
            '\n[erlaubt."rathaus.katalog.laufzeit"]\n"rathaus.konten.models" = "a test"\n'
        )
    code, nachher = zahlen()
    assert code == 0, nachher
    modelle = "of another app's models"
    privat = "of non-public models (allow-list)"
    laufzeit, typ = "at runtime", "only under `if TYPE_CHECKING:`"
    for abschnitt in (modelle, privat):
        assert nachher[abschnitt] == vorher[abschnitt] + 2
        assert nachher[f"{abschnitt} / {laufzeit}"] == vorher[f"{abschnitt} / {laufzeit}"] + 1
        assert nachher[f"{abschnitt} / {typ}"] == vorher[f"{abschnitt} / {typ}"] + 1
        assert nachher[abschnitt] == (
            nachher[f"{abschnitt} / {laufzeit}"] + nachher[f"{abschnitt} / {typ}"]
        )
    assert nachher["allow-list entries"] == vorher["allow-list entries"] + 2
