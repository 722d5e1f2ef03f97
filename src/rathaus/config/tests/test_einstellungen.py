"""The settings module: email settings from the environment, clear errors for bad values at
start, the development default that writes mails as files, and the README's settings table
in step with what the module reads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from rathaus.config import settings as modul

SETTINGS_PY = Path(modul.__file__)
README = Path(modul.BASE_DIR) / "README.md"


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
    return set(
        re.findall(r'\benv(?:_bool|_list|_int|_seconds)?\(\s*"([A-Z][A-Z0-9_]*)"', quelltext)
    )


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
