"""A production start is safe by default: without RATHAUS_DEBUG or an explicit
RATHAUS_DEV_IDP the development identity provider is off and a SECRET_KEY must be given;
`check --deploy` with exactly the README's production settings prints what the README says.

Each case imports the settings module in a fresh interpreter with its own environment."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from rathaus.config import settings as modul

README = Path(modul.BASE_DIR) / "README.md"
ZEIGEN = (
    "import json, rathaus.config.settings as s; print(json.dumps({"
    "'dev_idp': s.RATHAUS_DEV_IDP, 'debug': s.DEBUG, "
    "'entwicklungsschluessel': s.SECRET_KEY == s.DEVELOPMENT_SECRET_KEY}))"
)


def umgebung(tmp_path: Path, **werte: str) -> dict[str, str]:
    """The environment of this process without any setting of Rathaus or Django, plus
    `werte` (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this whole process, which
    `check --deploy` rightly reports)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RATHAUS_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
        and not k.startswith("STORAGE_")
    }
    return env | {"RATHAUS_DATA_DIR": str(tmp_path)} | werte


def _einstellungen(tmp_path: Path, **werte: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ZEIGEN],
        env=umgebung(tmp_path, **werte),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _gelesen(lauf: subprocess.CompletedProcess[str]) -> dict[str, bool]:
    assert lauf.returncode == 0, lauf.stderr
    return json.loads(lauf.stdout)


def test_without_a_secret_key_a_production_start_stops_naming_the_variable(tmp_path):
    lauf = _einstellungen(tmp_path)
    assert lauf.returncode != 0
    assert "ImproperlyConfigured: RATHAUS_SECRET_KEY" in lauf.stderr
    # an empty or blank value is no key either
    lauf = _einstellungen(tmp_path, RATHAUS_SECRET_KEY="  ")
    assert "ImproperlyConfigured: RATHAUS_SECRET_KEY" in lauf.stderr


def test_the_development_identity_provider_is_off_unless_asked_for(tmp_path):
    schluessel = secrets.token_urlsafe(50)
    assert _gelesen(_einstellungen(tmp_path, RATHAUS_SECRET_KEY=schluessel)) == {
        "dev_idp": False,
        "debug": False,
        "entwicklungsschluessel": False,
    }
    aus = _einstellungen(tmp_path, RATHAUS_SECRET_KEY=schluessel, RATHAUS_DEV_IDP="0")
    assert _gelesen(aus)["dev_idp"] is False


@pytest.mark.parametrize(
    ("werte", "dev_idp"),
    [
        ({"RATHAUS_DEV_IDP": "1"}, True),  # what `make run` and `make test` set
        ({"RATHAUS_DEBUG": "on"}, True),
        ({"RATHAUS_DEBUG": "on", "RATHAUS_DEV_IDP": "off"}, False),
    ],
)
def test_a_development_installation_may_use_the_public_development_key(tmp_path, werte, dev_idp):
    gelesen = _gelesen(_einstellungen(tmp_path, **werte))
    assert gelesen["dev_idp"] is dev_idp
    assert gelesen["entwicklungsschluessel"] is True


def test_a_real_issuer_switches_the_development_provider_off(tmp_path):
    lauf = _einstellungen(
        tmp_path,
        RATHAUS_DEV_IDP="1",
        RATHAUS_OIDC_ISSUER="https://id.example.de/realms/buerger",
        RATHAUS_SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert _gelesen(lauf)["dev_idp"] is False
    # ... and then the public key is not enough: nothing marks this a development start
    lauf = _einstellungen(
        tmp_path, RATHAUS_DEV_IDP="1", RATHAUS_OIDC_ISSUER="https://id.example.de/realms/buerger"
    )
    assert "ImproperlyConfigured: RATHAUS_SECRET_KEY" in lauf.stderr


# --- The README's production settings and what `check --deploy` says about them ---------


def _readme_abschnitt(titel: str) -> str:
    text = README.read_text()
    start = text.index(f"\n{titel}\n")
    ende = text.find("\n#", start + len(titel) + 2)
    return text[start : ende if ende != -1 else None]


def _produktionseinstellungen() -> dict[str, str]:
    """The variables of the README's /etc/rathaus/rathaus.env, placeholders filled in."""
    werte: dict[str, str] = {}
    for zeile in _readme_abschnitt("### Settings file").splitlines():
        treffer = re.fullmatch(r" {4}([A-Z][A-Z0-9_]*)=(.*)", zeile)
        if treffer:
            name, wert = treffer.groups()
            wert = wert.strip('"')
            # every <placeholder> gets a value of the kind an operator would put there (an
            # address in angle brackets, as in RATHAUS_EMAIL_FROM, is no placeholder)
            wert = re.sub(r"<[^>@]+>", lambda _m: secrets.token_urlsafe(50), wert)
            werte[name] = wert
    return werte


def _behauptete_meldungen() -> set[str]:
    """The check ids the README says `check --deploy` leaves with those settings."""
    abschnitt = _readme_abschnitt("### Migrate, collect static files, check")
    satz = abschnitt[abschnitt.index("With the settings above") :]
    return set(re.findall(r"`((?:[a-z_]+\.)+[A-Z]\d{3})`", satz.split("\n\n")[0]))


def test_the_readme_production_settings_name_the_real_identity_provider():
    werte = _produktionseinstellungen()
    assert werte["RATHAUS_OIDC_ISSUER"].startswith("https://")
    assert werte["RATHAUS_OIDC_CLIENT_SECRET"]
    assert werte["RATHAUS_SECRET_KEY"]
    assert "RATHAUS_DEV_IDP" not in werte and "RATHAUS_DEBUG" not in werte


def test_check_deploy_with_the_readme_production_settings_says_what_the_readme_says(tmp_path):
    werte = _produktionseinstellungen()
    assert {"DATABASE_URL", "REDIS_URL", "STORAGE_BACKEND"} <= set(werte)  # the parser works
    # The check runs against a fresh SQLite database instead of the README's PostgreSQL,
    # which a test cannot reach; every other value is the README's.
    werte["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    werte["RATHAUS_DATA_DIR"] = str(tmp_path)
    lauf = subprocess.run(
        [sys.executable, "-m", "rathaus.manage", "check", "--deploy"],
        env=umgebung(tmp_path, **werte),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    ausgabe = lauf.stdout + lauf.stderr
    gemeldet = set(re.findall(r"\(((?:[a-z_]+\.)+[A-Z]\d{3})\)", ausgabe))
    behauptet = _behauptete_meldungen()
    assert behauptet, "the README names the remaining warnings"
    assert gemeldet == behauptet, ausgabe
    assert lauf.returncode == 0, ausgabe  # warnings only, no error


def test_check_deploy_fails_behind_a_proxy_without_its_hops(tmp_path):
    """Behind nginx every request has REMOTE_ADDR 127.0.0.1: without the hops one guesser
    locks the login and the limits for everyone."""
    werte = _produktionseinstellungen()
    assert werte["RATHAUS_BEHIND_PROXY"] and werte["RATHAUS_TRUSTED_PROXY_HOPS"] == "1"
    werte |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "RATHAUS_DATA_DIR": str(tmp_path),
        "RATHAUS_TRUSTED_PROXY_HOPS": "0",
    }
    lauf = subprocess.run(
        [sys.executable, "-m", "rathaus.manage", "check", "--deploy"],
        env=umgebung(tmp_path, **werte),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert lauf.returncode != 0
    assert "(rathaus.E006)" in lauf.stderr + lauf.stdout
