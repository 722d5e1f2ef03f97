"""Draft fixation: a resume link sent by someone else gives him nothing of what the person
who uses it types. The session is bound to the draft's id and token, each link works once,
and a citizen who saves an anonymous draft makes it theirs (formulare.bindung)."""

from __future__ import annotations

import html
import logging
from typing import Any

import pytest
import requests
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from rathaus.core.models import Outbox, Protokoll
from rathaus.core.outbox import outbox_deliver
from rathaus.formulare import bindung, services
from rathaus.formulare.models import Entwurf, Formular
from rathaus.formulare.selectors import entwurf_link_token
from rathaus.konten.models import Buerger
from rathaus.konten.tests.conftest import BASE, Netz, oidc_login
from rathaus.konten.tests.factories import buerger_anlegen, einloggen

from .test_views import GUELTIG_1, entwurf_of, url

pytestmark = pytest.mark.django_db

NAME = "G99000000001.F99000000001"
SCHRITT_2 = {"G99000000002.F99000000020": "nein"}
FORTSETZEN = reverse("formulare:fortsetzen_basis")


def link_pfad(entwurf: Entwurf) -> str:
    entwurf.refresh_from_db()
    return reverse("formulare:fortsetzen", args=[entwurf_link_token(entwurf=entwurf)])


def token_of(pfad: str) -> str:
    return pfad.removeprefix(FORTSETZEN).removesuffix("/")


def text(r: Any) -> str:
    return html.unescape(r.content.decode())


def link_benutzen(client: Client, pfad: str) -> Any:
    """Open the link and press "Antrag fortsetzen", as a person does."""
    seite = client.get(pfad)
    if seite.status_code != 200:
        return seite
    assert 'action="/antrag/fortsetzen/"' in seite.content.decode()
    return client.post(FORTSETZEN, {"token": token_of(pfad)})


def angreifer_mit_entwurf(formular: Formular) -> tuple[Client, Entwurf]:
    angreifer = Client()
    r = angreifer.post(url(formular, 1), {**GUELTIG_1, NAME: "Angreifer", "_aktion": "weiter"})
    assert r.status_code == 302
    entwurf = entwurf_of(angreifer)
    assert entwurf is not None
    return angreifer, entwurf


def sieht_nichts(angreifer: Client, formular: Formular, geheim: str) -> None:
    for pfad in (
        url(formular, 1),
        url(formular, 2),
        reverse("formulare:pruefen", args=[formular.pk]),
        reverse("formulare:speichern", args=[formular.pk]),
    ):
        r = angreifer.get(pfad, follow=True)
        assert geheim not in text(r), pfad


@pytest.fixture
def opfer_buerger(db: Any) -> Buerger:
    return buerger_anlegen(vorname="Olga", nachname="Opfer")


def test_a_link_sent_by_an_attacker_gives_him_nothing_of_what_the_victim_types(
    formular: Formular,
) -> None:
    angreifer, entwurf = angreifer_mit_entwurf(formular)
    pfad = link_pfad(entwurf)  # what "Link senden" mails him; he passes it on

    opfer = Client()
    r = link_benutzen(opfer, pfad)
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    r = opfer.post(url(formular, 1), {**GUELTIG_1, NAME: "Opfergeheim", "_aktion": "weiter"})
    assert r.status_code == 302
    assert Entwurf.objects.get().daten["G99000000001"]["F99000000001"] == "Opfergeheim"

    # the attacker's session and his link no longer open the draft
    sieht_nichts(angreifer, formular, "Opfergeheim")
    assert angreifer.get(pfad).status_code == 404
    assert angreifer.post(FORTSETZEN, {"token": token_of(pfad)}).status_code == 404
    sieht_nichts(angreifer, formular, "Opfergeheim")
    # nor can he ask for a new link: the draft is not his session's any more
    mail.outbox.clear()
    r = angreifer.post(
        reverse("formulare:speichern", args=[formular.pk]), {"email": "a@example.org"}
    )
    assert r.status_code == 302 and not mail.outbox
    # what he sends from his page goes into a new draft of his own, not into hers
    angreifer.post(url(formular, 1), {**GUELTIG_1, NAME: "Ueberschrieben", "_aktion": "weiter"})
    entwurf.refresh_from_db()
    assert entwurf.daten["G99000000001"]["F99000000001"] == "Opfergeheim"
    assert Entwurf.objects.count() == 2

    # the victim goes on as before
    r = opfer.get(url(formular, 1))
    assert 'value="Opfergeheim"' in r.content.decode()
    assert Protokoll.objects.filter(aktion="entwurf.resume", objekt_id=str(entwurf.pk)).exists()


