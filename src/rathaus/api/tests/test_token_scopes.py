"""Scopes of personal staff tokens: verfahren:lesen (GET, HEAD, OPTIONS) and
verfahren:schreiben (every other method). The role × action table of
test_verfahren_api has the rows `token` (both) and `token_lesen` (the default)."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from rathaus.api import services as api_services
from rathaus.api.models import SCOPE_LESEN, SCOPE_SCHREIBEN, ApiToken
from rathaus.core.models import Protokoll
from rathaus.verfahren.models import Aufgabe

from .test_verfahren_api import API, Lage, stand, token_client, token_fuer

pytestmark = pytest.mark.django_db


def test_new_token_reads_only_and_says_so():
    lage = Lage()
    api_token, token = api_services.api_token_create(user=lage.team.sb1, actor="test")
    assert api_token.scopes == [SCOPE_LESEN]
    eintrag = Protokoll.objects.filter(aktion="api.token.create").latest("id")
    assert eintrag.details["scopes"] == [SCOPE_LESEN]
    c = token_client(token)
    assert c.get(f"{API}/aufgaben/{lage.aufgabe.pk}/").status_code == 200
    vorher = stand()
    antwort = c.post(f"{API}/aufgaben/{lage.aufgabe.pk}/claim/", format="json")
    assert antwort.status_code == 403
    assert antwort.json()["fehlender_scope"] == SCOPE_SCHREIBEN
    assert SCOPE_SCHREIBEN in antwort.json()["detail"]
    assert antwort["WWW-Authenticate"] == (
        'Bearer realm="rathaus", error="insufficient_scope", scope="verfahren:schreiben"'
    )
    assert stand() == vorher
    assert Aufgabe.objects.get(pk=lage.aufgabe.pk).bearbeiter_id is None


def test_write_token_writes():
    lage = Lage()
    c = token_client(token_fuer(lage.team.sb1, scopes=[SCOPE_SCHREIBEN]))
    antwort = c.post(f"{API}/aufgaben/{lage.aufgabe.pk}/claim/", format="json")
    assert antwort.status_code == 200, antwort.content
    assert Aufgabe.objects.get(pk=lage.aufgabe.pk).bearbeiter_id == lage.team.sb1.pk


def test_safe_methods_need_only_reading():
    lage = Lage()
    c = token_client(token_fuer(lage.team.sb1))
    assert c.head(f"{API}/verfahren/").status_code == 200
    assert c.options(f"{API}/aufgaben/{lage.aufgabe.pk}/claim/").status_code == 200


def test_a_method_the_view_lacks_stays_405_for_a_reading_token():
    lage = Lage()
    c = token_client(token_fuer(lage.team.sb1))
    assert c.put(f"{API}/verfahren/{lage.verfahren.pk}/", {}, format="json").status_code == 405
    assert c.delete(f"{API}/aufgaben/{lage.aufgabe.pk}/").status_code == 405


@pytest.mark.parametrize(
    ("anhang", "tarnung"),
    [
        ("", {"HTTP_X_HTTP_METHOD_OVERRIDE": "GET"}),
        ("", {"HTTP_X_HTTP_METHOD": "GET"}),
        ("?_method=GET", {}),
    ],
)
def test_a_reading_token_cannot_disguise_a_write(anhang, tarnung):
    lage = Lage()
    c = token_client(token_fuer(lage.team.sb1))
    vorher = stand()
    url = f"{API}/aufgaben/{lage.aufgabe.pk}/claim/{anhang}"
    antwort = c.post(url, format="json", **tarnung)
    assert antwort.status_code == 403
    assert stand() == vorher


def test_scopes_of_a_token_edited_in_the_database_count_at_once():
    lage = Lage()
    token = token_fuer(lage.team.sb1, scopes=[SCOPE_LESEN, SCOPE_SCHREIBEN])
    ApiToken.objects.filter(user=lage.team.sb1).update(scopes=[])
    c = token_client(token)
    assert c.get(f"{API}/verfahren/").json()["fehlender_scope"] == SCOPE_LESEN
    # Not a list (edited by hand): a text or an object that contains the name grants nothing.
    for kaputt in ("verfahren:lesen verfahren:schreiben", {SCOPE_LESEN: True}):
        ApiToken.objects.filter(user=lage.team.sb1).update(scopes=kaputt)
        assert c.get(f"{API}/verfahren/").status_code == 403


@pytest.mark.parametrize(
    ("scopes", "erwartet"),
    [
        (None, [SCOPE_LESEN]),
        ([SCOPE_LESEN], [SCOPE_LESEN]),
        ([SCOPE_SCHREIBEN], [SCOPE_LESEN, SCOPE_SCHREIBEN]),  # writing includes reading
        ([SCOPE_SCHREIBEN, SCOPE_LESEN, SCOPE_LESEN], [SCOPE_LESEN, SCOPE_SCHREIBEN]),
        (("verfahren:lesen",), [SCOPE_LESEN]),
    ],
)
def test_scopes_are_normalised(scopes, erwartet):
    lage = Lage()
    api_token, _ = api_services.api_token_create(user=lage.team.sb1, actor="t", scopes=scopes)
    assert api_token.scopes == erwartet


@pytest.mark.parametrize(
    "scopes",
    [
        [],
        ["schreiben"],
        ["antraege:einreichen"],
        ["VERFAHREN:LESEN"],
        ["verfahren:*"],
        "verfahren:lesen",
        [1],
        [None],
        ["x" * 10_000],
    ],
)
def test_bad_scopes_are_refused_and_create_nothing(scopes):
    lage = Lage()
    vorher = (ApiToken.objects.count(), Protokoll.objects.count())
    with pytest.raises(ValidationError) as fehler:
        api_services.api_token_create(user=lage.team.sb1, actor="t", scopes=scopes)
    assert "scopes" in fehler.value.message_dict
    assert len(" ".join(fehler.value.message_dict["scopes"])) < 300
    assert (ApiToken.objects.count(), Protokoll.objects.count()) == vorher


def test_command_grants_writing_only_when_asked():
    lage = Lage()
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create", lage.team.sb1.username, "--name", "Lesen", stdout=out, stderr=err
    )
    lesen = out.getvalue().strip()
    assert SCOPE_LESEN in err.getvalue() and SCOPE_SCHREIBEN not in err.getvalue()
    out = io.StringIO()
    call_command(
        "api_token_create", lage.team.sb1.username, "--name", "Schreiben",
        "--scope", SCOPE_LESEN, "--scope", SCOPE_SCHREIBEN, stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    schreiben = out.getvalue().strip()
    claim = f"{API}/aufgaben/{lage.aufgabe.pk}/claim/"
    assert token_client(lesen).post(claim, format="json").status_code == 403
    assert token_client(schreiben).post(claim, format="json").status_code == 200
    liste = io.StringIO()
    call_command("api_token_list", lage.team.sb1.username, stdout=liste)
    zeilen = {z.split("\t")[3]: z.split("\t")[5] for z in liste.getvalue().splitlines()}
    assert zeilen == {"Lesen": SCOPE_LESEN, "Schreiben": f"{SCOPE_LESEN},{SCOPE_SCHREIBEN}"}


def test_command_refuses_an_unknown_scope_and_creates_nothing():
    lage = Lage()
    vorher = ApiToken.objects.count()
    with pytest.raises(CommandError, match="schreiben"):
        call_command(
            "api_token_create", lage.team.sb1.username, "--scope", "schreiben",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert ApiToken.objects.count() == vorher


def test_migration_keeps_what_existing_tokens_could_do():
    lage = Lage()
    ApiToken.objects.update(scopes=[SCOPE_LESEN])  # as the added column left them
    migration = importlib.import_module("rathaus.api.migrations.0002_token_scopes")
    migration.bisherige_rechte(apps, None)
    assert list(ApiToken.objects.values_list("scopes", flat=True)) == [
        [SCOPE_LESEN, SCOPE_SCHREIBEN]
    ]
    claim = f"{API}/aufgaben/{lage.aufgabe.pk}/claim/"
    assert token_client(lage.token).post(claim, format="json").status_code == 200


def test_schema_names_the_scope_of_every_staff_operation():
    import yaml

    antwort = APIClient().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    schema = yaml.safe_load(antwort.content)
    gesehen = set()
    for pfad, operationen in schema["paths"].items():
        for methode, operation in operationen.items():
            if {"mitarbeiterToken": []} not in operation.get("security", []):
                assert "x-token-scope" not in operation, pfad
                continue
            erwartet = SCOPE_LESEN if methode in {"get", "head", "options"} else SCOPE_SCHREIBEN
            assert operation["x-token-scope"] == erwartet, (pfad, methode)
            gesehen.add(methode)
    assert gesehen == {"get", "post"}
    beschreibung = schema["components"]["securitySchemes"]["mitarbeiterToken"]["description"]
    assert SCOPE_LESEN in beschreibung and SCOPE_SCHREIBEN in beschreibung
