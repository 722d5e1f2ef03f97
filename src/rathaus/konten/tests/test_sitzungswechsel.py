"""Every successful login callback gives the browser a new session id and CSRF token, also
when the same citizen logs in again (to raise the level): an id or token known before the
login (session fixation) opens nothing after it. What the session holds stays."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from rathaus.konten.sitzung import NIVEAU

from .conftest import Netz, idp_anmelden, idp_formular, oidc_login

pytestmark = pytest.mark.django_db


def _gibt_es(session_key: str) -> bool:
    return bool(import_module(settings.SESSION_ENGINE).SessionStore().exists(session_key))


def _csrf(client: Client) -> str:
    client.get("/konto/anmelden/")  # a page with a form: the CSRF cookie is set
    return client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize(
    ("zweite", "niveau"),
    [("anke-brandt", "substantiell"), ("erika-mustermann", "hoch")],
)
def test_each_login_renews_the_session_id_and_csrf_token(
    netz: Netz, zweite: str, niveau: str
) -> None:
    client = Client()
    assert oidc_login(client, "anke-brandt").status_code == 302
    alt = client.session.session_key
    assert alt is not None
    csrf_alt = _csrf(client)
    session = client.session
    session["probe"] = "bleibt"
    session.save()

    antwort = oidc_login(
        client, zweite, start=f"/konto/oidc/start/?niveau={niveau}&next=/konto/postfach/"
    )
    assert antwort.status_code == 302 and antwort["Location"] == "/konto/postfach/"
    neu = client.session.session_key
    assert neu is not None and neu != alt
    assert not _gibt_es(alt)
    assert client.session[NIVEAU] == niveau
    assert _csrf(client) != csrf_alt
    if zweite == "anke-brandt":
        assert client.session["probe"] == "bleibt"  # the same citizen keeps the session's data
    else:
        assert "probe" not in client.session  # another person: a fresh session
    # whoever knew the old id holds nothing
    fremd = Client()
    fremd.cookies[settings.SESSION_COOKIE_NAME] = alt
    assert fremd.get("/konto/").status_code == 302


def test_a_session_id_planted_before_the_first_login_opens_nothing(netz: Netz) -> None:
    client = Client()
    _, params = idp_formular(client, "/konto/oidc/start/")
    vorher = client.session.session_key
    assert vorher is not None
    assert client.get(idp_anmelden(client, params, "jan-petersen")).status_code == 302
    assert client.session.session_key != vorher
    assert not _gibt_es(vorher)
