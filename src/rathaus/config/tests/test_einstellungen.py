"""The settings module: email settings from the environment, clear errors for bad values at
start, the development default that writes mails as files, and the README's settings table
in step with what the module reads; every RATHAUS_* name the code or a template uses is
one of them, and the code takes its value as the module gives it (no defaults of its own)."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from rathaus.antraege import conf as antraege_conf
from rathaus.config import settings as modul

SETTINGS_PY = Path(modul.__file__)
README = Path(modul.BASE_DIR) / "README.md"
SRC = Path(modul.SRC_DIR)


@pytest.fixture
def umgebung(monkeypatch):
    """An environment without any RATHAUS_EMAIL_* variable; returns a setter."""
    for name in list(os.environ):
        if name.startswith("RATHAUS_EMAIL_"):
            monkeypatch.delenv(name)

    def setzen(**werte: str) -> None:
        for name, wert in werte.items():
            monkeypatch.setenv(f"RATHAUS_EMAIL_{name}", wert)

    return setzen


def test_without_a_host_mails_are_written_as_files_below_the_data_dir(umgebung, tmp_path):
    mailers = modul.mailers_from_env(tmp_path)
    assert mailers == {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail")},
        }
    }
    assert modul.email_from_env() == "rathaus@localhost"


def test_the_file_backend_writes_a_file(umgebung, tmp_path, settings):
    settings.MAILERS = modul.mailers_from_env(tmp_path)
    mail.EmailMessage(
        subject="Eingangsbestätigung", body="Guten Tag", to=["erika@example.org"]
    ).send()
    (datei,) = (tmp_path / "mail").iterdir()
    inhalt = datei.read_text()
    assert "To: erika@example.org" in inhalt and "Guten Tag" in inhalt


def test_smtp_settings_from_the_environment(umgebung, tmp_path):
    umgebung(
        HOST="smtp.example.de",
        PORT="2525",
        USE_TLS="yes",
        USER="rathaus",
        PASSWORD=" geheim ",
        TIMEOUT="2.5",
    )
    assert modul.mailers_from_env(tmp_path) == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.de",
                "port": 2525,
                "username": "rathaus",
                "password": " geheim ",  # a password is taken as it is
                "use_tls": True,
                "use_ssl": False,
                "timeout": 2.5,
            },
        }
    }


@pytest.mark.parametrize(
    ("werte", "port"),
    [({}, 25), ({"USE_TLS": "1"}, 587), ({"USE_SSL": "on"}, 465), ({"USE_SSL": "0"}, 25)],
)
def test_standard_port_follows_tls_and_ssl(umgebung, tmp_path, werte, port):
    umgebung(HOST="smtp.example.de", **werte)
    optionen = modul.mailers_from_env(tmp_path)["default"]["OPTIONS"]
    assert optionen["port"] == port and optionen["timeout"] == 10.0
    assert optionen["username"] == "" and optionen["password"] == ""


def test_backend_selector(umgebung, tmp_path):
    umgebung(HOST="smtp.example.de", BACKEND="file")
    assert modul.mailers_from_env(tmp_path)["default"]["BACKEND"].endswith("filebased.EmailBackend")
    umgebung(BACKEND=" Console ")
    assert modul.mailers_from_env(tmp_path)["default"]["BACKEND"].endswith("console.EmailBackend")


def test_sender_address(umgebung):
    umgebung(FROM="Hansestadt Stralsund <rathaus@stralsund.de>")
    assert modul.email_from_env() == "Hansestadt Stralsund <rathaus@stralsund.de>"


@pytest.mark.parametrize(
    ("werte", "genannt"),
    [
        ({"HOST": "smtp.example.de", "PORT": "abc"}, "RATHAUS_EMAIL_PORT='abc'"),
        ({"HOST": "smtp.example.de", "PORT": "25.0"}, "RATHAUS_EMAIL_PORT"),
        ({"HOST": "smtp.example.de", "PORT": "0"}, "RATHAUS_EMAIL_PORT=0"),
        ({"HOST": "smtp.example.de", "PORT": "65536"}, "RATHAUS_EMAIL_PORT=65536"),
        ({"PORT": "abc"}, "RATHAUS_EMAIL_PORT"),  # checked even while mails go to files
        ({"TIMEOUT": "zehn"}, "RATHAUS_EMAIL_TIMEOUT='zehn'"),
        ({"TIMEOUT": "0"}, "RATHAUS_EMAIL_TIMEOUT"),
        ({"TIMEOUT": "nan"}, "RATHAUS_EMAIL_TIMEOUT"),
        ({"TIMEOUT": "inf"}, "RATHAUS_EMAIL_TIMEOUT"),
        ({"USE_TLS": "vielleicht"}, "RATHAUS_EMAIL_USE_TLS='vielleicht'"),
        ({"USE_TLS": "1", "USE_SSL": "1"}, "RATHAUS_EMAIL_USE_SSL"),
        ({"USER": "rathaus"}, "RATHAUS_EMAIL_PASSWORD"),
        ({"PASSWORD": "geheim"}, "RATHAUS_EMAIL_USER"),
        ({"BACKEND": "sendmail"}, "RATHAUS_EMAIL_BACKEND='sendmail'"),
        ({"BACKEND": "smtp"}, "RATHAUS_EMAIL_HOST"),
    ],
)
def test_bad_values_name_the_variable(umgebung, tmp_path, werte, genannt):
    umgebung(**werte)
    with pytest.raises(ImproperlyConfigured) as fehler:
        modul.mailers_from_env(tmp_path)
    assert genannt in str(fehler.value)


@pytest.mark.parametrize(
    "absender",
    ["kein-absender", "rathaus@example.de\nBcc: boese@example.net", "Stadt <>", " "],
)
def test_bad_sender_names_the_variable(umgebung, absender):
    umgebung(FROM=absender)
    with pytest.raises(ImproperlyConfigured, match="RATHAUS_EMAIL_FROM"):
        modul.email_from_env()


def test_a_bad_port_stops_the_start_naming_the_variable(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RATHAUS_", "DJANGO_SETTINGS"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "rathaus.config.settings",
        "RATHAUS_DATA_DIR": str(tmp_path),
        "RATHAUS_DEV_IDP": "1",  # a development start: no SECRET_KEY needed
        "RATHAUS_EMAIL_HOST": "smtp.example.de",
        "RATHAUS_EMAIL_PORT": "fünfundzwanzig",
    }
    lauf = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert lauf.returncode != 0
    assert "ImproperlyConfigured: RATHAUS_EMAIL_PORT='fünfundzwanzig'" in lauf.stderr
    assert "expected a whole number" in lauf.stderr


def _gelesen() -> set[str]:
    quelltext = SETTINGS_PY.read_text()
    return set(re.findall(r'\benv(?:_[a-z]+)?\(\s*"([A-Z][A-Z0-9_]*)"', quelltext))


def _dokumentiert() -> set[str]:
    namen: set[str] = set()
    for zeile in README.read_text().splitlines():
        if zeile.startswith("| `"):
            namen |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", zeile.split("|")[1]))
    return namen


def test_readme_lists_exactly_the_settings_the_module_reads():
    gelesen, dokumentiert = _gelesen(), _dokumentiert()
    assert "RATHAUS_EMAIL_HOST" in gelesen and "DATABASE_URL" in gelesen  # the parser works
    assert sorted(gelesen - dokumentiert) == [], "in settings.py, missing in README.md"
    assert sorted(dokumentiert - gelesen) == [], "in README.md, not read by settings.py"


def test_settings_read_the_environment_only_through_the_helpers():
    # a direct os.environ / os.getenv read would escape the README check above
    quelltext = SETTINGS_PY.read_text()
    direkt = re.findall(r"os\.(?:environ|getenv)\b[^\n]*", quelltext)
    assert all("os.environ.get(name" in z for z in direkt), direkt


# A RATHAUS_* name, not a prefix such as RATHAUS_EMAIL_* or f"RATHAUS_EMAIL_{name}".
NAME_MUSTER = re.compile(r"\bRATHAUS_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_*{])")


def _quellen() -> list[Path]:
    """Every Python file and template below src/rathaus, tests included."""
    return [
        p
        for p in sorted(SRC.rglob("*"))
        if p.is_file() and (p.suffix == ".py" or "templates" in p.relative_to(SRC).parts)
    ]


def _genannt() -> dict[str, set[str]]:
    """RATHAUS_* name → the files that use it."""
    namen: dict[str, set[str]] = {}
    for pfad in _quellen():
        for name in NAME_MUSTER.findall(pfad.read_text(errors="replace")):
            namen.setdefault(name, set()).add(str(pfad.relative_to(SRC)))
    return namen


def test_every_rathaus_name_in_the_code_and_templates_is_read_from_the_environment():
    genannt = _genannt()
    assert "RATHAUS_LOESCHFRISTEN" in genannt and "RATHAUS_KOMMUNE" in genannt  # it works
    gelesen = _gelesen()
    nicht_gelesen = {n: sorted(orte) for n, orte in genannt.items() if n not in gelesen}
    assert nicht_gelesen == {}, "used in src, not read from the environment by settings.py"


def test_the_code_reads_rathaus_settings_without_defaults_of_its_own():
    """A default beside the settings module would be a second truth, and one the README and
    the environment do not see: the code reads `settings.RATHAUS_…` as it is."""
    muster = re.compile(r'(?:getattr\(\s*settings\s*,|\b_get\()\s*"(RATHAUS_[A-Z0-9_]+)"')
    gefunden: dict[str, set[str]] = {}
    for pfad in _quellen():
        if pfad.suffix != ".py" or "tests" in pfad.relative_to(SRC).parts:
            continue
        if namen := set(muster.findall(pfad.read_text())):
            gefunden[str(pfad.relative_to(SRC))] = namen
    assert gefunden == {}


@pytest.fixture
def laden(monkeypatch, tmp_path):
    """Runs settings.py afresh with only the given variables of its own set; returns the
    module's names (as Django would see them), or raises what the start would raise."""
    for name in list(os.environ):
        if name.startswith(("RATHAUS_", "STORAGE_")) or name in {"DATABASE_URL", "REDIS_URL"}:
            monkeypatch.delenv(name)

    def laden(**werte: str) -> dict[str, Any]:
        monkeypatch.setenv("RATHAUS_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("RATHAUS_DEV_IDP", "1")
        for name, wert in werte.items():
            monkeypatch.setenv(name, wert)
        return runpy.run_path(str(SETTINGS_PY))

    return laden


def test_defaults(laden):
    s = laden()
    assert s["RATHAUS_LAND"] == "MV"
    assert s["RATHAUS_LOESCHFRISTEN"] == {}
    assert s["RATHAUS_AKTEN_MAX_BYTES"] == 100 * 2**20
    assert s["RATHAUS_AKTEN_MAX_TEXT_CHARS"] == 2_000_000
    assert s["RATHAUS_AKTEN_OCR_LANGUAGE"] == "deu"
    assert s["RATHAUS_ARCHIV_NAME"] == ""
    assert s["RATHAUS_VERFAHREN_ANTWORT_LIMIT"] == "10/600"
    assert s["RATHAUS_LOGIN_RATE_LIMIT"] == "20/300"
    assert s["RATHAUS_ANTRAEGE_MEDIENTYPEN"] == antraege_conf.STANDARD_MEDIENTYPEN
    assert s["RATHAUS_TESTDATEN_PFLICHT"] is False
    assert s["TASKS_BACKEND"] == "database" and s["STORAGE_BACKEND"] == "local"
    assert s["LOGGING"]["root"]["level"] == "INFO"
    assert (s["AXES_FAILURE_LIMIT"], s["AXES_COOLOFF_TIME"]) == (5, 0.25)
    assert (s["RATHAUS_STAFF_SESSION_HOURS"], s["RATHAUS_STAFF_SESSION_IDLE_MINUTES"]) == (12, 30)
    assert s["RATHAUS_ANTRAEGE_MAX_DATEI_BYTES"] == 10 * 2**20
    assert s["RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES"] == 25 * 2**20
    assert s["RATHAUS_ANTRAEGE_MAX_DATEIEN"] == 20
    assert s["RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN"] == 30
    assert s["RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB"] == 8
    assert s["RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN"] == 60
    assert s["RATHAUS_BEKANNTGABE_TAGE"] == 3


def test_values_from_the_environment(laden):
    s = laden(
        RATHAUS_LAND=" by ",
        RATHAUS_LOESCHFRISTEN=' {"postfach_gelesen": 90, "sitzungen": 0} ',
        RATHAUS_AKTEN_MAX_BYTES="1048576",
        RATHAUS_AKTEN_MAX_TEXT_CHARS="0",
        RATHAUS_AKTEN_OCR_LANGUAGE="deu+eng",
        RATHAUS_ARCHIV_NAME=" Landesarchiv Greifswald ",
        RATHAUS_VERFAHREN_ANTWORT_LIMIT="3 / 60",
        RATHAUS_ANTRAEGE_MEDIENTYPEN="Application/PDF, image/png",
        RATHAUS_TESTDATEN_PFLICHT="1",
        RATHAUS_TASKS_BACKEND="Immediate",
        STORAGE_BACKEND="S3",
        RATHAUS_LOG_LEVEL="warning",
        RATHAUS_STAFF_LOGIN_FAILURES="3",
        RATHAUS_STAFF_LOCKOUT_MINUTES="30",
        RATHAUS_STAFF_SESSION_HOURS="8.5",
        RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN="2.5",
    )
    assert s["RATHAUS_LAND"] == "BY"
    assert s["RATHAUS_LOESCHFRISTEN"] == {"postfach_gelesen": 90, "sitzungen": 0}
    assert (s["RATHAUS_AKTEN_MAX_BYTES"], s["RATHAUS_AKTEN_MAX_TEXT_CHARS"]) == (2**20, 0)
    assert s["RATHAUS_AKTEN_OCR_LANGUAGE"] == "deu+eng"
    assert s["RATHAUS_ARCHIV_NAME"] == "Landesarchiv Greifswald"
    assert s["RATHAUS_VERFAHREN_ANTWORT_LIMIT"] == "3/60"
    assert s["RATHAUS_ANTRAEGE_MEDIENTYPEN"] == ("application/pdf", "image/png")
    assert s["RATHAUS_TESTDATEN_PFLICHT"] is True
    assert s["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")
    assert s["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s["LOGGING"]["root"]["level"] == "WARNING"
    assert (s["AXES_FAILURE_LIMIT"], s["AXES_COOLOFF_TIME"]) == (3, 0.5)
    assert s["RATHAUS_STAFF_SESSION_HOURS"] == 8.5
    assert s["RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN"] == 2.5


@pytest.mark.parametrize(
    ("name", "wert", "genannt"),
    [
        ("RATHAUS_LAND", "Bayern", "RATHAUS_LAND='Bayern'"),
        ("RATHAUS_LAND", "DE", "RATHAUS_LAND='DE'"),
        (
            "RATHAUS_LOESCHFRISTEN",
            "{postfach_gelesen: 90}",
            "RATHAUS_LOESCHFRISTEN: not valid JSON",
        ),
        ("RATHAUS_LOESCHFRISTEN", "[90]", "RATHAUS_LOESCHFRISTEN: expected a JSON object"),
        ("RATHAUS_LOESCHFRISTEN", '{"sitzungen": -1}', "RATHAUS_LOESCHFRISTEN: 'sitzungen'"),
        ("RATHAUS_LOESCHFRISTEN", '{"sitzungen": "90"}', "RATHAUS_LOESCHFRISTEN: 'sitzungen'"),
        ("RATHAUS_LOESCHFRISTEN", '{"sitzungen": 1.5}', "RATHAUS_LOESCHFRISTEN: 'sitzungen'"),
        ("RATHAUS_LOESCHFRISTEN", '{"sitzungen": true}', "RATHAUS_LOESCHFRISTEN: 'sitzungen'"),
        ("RATHAUS_LOESCHFRISTEN", '{"sitzungen": 1e9}', "RATHAUS_LOESCHFRISTEN: 'sitzungen'"),
        ("RATHAUS_AKTEN_MAX_BYTES", "100MB", "RATHAUS_AKTEN_MAX_BYTES='100MB'"),
        ("RATHAUS_AKTEN_MAX_BYTES", "0", "RATHAUS_AKTEN_MAX_BYTES=0"),
        ("RATHAUS_AKTEN_MAX_TEXT_CHARS", "-1", "RATHAUS_AKTEN_MAX_TEXT_CHARS=-1"),
        ("RATHAUS_AKTEN_OCR_LANGUAGE", "deu; rm -rf /", "RATHAUS_AKTEN_OCR_LANGUAGE"),
        ("RATHAUS_AKTEN_OCR_LANGUAGE", "-l eng", "RATHAUS_AKTEN_OCR_LANGUAGE"),
        ("RATHAUS_AKTEN_OCR_LANGUAGE", "deu+", "RATHAUS_AKTEN_OCR_LANGUAGE"),
        ("RATHAUS_VERFAHREN_ANTWORT_LIMIT", "10 in 600", "RATHAUS_VERFAHREN_ANTWORT_LIMIT"),
        ("RATHAUS_VERFAHREN_ANTWORT_LIMIT", "0/600", "RATHAUS_VERFAHREN_ANTWORT_LIMIT='0/600'"),
        ("RATHAUS_VERFAHREN_ANTWORT_LIMIT", "10/0", "RATHAUS_VERFAHREN_ANTWORT_LIMIT='10/0'"),
        ("RATHAUS_LOGIN_RATE_LIMIT", "zwanzig", "RATHAUS_LOGIN_RATE_LIMIT='zwanzig'"),
        ("RATHAUS_ANTRAEGE_MEDIENTYPEN", "text/html", "RATHAUS_ANTRAEGE_MEDIENTYPEN='text/html'"),
        (
            "RATHAUS_ANTRAEGE_MEDIENTYPEN",
            "application/pdf,image/gif",
            "RATHAUS_ANTRAEGE_MEDIENTYPEN",
        ),
        ("RATHAUS_ANTRAEGE_MEDIENTYPEN", " , ", "RATHAUS_ANTRAEGE_MEDIENTYPEN"),
        ("RATHAUS_TESTDATEN_PFLICHT", "vielleicht", "RATHAUS_TESTDATEN_PFLICHT='vielleicht'"),
        ("RATHAUS_TASKS_BACKEND", "redis", "RATHAUS_TASKS_BACKEND='redis'"),
        ("STORAGE_BACKEND", "s4", "STORAGE_BACKEND='s4'"),
        ("RATHAUS_LOG_LEVEL", "LAUT", "RATHAUS_LOG_LEVEL='LAUT'"),
        ("RATHAUS_STAFF_LOGIN_FAILURES", "fünf", "RATHAUS_STAFF_LOGIN_FAILURES='fünf'"),
        ("RATHAUS_STAFF_LOGIN_FAILURES", "0", "RATHAUS_STAFF_LOGIN_FAILURES=0"),
        ("RATHAUS_STAFF_LOCKOUT_MINUTES", "15.5", "RATHAUS_STAFF_LOCKOUT_MINUTES='15.5'"),
        ("RATHAUS_STAFF_SESSION_HOURS", "zwölf", "RATHAUS_STAFF_SESSION_HOURS='zwölf'"),
        ("RATHAUS_STAFF_SESSION_HOURS", "0", "RATHAUS_STAFF_SESSION_HOURS='0'"),
        ("RATHAUS_STAFF_SESSION_HOURS", "nan", "RATHAUS_STAFF_SESSION_HOURS='nan'"),
        ("RATHAUS_STAFF_SESSION_HOURS", "inf", "RATHAUS_STAFF_SESSION_HOURS='inf'"),
        ("RATHAUS_STAFF_SESSION_IDLE_MINUTES", "-5", "RATHAUS_STAFF_SESSION_IDLE_MINUTES='-5'"),
        ("RATHAUS_ANTRAEGE_MAX_DATEI_BYTES", "10MB", "RATHAUS_ANTRAEGE_MAX_DATEI_BYTES='10MB'"),
        ("RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES", "0", "RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES=0"),
        ("RATHAUS_ANTRAEGE_MAX_DATEIEN", "viele", "RATHAUS_ANTRAEGE_MAX_DATEIEN='viele'"),
        (
            "RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN",
            "30s",
            "RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN",
        ),
        ("RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB", "0", "RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB=0"),
        ("RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN", "1m", "RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN"),
        ("RATHAUS_BEKANNTGABE_TAGE", "drei", "RATHAUS_BEKANNTGABE_TAGE='drei'"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(laden, name, wert, genannt):
    with pytest.raises(ImproperlyConfigured) as fehler:
        laden(**{name: wert})
    assert genannt in str(fehler.value)


def test_the_fixed_choices_are_those_of_the_code_that_uses_them():
    from rathaus.formulare.rechtsgrundlagen import _LAENDER
    from rathaus.standards.xdatenfelder.regel_sentences import _LAND_NAMES

    assert set(modul._laender) == set(_LAENDER) == set(_LAND_NAMES.values())
    assert modul._medientypen_pruefbar == antraege_conf.STANDARD_MEDIENTYPEN
