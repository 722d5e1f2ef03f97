"""/api/v1/verfahren/ and /api/v1/aufgaben/: staff only, the workspace's permissions,
refused requests change nothing, hostile input is a 400 (never a 500)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from rathaus.api import services as api_services
from rathaus.api.auth_mitarbeiter import TokenFehlversuchThrottle
from rathaus.api.models import SCOPE_LESEN, SCOPE_SCHREIBEN, ApiToken
from rathaus.api.selectors import token_hash
from rathaus.arbeitsplatz import sitzung
from rathaus.core.models import Protokoll
from rathaus.organisation.models import Mitgliedschaft, Rolle
from rathaus.verfahren import services
from rathaus.verfahren.models import Aufgabe, Frist, Mitzeichnung, Notiz, Verfahren
from rathaus.verfahren.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


# --- clients -------------------------------------------------------------------------------


def sitzung_client(user: User, *, verifiziert: bool = True, csrf: bool = False) -> APIClient:
    """The workspace session of `user` (password and, if `verifiziert`, TOTP confirmed)."""
    client = APIClient(enforce_csrf_checks=csrf, HTTP_ACCEPT="application/json")
    client.force_login(user)
    session = client.session
    if verifiziert:
        geraet = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = geraet.persistent_id
    sitzung.sitzung_beginnen(session)
    session.save()
    return client


def token_client(token: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT="application/json")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def token_fuer(user: User, **kwargs: Any) -> str:
    return api_services.api_token_create(user=user, actor="test", **kwargs)[1]


class Lage:
    """A unit with two clerks and two heads, an integration account of the unit with a
    token that may read and write, a clerk of another unit, a citizen and a Verfahren
    waiting for its Vollständigkeitsprüfung."""

    def __init__(self) -> None:
        self.team = f.Team()
        self.leistung = f.leistung()
        self.buerger = f.buerger()
        self.verfahren = f.verfahren(self.team.oe, self.leistung, buerger=self.buerger)
        self.aufgabe = f.offen(self.verfahren)
        self.integration = f.user("integration", (self.team.oe, Rolle.SACHBEARBEITUNG))
        self.token = token_fuer(
            self.integration, name="Fachverfahren", scopes=[SCOPE_LESEN, SCOPE_SCHREIBEN]
        )
        self.fremd = f.user("fremd", (f.organisationseinheit("Bauamt"), Rolle.SACHBEARBEITUNG))

    def person(self, rolle: str) -> User | None:
        return {
            "sachbearbeitung": self.team.sb1,
            "leitung": self.team.leitung1,
            "token": self.integration,
            "token_lesen": self.integration,
            "andere_oe": self.fremd,
            "ohne_2fa": self.team.sb1,
            "buerger": self.buerger.user,
            "anonym": None,
        }[rolle]

    def client(self, rolle: str) -> APIClient:
        if rolle == "token":
            return token_client(self.token)
        if rolle == "token_lesen":  # the default: read only
            return token_client(token_fuer(self.integration, name="Statistik"))
        if rolle == "anonym":
            return APIClient(HTTP_ACCEPT="application/json")
        person = self.person(rolle)
        assert person is not None
        if rolle == "buerger":
            client = APIClient(HTTP_ACCEPT="application/json")
            client.force_login(person)
            return client
        return sitzung_client(person, verifiziert=rolle != "ohne_2fa")


def stand() -> tuple:
    """Everything an action could change, the Protokoll included."""
    return (
        list(Verfahren.objects.order_by("pk").values()),
        list(Aufgabe.objects.order_by("pk").values()),
        list(Frist.objects.order_by("pk").values()),
        list(Notiz.objects.order_by("pk").values()),
        list(Mitzeichnung.objects.order_by("pk").values()),
        Protokoll.objects.count(),
    )


def morgen() -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


# --- role × action -------------------------------------------------------------------------

Anfrage = Callable[[Lage, APIClient], Any]

AKTIONEN: dict[str, Anfrage] = {
    "verfahren_list": lambda x, c: c.get(f"{API}/verfahren/"),
    "verfahren_detail": lambda x, c: c.get(f"{API}/verfahren/{x.verfahren.pk}/"),
    "timeline": lambda x, c: c.get(f"{API}/verfahren/{x.verfahren.pk}/timeline/"),
    "notiz": lambda x, c: c.post(
        f"{API}/verfahren/{x.verfahren.pk}/notizen/", {"text": "Rückruf"}, format="json"
    ),
    "wiedervorlage": lambda x, c: c.post(
        f"{API}/verfahren/{x.verfahren.pk}/wiedervorlagen/",
        {"datum": morgen(), "grund": "Unterlagen"},
        format="json",
    ),
    "aufgaben_list": lambda x, c: c.get(f"{API}/aufgaben/"),
    "aufgabe_detail": lambda x, c: c.get(f"{API}/aufgaben/{x.aufgabe.pk}/"),
    "claim": lambda x, c: c.post(f"{API}/aufgaben/{x.aufgabe.pk}/claim/", format="json"),
    "release": lambda x, c: c.post(f"{API}/aufgaben/{x.aufgabe.pk}/release/", format="json"),
    "assign": lambda x, c: c.post(
        f"{API}/aufgaben/{x.aufgabe.pk}/assign/", {"bearbeiter": x.team.sb2.pk}, format="json"
    ),
    "complete": lambda x, c: c.post(
        f"{API}/aufgaben/{x.aufgabe.pk}/complete/",
        {"ergebnis": {"vollstaendigkeit": "vollstaendig"}},
        format="json",
    ),
}

# fmt: off
TABELLE = {
    #                   vlist vdet tline notiz wiedv alist adet claim relea assig compl
    "sachbearbeitung":  (200, 200, 200, 201, 201, 200, 200, 200, 200, 403, 200),
    "leitung":          (200, 200, 200, 201, 201, 200, 200, 200, 200, 200, 200),
    "token":            (200, 200, 200, 201, 201, 200, 200, 200, 200, 403, 200),
    "token_lesen":      (200, 200, 200, 403, 403, 200, 200, 403, 403, 403, 403),
    "andere_oe":        (200, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "ohne_2fa":         (403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "buerger":          (403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "anonym":           (401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
}
# fmt: on
FAELLE = [
    (rolle, aktion, erwartet)
    for rolle, zeile in TABELLE.items()
    for aktion, erwartet in zip(AKTIONEN, zeile, strict=True)
]
LESEN_MIT_PROTOKOLL = {
    "verfahren_detail": "verfahren.api.read",
    "timeline": "verfahren.api.timeline",
}


@pytest.mark.parametrize(("rolle", "aktion", "erwartet"), FAELLE)
def test_rolle_mal_aktion(rolle: str, aktion: str, erwartet: int):
    lage = Lage()
    if aktion == "release":
        # Held by the acting person where they may hold it, else by a colleague.
        person = lage.person(rolle)
        inhaber = person if erwartet == 200 else lage.team.sb2
        services.aufgabe_claim(aufgabe=lage.aufgabe, actor=inhaber)
    client = lage.client(rolle)
    vorher = stand()
    response = AKTIONEN[aktion](lage, client)
    assert response.status_code == erwartet, response.content
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    if erwartet >= 400:
        assert isinstance(response.json()["detail"], str)
        assert stand() == vorher  # refused: nothing changed, no Protokoll written
        if rolle == "token_lesen":
            assert response.json()["fehlender_scope"] == SCOPE_SCHREIBEN
        if erwartet == 401:
            assert response["WWW-Authenticate"] == 'Bearer realm="rathaus"'
    elif aktion in LESEN_MIT_PROTOKOLL:
        assert stand()[:-1] == vorher[:-1]
        eintrag = Protokoll.objects.order_by("-id").first()
        assert eintrag.aktion == LESEN_MIT_PROTOKOLL[aktion]
        assert eintrag.akteur_id == lage.person(rolle).pk
        assert eintrag.objekt_id == str(lage.verfahren.pk)
        assert eintrag.details["zugang"] == ("token" if rolle.startswith("token") else "sitzung")
    elif response.request["REQUEST_METHOD"] == "GET":
        assert stand() == vorher
    else:
        assert stand() != vorher


def test_lists_show_only_the_users_units():
    lage = Lage()
    anderer = f.verfahren(f.organisationseinheit(), lage.leistung)
    body = sitzung_client(lage.team.sb1).get(f"{API}/verfahren/").json()
    assert [v["id"] for v in body["results"]] == [lage.verfahren.pk]
    assert body["count"] == 1 and body["next"] is None
    assert body["results"][0]["url"].endswith(f"/api/v1/verfahren/{lage.verfahren.pk}/")
    fremd = sitzung_client(lage.fremd)
    assert fremd.get(f"{API}/verfahren/").json()["count"] == 0
    assert fremd.get(f"{API}/aufgaben/").json()["count"] == 0
    assert fremd.get(f"{API}/verfahren/{anderer.pk}/").status_code == 404
    inbox = sitzung_client(lage.team.sb1).get(f"{API}/aufgaben/").json()
    assert [a["id"] for a in inbox["results"]] == [lage.aufgabe.pk]
    assert inbox["results"][0]["verfahren_id"] == lage.verfahren.pk
    assert inbox["results"][0]["aktenzeichen"] == lage.verfahren.aktenzeichen
    assert inbox["results"][0]["bearbeiter"] is None
    services.aufgabe_claim(aufgabe=lage.aufgabe, actor=lage.team.sb1)
    inbox = sitzung_client(lage.team.sb1).get(f"{API}/aufgaben/").json()
    assert inbox["results"][0]["bearbeiter"] == lage.team.sb1.username
    assert inbox["results"][0]["bearbeiter_id"] == lage.team.sb1.pk
    assert (inbox["seite"], inbox["seiten"], inbox["next"], inbox["previous"]) == (1, 1, None, None)


def test_verfahren_filters():
    lage = Lage()
    zweiter = f.verfahren(lage.team.oe, aktenzeichen="XYZ-2026-000001")
    c = sitzung_client(lage.team.sb1)

    def ids(**query: Any) -> list[int]:
        response = c.get(f"{API}/verfahren/", query)
        assert response.status_code == 200, response.content
        return [v["id"] for v in response.json()["results"]]

    assert set(ids()) == {lage.verfahren.pk, zweiter.pk}
    assert ids(aktenzeichen="XYZ-") == [zweiter.pk]
    assert ids(leistung=lage.leistung.pk) == [lage.verfahren.pk]
    assert ids(status="abgeschlossen") == []
    assert set(ids(status="in_bearbeitung", organisationseinheit=lage.team.oe.pk)) == {
        lage.verfahren.pk,
        zweiter.pk,
    }
    assert ids(organisationseinheit=lage.fremd.mitgliedschaften.get().organisationseinheit_id) == []
    assert ids(limit=1, offset=1) and len(ids(limit=1)) == 1


def test_inbox_filters_sort_and_pages():
    lage = Lage()
    weitere = [f.verfahren(lage.team.oe, lage.leistung) for _ in range(2)]
    services.aufgabe_claim(aufgabe=f.offen(weitere[0]), actor=lage.team.sb1)
    c = sitzung_client(lage.team.sb1)

    def ids(**query: Any) -> list[int]:
        response = c.get(f"{API}/aufgaben/", query)
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["results"]]

    alle = ids(sort="alter")
    assert len(alle) == 3
    assert ids(sort="neueste") == list(reversed(alle))
    assert ids(nur_meine="true") == [f.offen(weitere[0]).pk]
    assert len(ids(nur_unzugewiesen="1")) == 2
    assert ids(aktenzeichen=weitere[1].aktenzeichen) == [f.offen(weitere[1]).pk]
    assert ids(rolle="leitung") == []
    assert ids(ueberfaellig="true") == []
    assert len(ids(verfahren_status="in_bearbeitung", organisationseinheit=lage.team.oe.pk)) == 3
    seite = c.get(f"{API}/aufgaben/", {"page_size": 2, "sort": "alter"}).json()
    assert (seite["count"], seite["seiten"], seite["previous"]) == (3, 2, None)
    weiter = c.get(seite["next"]).json()
    assert [a["id"] for a in weiter["results"]] == alle[2:]
    assert weiter["next"] is None and "page=" not in weiter["previous"]


def test_detail_shows_tasks_deadlines_and_applicant_and_is_audited():
    lage = Lage()
    c = sitzung_client(lage.team.sb1)
    body = c.get(f"{API}/verfahren/{lage.verfahren.pk}/").json()
    assert body["aktenzeichen"] == lage.verfahren.aktenzeichen
    assert body["antrag_id"] == lage.verfahren.antrag_id
    assert body["antragsteller"] == {"vorname": "Erika", "nachname": "Musterfrau"}
    assert [a["id"] for a in body["aufgaben"]] == [lage.aufgabe.pk]
    assert body["aufgaben"][0]["bearbeiter"] is None
    assert body["mitzeichnungen"] == [] and isinstance(body["fristen"], list)
    assert body["leistung"] == {"id": lage.leistung.pk, "name": lage.leistung.name}
    eintrag = Protokoll.objects.filter(aktion="verfahren.api.read").get()
    assert eintrag.details == {"aktenzeichen": lage.verfahren.aktenzeichen, "zugang": "sitzung"}
    token_client(lage.token).get(f"{API}/verfahren/{lage.verfahren.pk}/")
    ueber_token = Protokoll.objects.filter(aktion="verfahren.api.read").order_by("-id").first()
    assert ueber_token.details["zugang"] == "token"
    assert ueber_token.details["token"] == ApiToken.objects.get().pk


def test_aufgabe_detail_names_the_result_fields():
    lage = Lage()
    body = sitzung_client(lage.team.sb1).get(f"{API}/aufgaben/{lage.aufgabe.pk}/").json()
    assert body["art"] == "vollstaendigkeitspruefung" and body["status"] == "offen"
    assert body["verfahren"]["id"] == lage.verfahren.pk
    felder = {feld["name"]: feld for feld in body["ergebnisfelder"]}
    assert felder["vollstaendigkeit"]["werte"] == ["vollstaendig", "unvollstaendig"]
    assert felder["vollstaendigkeit"]["pflicht"] is True
    assert felder["nachforderung"]["pflicht_wenn"] == {
        "feld": "vollstaendigkeit",
        "wert": "unvollstaendig",
    }
    assert (felder["frist_tage"]["minimum"], felder["frist_tage"]["maximum"]) == (1, 90)


def test_timeline_has_notes_in_order():
    lage = Lage()
    c = sitzung_client(lage.team.sb1)
    assert (
        c.post(
            f"{API}/verfahren/{lage.verfahren.pk}/notizen/", {"text": "  Rückruf  "}, format="json"
        ).json()["text"]
        == "Rückruf"
    )
    eintraege = c.get(f"{API}/verfahren/{lage.verfahren.pk}/timeline/").json()
    assert [e["text"] for e in eintraege if e["art"] == "notiz"] == ["Rückruf"]
    zeiten = [e["zeitpunkt"] for e in eintraege]
    assert zeiten == sorted(zeiten)


def test_claim_conflict_is_409_and_changes_nothing():
    lage = Lage()
    url = f"{API}/aufgaben/{lage.aufgabe.pk}/claim/"
    erster = sitzung_client(lage.team.sb1).post(url, format="json")
    assert erster.status_code == 200
    assert erster.json()["bearbeiter"]["id"] == lage.team.sb1.pk
    vorher = stand()
    zweiter = token_client(lage.token).post(url, format="json")
    assert zweiter.status_code == 409
    assert lage.team.sb1.get_username() in zweiter.json()["detail"]
    assert stand() == vorher
    # The holder claiming again changes nothing either.
    assert sitzung_client(lage.team.sb1).post(url, format="json").status_code == 200
    assert stand() == vorher


def test_complete_advances_the_process():
    lage = Lage()
    c = token_client(lage.token)
    response = c.post(
        f"{API}/aufgaben/{lage.aufgabe.pk}/complete/",
        {"ergebnis": {"vollstaendigkeit": "vollstaendig", "vermerk": "alles da"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["aufgabe"]["status"] == "erledigt"
    assert body["aufgabe"]["erledigt_von"]["id"] == lage.integration.pk
    assert body["aufgabe"]["ergebnisfelder"] == []
    (neu,) = body["offene_aufgaben"]
    assert neu["art"] == "entscheidung" and neu["id"] != lage.aufgabe.pk
    assert f.offen(lage.verfahren).pk == neu["id"]
    assert body["verfahren"]["id"] == lage.verfahren.pk
    # Completing it again: the process has moved on → 409, nothing changes.
    vorher = stand()
    nochmal = c.post(
        f"{API}/aufgaben/{lage.aufgabe.pk}/complete/",
        {"ergebnis": {"vollstaendigkeit": "vollstaendig"}},
        format="json",
    )
    assert nochmal.status_code == 409
    assert stand() == vorher


def test_release_and_assign_rules():
    lage = Lage()
    aufgabe_url = f"{API}/aufgaben/{lage.aufgabe.pk}"
    services.aufgabe_claim(aufgabe=lage.aufgabe, actor=lage.team.sb2)
    vorher = stand()
    response = sitzung_client(lage.team.sb1).post(f"{aufgabe_url}/release/", format="json")
    assert response.status_code == 403
    assert "zurückgeben" in response.json()["detail"]
    assert stand() == vorher
    leitung = sitzung_client(lage.team.leitung1)
    # A person of another unit cannot be assigned: 400 naming the field, nothing changes.
    response = leitung.post(f"{aufgabe_url}/assign/", {"bearbeiter": lage.fremd.pk}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["bearbeiter"]
    assert stand() == vorher
    response = leitung.post(f"{aufgabe_url}/assign/", {"bearbeiter": 10**15}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["bearbeiter"]
    response = leitung.post(f"{aufgabe_url}/assign/", {"bearbeiter": None}, format="json")
    assert response.status_code == 200
    assert response.json()["bearbeiter"] is None
    response = leitung.post(
        f"{aufgabe_url}/assign/", {"bearbeiter": lage.team.sb1.pk}, format="json"
    )
    assert response.json()["bearbeiter"]["id"] == lage.team.sb1.pk
    assert Aufgabe.objects.get(pk=lage.aufgabe.pk).bearbeiter_id == lage.team.sb1.pk


def test_wiedervorlage_in_the_past_is_400_naming_datum():
    lage = Lage()
    vorher = stand()
    response = sitzung_client(lage.team.sb1).post(
        f"{API}/verfahren/{lage.verfahren.pk}/wiedervorlagen/",
        {"datum": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["datum"]
    assert stand() == vorher
    response = sitzung_client(lage.team.sb1).post(
        f"{API}/verfahren/{lage.verfahren.pk}/wiedervorlagen/",
        {"datum": morgen(), "grund": "Gutachten"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["art"] == "wiedervorlage"
    assert response.json()["bezeichnung"] == "Gutachten"


# --- session: second factor and CSRF ---------------------------------------------------------


def test_session_needs_the_second_factor():
    lage = Lage()
    response = lage.client("ohne_2fa").get(f"{API}/aufgaben/")
    assert response.status_code == 403
    assert "zweiten Faktor" in response.json()["detail"]


def test_session_writes_need_the_csrf_token():
    lage = Lage()
    client = sitzung_client(lage.team.sb1, csrf=True)
    url = f"{API}/aufgaben/{lage.aufgabe.pk}/claim/"
    vorher = stand()
    response = client.post(url, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert stand() == vorher
    assert client.get(f"{API}/aufgaben/").status_code == 200  # reads need none
    client.cookies["csrftoken"] = "a" * 32  # what the workspace's pages set
    assert client.post(url, format="json", HTTP_X_CSRFTOKEN="b" * 32).status_code == 403
    assert stand() == vorher
    response = client.post(url, format="json", HTTP_X_CSRFTOKEN="a" * 32)
    assert response.status_code == 200, response.content


# --- tokens ----------------------------------------------------------------------------------


def test_only_the_hash_is_stored_and_the_token_works():
    lage = Lage()
    gespeichert = ApiToken.objects.get()
    assert gespeichert.token_sha256 == token_hash(lage.token)
    assert lage.token not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token_client(lage.token).get(f"{API}/aufgaben/").status_code == 200
    gespeichert.refresh_from_db()
    assert gespeichert.zuletzt_benutzt_am is not None
    assert Protokoll.objects.filter(aktion="api.token.create").count() == 1


@pytest.mark.parametrize(
    "kaputt",
    [
        lambda t: t + "x",
        lambda t: t[:-1],
        lambda t: "rhm_" + "A" * 43,
        lambda t: "rh_" + t[4:],
        lambda t: "x" * 5000,
        lambda t: "",
    ],
)
def test_wrong_tokens_are_401(kaputt):
    lage = Lage()
    client = token_client(kaputt(lage.token))
    vorher = stand()
    response = client.post(f"{API}/aufgaben/{lage.aufgabe.pk}/claim/", format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="rathaus"'
    assert "Token" in response.json()["detail"]
    assert stand() == vorher


@pytest.mark.parametrize("header", ["Token abc", "Basic dXNlcjpwdw==", "Bearer", "bearer rhm_x"])
def test_malformed_authorization_is_401(header):
    lage = Lage()
    client = APIClient(HTTP_AUTHORIZATION=header)
    assert client.get(f"{API}/verfahren/{lage.verfahren.pk}/").status_code == 401
    assert not Protokoll.objects.filter(aktion="verfahren.api.read").exists()


def test_other_schemes_leave_the_session_alone():
    # e.g. HTTP Basic of a proxy in front of a test system, sent by the browser
    lage = Lage()
    client = sitzung_client(lage.team.sb1)
    client.credentials(HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")
    assert client.get(f"{API}/aufgaben/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"bearer {lage.token}")  # schemes ignore case
    assert client.get(f"{API}/aufgaben/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Bearer rhm_falsch")  # a wrong token is wrong
    assert client.get(f"{API}/aufgaben/").status_code == 401


def test_expired_and_revoked_tokens_are_refused():
    lage = Lage()
    ApiToken.objects.update(gueltig_bis=timezone.now() - timedelta(seconds=1))
    assert token_client(lage.token).get(f"{API}/aufgaben/").status_code == 401
    ApiToken.objects.update(gueltig_bis=timezone.now() + timedelta(days=1))
    assert token_client(lage.token).get(f"{API}/aufgaben/").status_code == 200
    api_services.api_token_revoke(api_token=ApiToken.objects.get(), actor="test")
    assert token_client(lage.token).get(f"{API}/aufgaben/").status_code == 401
    assert Protokoll.objects.filter(aktion="api.token.revoke").count() == 1


def test_token_follows_the_account():
    lage = Lage()
    client = token_client(lage.token)
    Mitgliedschaft.objects.filter(user=lage.integration).delete()
    response = client.get(f"{API}/aufgaben/")
    assert response.status_code == 403  # no longer staff
    User.objects.filter(pk=lage.integration.pk).update(is_active=False)
    assert client.get(f"{API}/aufgaben/").status_code == 401


def test_token_failures_are_throttled(monkeypatch):
    lage = Lage()
    monkeypatch.setattr(TokenFehlversuchThrottle, "STANDARD_RATE", "3/minute")
    falsch = token_client("rhm_falsch")
    assert [falsch.get(f"{API}/aufgaben/").status_code for _ in range(3)] == [401] * 3
    response = falsch.get(f"{API}/aufgaben/")
    assert response.status_code == 429
    assert "Retry-After" in response
    # Even the right token is refused from that address until the window has passed.
    assert token_client(lage.token).get(f"{API}/aufgaben/").status_code == 429
    # Sessions are not affected.
    assert sitzung_client(lage.team.sb1).get(f"{API}/aufgaben/").status_code == 200


def test_tokens_only_for_staff_and_for_a_limited_time():
    lage = Lage()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_fuer(lage.buerger.user)
    with pytest.raises(ValidationError):
        token_fuer(lage.team.sb1, tage=0)
    with pytest.raises(ValidationError):
        token_fuer(lage.team.sb1, tage=366)
    api_token, _token = api_services.api_token_create(user=lage.team.sb1, actor="test", tage=3)
    assert timedelta(days=2) < api_token.gueltig_bis - timezone.now() <= timedelta(days=3)


def test_management_commands_create_list_and_revoke():
    lage = Lage()
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create", lage.team.sb1.username, "--name", "Statistik", "--days", "30",
        stdout=out, stderr=err,
    )  # fmt: skip
    token = out.getvalue().strip()
    assert token.startswith("rhm_") and "Statistik" in err.getvalue()
    api_token = ApiToken.objects.get(name="Statistik")
    assert api_token.token_sha256 == token_hash(token)
    assert token_client(token).get(f"{API}/aufgaben/").status_code == 200
    liste = io.StringIO()
    call_command("api_token_list", lage.team.sb1.username, stdout=liste)
    assert api_token.token_praefix in liste.getvalue() and token not in liste.getvalue()
    call_command("api_token_revoke", str(api_token.pk), stdout=io.StringIO())
    assert token_client(token).get(f"{API}/aufgaben/").status_code == 401
    call_command("api_token_revoke", "--user", "integration", stdout=io.StringIO())
    assert token_client(lage.token).get(f"{API}/aufgaben/").status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token_create", "niemand", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command(
            "api_token_create", lage.buerger.user.username,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    with pytest.raises(CommandError):
        call_command("api_token_revoke", "424242", stdout=io.StringIO())


# --- hostile input ---------------------------------------------------------------------------

ROH = [
    # (path suffix, content type, body, status)
    ("notizen/", "application/json", b"kein json", 400),
    ("notizen/", "application/json", b'{"text": "a"', 400),
    ("notizen/", "application/json", b"[1, 2]", 400),
    ("notizen/", "application/json", b'"text"', 400),
    ("notizen/", "application/json", b"null", 400),
    ("notizen/", "application/json", b"[" * 100_000 + b"]" * 100_000, 400),
    ("notizen/", "application/json", b'{"text": "\xff\xfe"}', 400),
    ("notizen/", "application/json", b'{"text": "' + b"a" * 1_100_000 + b'"}', 400),
    ("notizen/", "application/x-www-form-urlencoded", b"text=a", 415),
    ("notizen/", "text/plain", b"a", 415),
]


@pytest.mark.parametrize(("pfad", "typ", "body", "status"), ROH)
def test_raw_bodies_get_a_clear_answer(pfad, typ, body, status):
    lage = Lage()
    vorher = stand()
    response = token_client(lage.token).generic(
        "POST", f"{API}/verfahren/{lage.verfahren.pk}/{pfad}", body, content_type=typ
    )
    assert response.status_code == status, response.content
    assert isinstance(response.json()["detail"], str)
    assert stand() == vorher


FELDER = [
    ("notizen/", {"text": ""}, "text"),
    ("notizen/", {"text": "   "}, "text"),
    ("notizen/", {"text": "x" * 10_001}, "text"),
    ("notizen/", {"text": "a\x00b"}, "text"),
    ("notizen/", {"text": {"a": 1}}, "text"),
    ("notizen/", {"text": ["a"]}, "text"),
    ("notizen/", {}, "text"),
    ("notizen/", {"text": "ok", "verfasser": 1}, "verfasser"),
    ("wiedervorlagen/", {"datum": "morgen"}, "datum"),
    ("wiedervorlagen/", {"datum": "2026-02-30"}, "datum"),
    ("wiedervorlagen/", {"datum": "99999-01-01"}, "datum"),
    ("wiedervorlagen/", {"datum": 20260101}, "datum"),
    ("wiedervorlagen/", {"datum": "2099-01-01", "grund": "x" * 301}, "grund"),
    ("wiedervorlagen/", {"datum": "2099-01-01", "grund": "x" * 50_000}, "grund"),
    ("wiedervorlagen/", {"datum": "2099-01-01", "x" * 5000: 1}, "x" * 100),
]


@pytest.mark.parametrize(("pfad", "body", "feld"), FELDER)
def test_bad_fields_are_named(pfad, body, feld):
    lage = Lage()
    vorher = stand()
    response = sitzung_client(lage.team.sb1).post(
        f"{API}/verfahren/{lage.verfahren.pk}/{pfad}", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert feld in response.json()
    assert stand() == vorher


AUFGABE_FELDER = [
    ("claim/", {"bearbeiter": 1}, ["bearbeiter"]),
    ("assign/", {}, ["bearbeiter"]),
    ("assign/", {"bearbeiter": "abc"}, ["bearbeiter"]),
    ("assign/", {"bearbeiter": True}, ["bearbeiter"]),
    ("assign/", {"bearbeiter": 1.5}, ["bearbeiter"]),
    ("assign/", {"bearbeiter": 10**30}, ["bearbeiter"]),
    ("assign/", {"bearbeiter": -1}, ["bearbeiter"]),
    ("assign/", {"bearbeiter": "9" * 5000}, ["bearbeiter"]),
    ("complete/", {}, ["ergebnis"]),
    ("complete/", {"ergebnis": None}, ["ergebnis"]),
    ("complete/", {"ergebnis": "vollstaendig"}, ["ergebnis"]),
    ("complete/", {"ergebnis": ["vollstaendig"]}, ["ergebnis"]),
    ("complete/", {"ergebnis": 42}, ["ergebnis"]),
    ("complete/", {"ergebnis": {}}, ["ergebnis"]),
    ("complete/", {"ergebnis": {"vollstaendigkeit": "vielleicht"}}, ["ergebnis"]),
    ("complete/", {"ergebnis": {"vollstaendigkeit": 1}}, ["ergebnis"]),
    ("complete/", {"ergebnis": {"vollstaendigkeit": {"a": "b"}}}, ["ergebnis"]),
    ("complete/", {"ergebnis": {"vollstaendigkeit": "vollstaendig", "boese": 1}}, ["ergebnis"]),
    (
        "complete/",
        {"ergebnis": {"vollstaendigkeit": "vollstaendig", "vermerk": "x" * 10_001}},
        ["ergebnis"],
    ),
    (
        "complete/",
        {
            "ergebnis": {
                "vollstaendigkeit": "unvollstaendig",
                "nachforderung": "P",
                "frist_tage": 10**40,
            }
        },
        ["ergebnis"],
    ),
    ("complete/", {"ergebnis": {"x" * 1000: 1}}, ["ergebnis"]),
    ("complete/", {"ergebnis": {str(i): i for i in range(60)}}, ["ergebnis"]),
    ("complete/", {"ergebnis": {"vollstaendigkeit": "vollstaendig"}, "extra": 1}, ["extra"]),
]


@pytest.mark.parametrize(("pfad", "body", "felder"), AUFGABE_FELDER)
def test_bad_task_input_is_named(pfad, body, felder):
    lage = Lage()
    vorher = stand()
    response = sitzung_client(lage.team.leitung1).post(
        f"{API}/aufgaben/{lage.aufgabe.pk}/{pfad}", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert sorted(response.json()) == felder
    assert stand() == vorher


def test_result_errors_are_nested_under_ergebnis():
    lage = Lage()
    response = sitzung_client(lage.team.sb1).post(
        f"{API}/aufgaben/{lage.aufgabe.pk}/complete/",
        {"ergebnis": {"vollstaendigkeit": "unvollstaendig", "frist_tage": "viele"}},
        format="json",
    )
    assert response.status_code == 400
    fehler = response.json()["ergebnis"]
    assert set(fehler) == {"nachforderung", "frist_tage"}
    assert all(isinstance(m, str) for meldungen in fehler.values() for m in meldungen)
    response = sitzung_client(lage.team.sb1).post(
        f"{API}/aufgaben/{lage.aufgabe.pk}/complete/",
        {"ergebnis": {"unbekannt": "x"}},
        format="json",
    )
    assert response.json() == {"ergebnis": {"unbekannt": ["Unbekanntes Feld für diese Aufgabe."]}}


@pytest.mark.parametrize(
    "zahl", [b"1e999", b"-1e999", b"NaN", b"Infinity", b"1" + b"0" * 5000, b"1.5e308"]
)
def test_numbers_that_overflow_are_400(zahl):
    lage = Lage()
    vorher = stand()
    body = b'{"ergebnis": {"vollstaendigkeit": "unvollstaendig", "nachforderung": "Pass", '
    body += b'"frist_tage": ' + zahl + b"}}"
    response = token_client(lage.token).generic(
        "POST",
        f"{API}/aufgaben/{lage.aufgabe.pk}/complete/",
        body,
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert stand() == vorher


QUERY = [
    ("verfahren/", "status", "offen"),
    ("verfahren/", "leistung", "abc"),
    ("verfahren/", "leistung", "9" * 30),
    ("verfahren/", "leistung", "9" * 5000),
    ("verfahren/", "leistung", "0"),
    ("verfahren/", "leistung", "-1"),
    ("verfahren/", "organisationseinheit", "1; DROP TABLE x"),
    ("verfahren/", "organisationseinheit", str(2**63)),
    ("verfahren/", "aktenzeichen", "x" * 101),
    ("verfahren/", "aktenzeichen", "a\x00b"),
    ("verfahren/", "limit", "abc"),
    ("verfahren/", "offset", str(10**30)),
    ("aufgaben/", "page", "0"),
    ("aufgaben/", "page", "abc"),
    ("aufgaben/", "page", "9" * 40),
    ("aufgaben/", "page_size", "1000"),
    ("aufgaben/", "sort", "__class__"),
    ("aufgaben/", "rolle", "chef"),
    ("aufgaben/", "nur_meine", "vielleicht"),
    ("aufgaben/", "ueberfaellig", "2"),
    ("aufgaben/", "verfahren_status", "x"),
    ("aufgaben/", "organisationseinheit", "9" * 19),
    ("aufgaben/", "leistung", "1.5"),
    ("aufgaben/", "aktenzeichen", "x" * 5000),
]


@pytest.mark.parametrize(("pfad", "name", "wert"), QUERY)
def test_bad_query_parameters_are_named(pfad, name, wert):
    lage = Lage()
    response = sitzung_client(lage.team.sb1).get(f"{API}/{pfad}", {name: wert})
    assert response.status_code == 400, response.content
    assert list(response.json()) == [name]


@pytest.mark.parametrize(
    "query",
    [
        {"aktenzeichen": "'; DROP TABLE verfahren_verfahren; --"},
        {"aktenzeichen": "%_%"},
        {"aktenzeichen": "😀 \u202e"},
        {"organisationseinheit": str(2**63 - 1)},
        {"page": "999999"},
        {"unbekannt": "x"},
    ],
)
def test_odd_but_valid_queries_are_200(query):
    lage = Lage()
    c = sitzung_client(lage.team.sb1)
    assert c.get(f"{API}/verfahren/", query).status_code == 200
    assert c.get(f"{API}/aufgaben/", query).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/verfahren/{'9' * 19}/",
        f"{API}/verfahren/{2**64}/timeline/",
        f"{API}/verfahren/-1/",
        f"{API}/verfahren/abc/",
        f"{API}/aufgaben/{'9' * 30}/",
        f"{API}/aufgaben/999999999999999999/",
    ],
)
def test_path_ids_beyond_64_bit_are_404(url):
    lage = Lage()
    assert sitzung_client(lage.team.sb1).get(url).status_code == 404


def test_methods_are_limited():
    lage = Lage()
    c = token_client(lage.token)
    assert c.put(f"{API}/verfahren/{lage.verfahren.pk}/", {}, format="json").status_code == 405
    assert c.delete(f"{API}/aufgaben/{lage.aufgabe.pk}/").status_code == 405
    assert c.get(f"{API}/aufgaben/{lage.aufgabe.pk}/claim/").status_code == 405
    assert c.post(f"{API}/verfahren/", {}, format="json").status_code == 405


# --- queries and schema ----------------------------------------------------------------------


def test_no_n_plus_one(django_assert_max_num_queries):
    lage = Lage()
    for _ in range(4):
        v = f.verfahren(lage.team.oe, lage.leistung)
        services.aufgabe_claim(aufgabe=f.offen(v), actor=lage.team.sb2)
    c = token_client(lage.token)
    with django_assert_max_num_queries(6):  # token, staff check (2), count, page
        assert c.get(f"{API}/verfahren/").json()["count"] == 5
    with django_assert_max_num_queries(7):
        assert c.get(f"{API}/aufgaben/").json()["count"] == 5
    with django_assert_max_num_queries(14):  # detail, prefetches and the Protokoll entry
        assert c.get(f"{API}/verfahren/{lage.verfahren.pk}/").status_code == 200


NEUE_PFADE = {
    "/api/v1/verfahren/": {"get"},
    "/api/v1/verfahren/{id}/": {"get"},
    "/api/v1/verfahren/{id}/timeline/": {"get"},
    "/api/v1/verfahren/{id}/notizen/": {"post"},
    "/api/v1/verfahren/{id}/wiedervorlagen/": {"post"},
    "/api/v1/aufgaben/": {"get"},
    "/api/v1/aufgaben/{id}/": {"get"},
    "/api/v1/aufgaben/{id}/claim/": {"post"},
    "/api/v1/aufgaben/{id}/release/": {"post"},
    "/api/v1/aufgaben/{id}/assign/": {"post"},
    "/api/v1/aufgaben/{id}/complete/": {"post"},
}


def test_schema_documents_the_staff_endpoints():
    import yaml
    from openapi_spec_validator import validate

    response = APIClient().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    document = yaml.safe_load(response.content)
    validate(document)
    for pfad, methoden in NEUE_PFADE.items():
        assert set(document["paths"][pfad]) == methoden, pfad
        for operation in document["paths"][pfad].values():
            assert {"mitarbeiterToken": []} in operation["security"]
            assert {"arbeitsplatzSitzung": []} in operation["security"]
            assert {"401", "403"} <= set(operation["responses"])
    schemes = document["components"]["securitySchemes"]
    assert schemes["mitarbeiterToken"]["scheme"] == "bearer"
    complete = document["paths"]["/api/v1/aufgaben/{id}/complete/"]["post"]
    assert complete["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AufgabeCompleteInput"
    )
    assert "409" in complete["responses"]
    inbox = {p["name"] for p in document["paths"]["/api/v1/aufgaben/"]["get"]["parameters"]}
    assert inbox == {
        "organisationseinheit", "leistung", "rolle", "nur_meine", "nur_unzugewiesen",
        "ueberfaellig", "verfahren_status", "aktenzeichen", "sort", "page", "page_size",
    }  # fmt: skip
    liste = {p["name"] for p in document["paths"]["/api/v1/verfahren/"]["get"]["parameters"]}
    assert liste == {
        "status",
        "leistung",
        "organisationseinheit",
        "aktenzeichen",
        "limit",
        "offset",
    }
    components = document["components"]["schemas"]
    assert "PaginatedVerfahrenListOutputList" in components
    assert {"aufgaben", "fristen", "mitzeichnungen", "antragsteller"} <= set(
        components["VerfahrenDetailOutput"]["properties"]
    )
