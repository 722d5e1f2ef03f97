"""The English translation is complete: every catalogue, its .mo and the source code.

Catalogues: the project one in ``src/rathaus/locale`` (LOCALE_PATHS) and the apps' own
``<app>/locale``. When a test here fails, regenerate and translate (in a development
installation, i.e. with ``export RATHAUS_DEV_IDP=1`` as the Makefile sets it):

    cd src/rathaus/<app> && rathaus makemessages -l en -e html,txt,py --no-wrap -i 'tests/*'
    cd src/rathaus && rathaus makemessages -l en -e html,txt,py --no-wrap -i 'tests/*' \
        -i arbeitsplatz -i dev_idp -i konten -i verfahren -i termine -i zahlungen -i fitconnect \
        -i berichte
    (fill every empty msgstr, check and unflag every "#, fuzzy" entry)
    cd src/rathaus && rathaus compilemessages -l en
"""

from __future__ import annotations

import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

RATHAUS = Path(__file__).resolve().parents[2]
PO_DATEIEN = sorted(RATHAUS.glob("**/locale/en/LC_MESSAGES/django.po"))
QUELLTEXT = (".py", ".html", ".txt")


# --- a small .po parser (polib is not a dependency) -----------------------------------


@dataclass
class Eintrag:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    zeile: int = 0

    @property
    def schluessel(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def leer(self) -> bool:
        return not self.msgstr or any(not s for s in self.msgstr.values())

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_SCHLUESSEL = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _text(zitat: str) -> str:
    assert zitat.startswith('"') and zitat.endswith('"'), zitat
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], zitat[1:-1])


def eintraege(pfad: Path) -> list[Eintrag]:
    """The active entries of a .po file, without the header and obsolete (#~) entries."""
    ergebnis: list[Eintrag] = []
    e = Eintrag()
    teil: tuple[str, int] | None = None

    def abschliessen() -> None:
        if teil is not None and e.msgid != "":
            ergebnis.append(e)

    for nr, zeile in enumerate(pfad.read_text(encoding="utf-8").splitlines(), start=1):
        zeile = zeile.strip()
        if not zeile or zeile.startswith("#~"):
            continue
        if zeile.startswith("#,"):
            if teil is not None and teil[0] == "msgstr":
                abschliessen()
                e, teil = Eintrag(), None
            e.flags |= {f.strip() for f in zeile[2:].split(",")}
            continue
        if zeile.startswith("#"):
            if teil is not None and teil[0] == "msgstr":
                abschliessen()
                e, teil = Eintrag(), None
            continue
        m = _SCHLUESSEL.match(zeile)
        if m:
            art, index, wert = m.group(1), m.group(2), _text(m.group(3))
            if art in ("msgctxt", "msgid") and teil is not None and teil[0] == "msgstr":
                abschliessen()
                e, teil = Eintrag(), None
            if art.startswith("msgstr"):
                teil = ("msgstr", int(index or 0))
                e.msgstr[teil[1]] = wert
            else:
                teil = (art, 0)
                setattr(e, art, wert)
                if art == "msgid":
                    e.zeile = nr
        elif zeile.startswith('"') and teil is not None:
            if teil[0] == "msgstr":
                e.msgstr[teil[1]] += _text(zeile)
            else:
                setattr(e, teil[0], getattr(e, teil[0]) + _text(zeile))
        else:
            raise AssertionError(f"{pfad}:{nr}: unreadable line {zeile!r}")
    abschliessen()
    return ergebnis


def _name(pfad: Path, basis: Path = RATHAUS) -> str:
    return str(pfad.relative_to(basis))


def _unvollstaendig(pfad: Path, basis: Path = RATHAUS) -> list[str]:
    return [
        f"{_name(pfad, basis)}:{e.zeile}: {'fuzzy' if e.fuzzy else 'untranslated'}: {e.msgid!r}"
        for e in eintraege(pfad)
        if e.leer or e.fuzzy
    ]


# --- the catalogues -------------------------------------------------------------------


def test_es_gibt_die_kataloge() -> None:
    namen = {_name(p) for p in PO_DATEIEN}
    assert "locale/en/LC_MESSAGES/django.po" in namen
    apps = ("arbeitsplatz", "berichte", "dev_idp", "fitconnect", "konten", "termine", "verfahren")
    apps += ("zahlungen",)
    for app in apps:
        assert f"{app}/locale/en/LC_MESSAGES/django.po" in namen


def test_parser_liest_mehrzeilige_plural_und_fuzzy_eintraege(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "%(n)s Akte"\nmsgid_plural "%(n)s Akten"\n'
        'msgstr[0] "%(n)s file"\nmsgstr[1] ""\n\n'
        '#, fuzzy\n#| msgid "Alt"\nmsgid "Neu"\nmsgstr "Old"\n\n'
        'msgid ""\n"Zwei\\n"\n"Zeilen „x“"\nmsgstr ""\n"Two\\n"\n"lines “x”"\n\n'
        'msgctxt "Monat"\nmsgid "Mai"\nmsgstr "May"\n\n'
        '#~ msgid "Weg"\n#~ msgstr "Gone"\n',
        encoding="utf-8",
    )
    plural, fuzzy, zwei, kontext = eintraege(po)
    assert plural.msgid_plural == "%(n)s Akten" and plural.leer and not plural.fuzzy
    assert fuzzy.fuzzy and not fuzzy.leer
    assert zwei.msgid == "Zwei\nZeilen „x“" and zwei.msgstr == {0: "Two\nlines “x”"}
    assert kontext.schluessel == "Monat\x04Mai" and not kontext.leer
    assert len(_unvollstaendig(po, tmp_path)) == 2