def test_opening_the_link_uses_nothing_up(formular: Formular) -> None:
    """A mail scanner or a preview opening the link neither binds nor ends it: only the
    button (a POST with the CSRF token) continues the draft."""
    _, entwurf = angreifer_mit_entwurf(formular)
    pfad = link_pfad(entwurf)
    token = entwurf.token
    for _ in range(2):
        vorschau = Client()
        r = vorschau.get(pfad)
        assert r.status_code == 200 and "Antrag fortsetzen" in text(r)
        assert entwurf_of(vorschau) is None
    entwurf.refresh_from_db()
    assert entwurf.token == token
    streng = Client(enforce_csrf_checks=True)
    streng.get(pfad)
    assert streng.post(FORTSETZEN, {"token": token_of(pfad)}).status_code == 403
    entwurf.refresh_from_db()
    assert entwurf.token == token


def test_each_link_works_once_and_a_new_one_can_be_requested(
    formular: Formular, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    _, entwurf = angreifer_mit_entwurf(formular)
    pfad = link_pfad(entwurf)
    zweiter_link = link_pfad(entwurf)  # another email with the same token

    erster = Client()
    assert link_benutzen(erster, pfad).status_code == 302
    # a second click in the same browser continues (a double click, the mail opened again)
    assert erster.get(pfad).status_code == 302
    assert erster.post(FORTSETZEN, {"token": token_of(pfad)}).status_code == 302

    # in any other browser both links are used up
    for p in (pfad, zweiter_link):
        anderer = Client()
        r = anderer.get(p)
        assert r.status_code == 404 and "funktioniert nur einmal" in text(r)
        assert anderer.post(FORTSETZEN, {"token": token_of(p)}).status_code == 404
        assert entwurf_of(anderer) is None

    # a new link, asked for where the draft is open, works (once)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = erster.post(
            reverse("formulare:speichern", args=[formular.pk]), {"email": "b@example.org"}
        )
    assert r.status_code == 200 and len(mail.outbox) == 1
    neu = next(z for z in mail.outbox[0].body.splitlines() if "/antrag/fortsetzen/" in z)
    neu = neu[neu.index("/antrag/") :]
    dritter = Client()
    assert link_benutzen(dritter, neu).status_code == 302
    assert entwurf_of(dritter).pk == entwurf.pk
    # ... and ends the draft for the browser that asked for it
    assert entwurf_of(erster).pk == entwurf.pk  # still named there, but no longer opened
    r = erster.get(url(formular, 1))
    assert 'value="Angreifer"' not in r.content.decode()


def test_a_link_email_asked_for_before_the_link_was_used_is_not_sent(
    formular: Formular,
) -> None:
    """The email is built when the outbox sends it: a link the attacker asked for while he
    still had the draft must not bring him the token the victim's session now holds."""
    angreifer, entwurf = angreifer_mit_entwurf(formular)
    pfad = link_pfad(entwurf)
    # his request is queued (the mail server is slow, or down for a while)
    r = angreifer.post(
        reverse("formulare:speichern", args=[formular.pk]), {"email": "a@example.org"}
    )
    assert r.status_code == 200
    zeile = Outbox.objects.get(topic=services.ENTWURF_LINK)
    assert entwurf.token not in str(zeile.payload)  # a fingerprint, not the token
    link_benutzen(Client(), pfad)
    mail.outbox.clear()
    assert outbox_deliver(outbox_id=zeile.pk) == "zugestellt"  # done: nothing to send
    assert not mail.outbox
    # rows queued before the fingerprint was kept send nothing either
    assert (
        services.entwurf_link_email(
            entwurf_id=entwurf.pk,
            email="a@example.org",
            link_base="http://testserver/antrag/fortsetzen/",
            sprache="de",
            fingerabdruck="",
        )
        is None
    )