@pytest.mark.parametrize("po", PO_DATEIEN, ids=_name)
def test_katalog_ist_vollstaendig_uebersetzt(po: Path) -> None:
    fehlend = _unvollstaendig(po)
    assert not fehlend, "Missing or fuzzy English translations:\n" + "\n".join(fehlend)


_PLATZHALTER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{\w+\}")


@pytest.mark.parametrize("po", PO_DATEIEN, ids=_name)
def test_platzhalter_bleiben_erhalten(po: Path) -> None:
    fehler = []
    for e in eintraege(po):
        if "python-format" not in e.flags and "python-brace-format" not in e.flags:
            continue
        if e.msgid_plural is None:
            erwartet = sorted(_PLATZHALTER.findall(e.msgid))
            if sorted(_PLATZHALTER.findall(e.msgstr.get(0, ""))) != erwartet:
                fehler.append(f"{_name(po)}:{e.zeile}: {e.msgid!r}")
        else:
            erlaubt = set(_PLATZHALTER.findall(e.msgid + e.msgid_plural))
            if any(not set(_PLATZHALTER.findall(s)) <= erlaubt for s in e.msgstr.values()):
                fehler.append(f"{_name(po)}:{e.zeile}: {e.msgid!r}")
    assert not fehler, "Placeholders differ between msgid and msgstr:\n" + "\n".join(fehler)


@pytest.mark.parametrize("po", PO_DATEIEN, ids=_name)
def test_mo_ist_aus_der_po_kompiliert(po: Path) -> None:
    """The committed .mo holds exactly the .po's translations (run compilemessages)."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{_name(mo)} is missing: run compilemessages"
    with mo.open("rb") as f:
        katalog: dict[Any, str] = dict(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]
    katalog.pop("", None)
    erwartet: dict[Any, str] = {}
    for e in eintraege(po):
        if e.leer or e.fuzzy:
            continue
        if e.msgid_plural is None:
            erwartet[e.schluessel] = e.msgstr[0]
        else:
            for i, s in e.msgstr.items():
                erwartet[(e.schluessel, i)] = s
    abweichend = sorted(
        str(k) for k in erwartet.keys() | katalog.keys() if erwartet.get(k) != katalog.get(k)
    )
    assert not abweichend, (
        f"{_name(mo)} does not match {_name(po)}: run compilemessages. Differs in:\n"
        + "\n".join(abweichend[:20])
    )


def test_gleiche_msgid_hat_ueberall_dieselbe_uebersetzung() -> None:
    """Django merges all catalogues (LOCALE_PATHS wins over apps, earlier apps over later
    ones), so a msgid translated differently in two catalogues shows only one of them."""
    gesehen: dict[tuple[str, bool], dict[str, tuple[tuple[int, str], ...]]] = {}
    for po in PO_DATEIEN:
        for e in eintraege(po):
            schluessel = (e.schluessel, e.msgid_plural is not None)
            gesehen.setdefault(schluessel, {})[_name(po)] = tuple(sorted(e.msgstr.items()))
    abweichend = [f"{k[0]!r}: {v}" for k, v in gesehen.items() if len(set(v.values())) > 1]
    assert not abweichend, "Translated differently across catalogues:\n" + "\n".join(abweichend)


# --- the source code ------------------------------------------------------------------


def _kopieren(verzeichnis: str, namen: list[str]) -> list[str]:
    return [
        n
        for n in namen
        if n in ("__pycache__", "tests", "static", "node_modules")
        or (Path(verzeichnis, n).is_file() and not n.endswith((*QUELLTEXT, ".po")))
    ]


def test_alle_texte_im_quelltext_sind_uebersetzt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """makemessages on a copy of the source: nothing new may come out untranslated.

    Fails when code or templates got a new or changed German text that is not yet in a
    catalogue with an English translation. Needs GNU gettext (xgettext, msgmerge).
    """
    for programm in ("xgettext", "msgmerge", "msguniq"):
        assert shutil.which(programm), f"{programm} not found: install GNU gettext"
    kopie = tmp_path / "rathaus"
    shutil.copytree(RATHAUS, kopie, ignore=_kopieren)
    # Only the copy's locale directories: the working tree stays untouched.
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(kopie)
    call_command(
        "makemessages",
        locale=["en"],
        extensions=["html", "txt", "py"],
        ignore_patterns=["tests/*"],
        no_wrap=True,
        verbosity=0,
    )
    neu = sorted(kopie.glob("**/locale/en/LC_MESSAGES/django.po"))
    assert [p.relative_to(kopie) for p in neu] == [p.relative_to(RATHAUS) for p in PO_DATEIEN]
    fehlend = [f for po in neu for f in _unvollstaendig(po, kopie)]
    assert not fehlend, (
        "Texts in the source without an English translation (run makemessages, translate, "
        "compilemessages):\n" + "\n".join(fehlend)
    )