def test_a_citizen_who_saves_an_anonymous_draft_claims_it(
    formular: Formular, opfer_buerger: Buerger
) -> None:
    angreifer, entwurf = angreifer_mit_entwurf(formular)
    pfad = link_pfad(entwurf)
    opfer = Client()
    assert link_benutzen(opfer, pfad).status_code == 302
    entwurf.refresh_from_db()
    vorher = entwurf.token
    link_danach = link_pfad(entwurf)  # a link mailed after the victim opened it
    einloggen(opfer, opfer_buerger)
    r = opfer.post(url(formular, 1), {**GUELTIG_1, NAME: "Opfergeheim", "_aktion": "weiter"})
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    entwurf.refresh_from_db()
    assert entwurf.buerger == opfer_buerger
    assert entwurf.token != vorher
    protokoll = Protokoll.objects.filter(aktion="entwurf.save").order_by("pk").last()
    assert protokoll is not None and protokoll.details.get("uebernommen") is True
    # no token made before the claim opens it; the citizen's session still does
    for fremd in (Client(), angreifer):
        assert fremd.get(link_danach).status_code == 404
    sieht_nichts(angreifer, formular, "Opfergeheim")
    assert opfer.post(url(formular, 2), {**SCHRITT_2, "_aktion": "weiter"}).status_code == 302
    assert 'value="Opfergeheim"' in opfer.get(url(formular, 1)).content.decode()


def test_a_citizens_own_draft_opens_for_that_citizen_only(
    formular: Formular, opfer_buerger: Buerger
) -> None:
    eigene = Client()
    einloggen(eigene, opfer_buerger)
    eigene.post(url(formular, 1), {**GUELTIG_1, "_aktion": "weiter"})
    entwurf = Entwurf.objects.get(buerger=opfer_buerger)
    pfad = link_pfad(entwurf)  # as Mein Konto links it
    token = entwurf.token

    anonym = Client()
    r = anonym.get(pfad)
    assert r.status_code == 302 and r["Location"].startswith(reverse("konten:anmelden"))
    assert token_of(pfad) not in r["Location"]  # the token goes nowhere
    assert anonym.post(FORTSETZEN, {"token": token_of(pfad)}).status_code == 302
    assert "Musterfrau" not in text(anonym.get(url(formular, 1)))

    andere = Client()
    einloggen(andere, buerger_anlegen(vorname="Jan", nachname="Anders"))
    assert andere.get(pfad).status_code == 404
    assert entwurf_of(andere) is None

    neue_sitzung = Client()
    einloggen(neue_sitzung, opfer_buerger)
    r = neue_sitzung.get(pfad)
    assert r.status_code == 302 and r["Location"] == url(formular, 2)
    assert entwurf_of(neue_sitzung).pk == entwurf.pk
    entwurf.refresh_from_db()
    assert entwurf.token == token  # the citizen's login guards it; nothing to rotate


@pytest.mark.parametrize(
    "wert",
    [
        "",
        "x",
        "A" * 10_000,
        "eyJlIjoxLCJ0IjoieCJ9:1abcde:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "\x00",
    ],
)
def test_hostile_tokens_get_a_clear_answer_and_change_nothing(
    formular: Formular, wert: str
) -> None:
    _, entwurf = angreifer_mit_entwurf(formular)
    entwurf.refresh_from_db()
    token = entwurf.token
    client = Client()
    r = client.post(FORTSETZEN, {"token": wert})
    assert r.status_code == 404 and "nicht mehr gültig" in text(r)
    assert entwurf_of(client) is None
    entwurf.refresh_from_db()
    assert entwurf.token == token


def test_a_link_of_another_draft_binds_only_that_draft(formular: Formular) -> None:
    """A session bound to one draft, then to another of the same form by its link: the
    first is let go (one draft per form and session)."""
    mein = Client()
    mein.post(url(formular, 1), {**GUELTIG_1, NAME: "Meins", "_aktion": "weiter"})
    _, fremd = angreifer_mit_entwurf(formular)
    assert link_benutzen(mein, link_pfad(fremd)).status_code == 302
    assert [pk for _f, pk in bindung.gebunden(mein.session)] == [fremd.pk]


def test_sessions_bound_before_the_fingerprint_was_kept_open_no_anonymous_draft(
    formular: Formular,
) -> None:
    """A session that names an anonymous draft by id alone (as before) loses it."""
    _, entwurf = angreifer_mit_entwurf(formular)
    client = Client()
    session = client.session
    session[bindung.SESSION_KEY] = {str(formular.pk): entwurf.pk}
    session.save()
    assert 'value="Angreifer"' not in client.get(url(formular, 1)).content.decode()


def test_the_request_log_holds_no_token(formular: Formular, caplog: Any) -> None:
    _, entwurf = angreifer_mit_entwurf(formular)
    pfad = link_pfad(entwurf)
    token = token_of(pfad)
    caplog.set_level(logging.INFO, logger="rathaus.request")
    caplog.clear()
    client = Client()
    assert client.get(pfad).status_code == 200  # the page asking to continue
    assert client.get("/en" + pfad).status_code == 200  # English
    assert client.get(pfad.removesuffix("/")).status_code == 301  # a slash lost in the mail
    assert client.get(pfad + "mehr/").status_code == 404  # text stuck to the link
    assert client.post(FORTSETZEN, {"token": token}).status_code == 302
    assert client.get(pfad).status_code == 302  # used: a second click
    assert Client().get(pfad).status_code == 404  # used, in another browser
    zeilen = [r for r in caplog.records if r.name == "rathaus.request"]
    assert len(zeilen) == 7
    for zeile in zeilen:
        assert token not in str(vars(zeile)) and token[:32] not in str(vars(zeile))
    pfade = [zeile.path for zeile in zeilen]  # type: ignore[attr-defined]
    assert pfade[0] == "/antrag/fortsetzen/[entfernt]/"
    assert pfade[1] == "/en/antrag/fortsetzen/[entfernt]/"
    assert pfade[2] == "/antrag/fortsetzen/[entfernt]"
    assert pfade[4] == "/antrag/fortsetzen/"  # the token went in the body
    # other paths stay readable
    caplog.clear()
    client.get(url(formular, 1))
    (zeile,) = [r for r in caplog.records if r.name == "rathaus.request"]
    assert zeile.path == url(formular, 1)  # type: ignore[attr-defined]


@pytest.fixture
def idp(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Netz:
    """The development identity provider, reached through the test client (as in konten)."""
    settings.RATHAUS_BASE_URL = BASE
    settings.RATHAUS_OIDC_ISSUER = ""
    settings.RATHAUS_DEV_IDP = True
    cache.clear()
    netz = Netz()
    monkeypatch.setattr(requests, "get", netz.get)
    monkeypatch.setattr(requests, "post", netz.post)
    return netz


@pytest.mark.usefixtures("idp")
def test_the_draft_stays_with_the_browser_across_logins(formular: Formular) -> None:
    """Each login renews the session id (konten); the draft of the browser goes along, and
    the first save after the login makes it the citizen's."""
    client = Client()
    client.post(url(formular, 1), {**GUELTIG_1, NAME: "Vorher", "_aktion": "weiter"})
    entwurf = entwurf_of(client)
    assert entwurf is not None
    for _ in range(2):  # the first login, then the same citizen again
        alt = client.session.session_key
        assert oidc_login(client, "anke-brandt").status_code == 302
        assert client.session.session_key != alt
        assert 'value="Vorher"' in client.get(url(formular, 1)).content.decode()
        assert client.post(url(formular, 2), {**SCHRITT_2, "_aktion": "weiter"}).status_code == 302
    entwurf.refresh_from_db()
    assert entwurf.buerger is not None and entwurf.buerger.name == "Anke Brandt"
