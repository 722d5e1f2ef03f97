"""Staff workspace end to end: login with TOTP (and the activation link of a new account),
Aktenplan → Akte → Dokument, Posteingang of a text PDF, full-text search for a word in it,
zdA and reopening; axe on every page, error states included, and a login by keyboard alone."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from rathaus.akten.models import Akte, Vorgang
from rathaus.akten.tests import factories as af
from rathaus.arbeitsplatz.services import aktivierung_create
from rathaus.arbeitsplatz.zugang import aktivierung_link
from rathaus.organisation.models import Rolle
from rathaus.organisation.services import mitgliedschaft_add

from .conftest import axe_check

pytestmark = pytest.mark.e2e
PASSWORT = "e2e-geheim-Stralsund-1"


@dataclass
class Akten:
    base: str
    akte: Akte
    vorgang: Vorgang


def _code(user: User, *, bestaetigt: bool = True) -> str:
    geraet = TOTPDevice.objects.filter(user=user, confirmed=bestaetigt).latest("pk")
    totp = TOTP(geraet.bin_key, geraet.step, geraet.t0, geraet.digits, geraet.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _falscher_code(user: User, *, bestaetigt: bool = True) -> str:
    return "000000" if _code(user, bestaetigt=bestaetigt) != "000000" else "111111"


def _person(name: str, akten: Akten | None = None, *, geraet: bool = True) -> User:
    user = User.objects.create_user(name, password=PASSWORT, first_name="Greta", last_name=name)
    if akten is not None:
        mitgliedschaft_add(
            user=user,
            organisationseinheit=akten.akte.federfuehrend,
            rolle=Rolle.LEITUNG,
            actor="test",
        )
        user.user_permissions.add(Permission.objects.get(codename="reopen_akte"))
    if geraet:
        TOTPDevice.objects.create(user=user, name="e2e", confirmed=True)
    return user


@pytest.fixture
def akten(live_server: Any, transactional_db: Any) -> Akten:
    cache.clear()
    oe = af.organisationseinheit("Ordnungsamt")
    position = af.aktenplaneinheit("32.10", titel="Ordnungswidrigkeiten", jahre=6)
    akte = af.akte(oe, position=position, betreff="Parkverstöße Altstadt")
    vorgang = af.vorgang(akte, betreff="Anhörung Musterfrau")
    af.dokument(
        vorgang,
        text="Anhörung wegen Falschparkens am Alten Markt.",
        betreff="Anhörungsschreiben",
        personenbezogen=True,
    )
    return Akten(base=str(live_server.url), akte=akte, vorgang=vorgang)


def _anmelden(page: Page, base: str, user: User, axe_source: str, *, fehler: bool = False) -> None:
    page.goto(base + "/arbeitsplatz/")
    expect(page.locator("main h1")).to_have_text("Anmeldung für Beschäftigte")
    axe_check(page, axe_source)
    if fehler:
        # A wrong password and a right one with a wrong code get the same answer.
        for passwort, code in (("falsch", _code(user)), (PASSWORT, _falscher_code(user))):
            page.get_by_label("Benutzername").fill(user.username)
            page.get_by_label("Passwort").fill(passwort)
            page.get_by_label("Sicherheitscode").fill(code)
            page.get_by_role("button", name="Anmelden").click()
            expect(page.locator("#fehler-uebersicht")).to_contain_text(
                "Benutzername, Passwort oder Sicherheitscode ist falsch."
            )
            axe_check(page, axe_source)
        page.get_by_label("Passwort").fill(PASSWORT)
        page.get_by_label("Sicherheitscode").fill("12")
        page.get_by_role("button", name="Anmelden").click()
        expect(page.locator("#fehler-uebersicht")).to_contain_text("genau sechs Ziffern")
        axe_check(page, axe_source)
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Sicherheitscode").fill(_code(user))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("main h1")).to_have_text("Übersicht")


def test_akten_journey(akten: Akten, page: Page, axe_source: str, settings: Any) -> None:
    # django-otp's own pause after a wrong code (1 s) would refuse the right one right after.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = _person("leitung", akten)
    base = akten.base
    _anmelden(page, base, user, axe_source, fehler=True)
    expect(page.locator("header")).to_contain_text("Ordnungsamt")
    axe_check(page, axe_source)

    # Aktenplan → position → Akte → Dokument
    page.get_by_role("navigation", name="Arbeitsplatz").get_by_role("link", name="Akten").click()
    expect(page.locator("main h1")).to_have_text("Aktenplan")
    expect(page.locator(".aktenplan")).to_contain_text("32.10 Ordnungswidrigkeiten")
    expect(page.locator(".aktenplan")).to_contain_text("1 Akte")
    axe_check(page, axe_source)
    page.get_by_role("link", name="32.10 Ordnungswidrigkeiten").click()
    axe_check(page, axe_source)
    page.get_by_role("link", name=akten.akte.aktenzeichen).click()
    expect(page.locator("main h1")).to_contain_text("Parkverstöße Altstadt")
    axe_check(page, axe_source)
    page.get_by_role("link", name="Anhörungsschreiben").click()
    expect(page.locator("main")).to_contain_text(
        "Ihr Zugriff auf dieses Dokument wurde protokolliert"
    )
    axe_check(page, axe_source)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Herunterladen")).click()
    assert download.value.suggested_filename == "bescheid.pdf"

    # Posteingang: error state first, then a text PDF
    page.get_by_role("link", name="Posteingang", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Posteingang erfassen")
    axe_check(page, axe_source)
    page.get_by_role("button", name="Ablegen").click()
    expect(page.locator("#fehler-uebersicht")).to_be_visible()
    axe_check(page, axe_source)
    page.get_by_label("Ablageort").select_option(f"vorgang:{akten.vorgang.pk}")
    page.get_by_label("Betreff des Schreibens").fill("Stellungnahme zur Anhörung")
    page.get_by_label("Absender").fill("Erika Musterfrau")
    page.get_by_label("Eingangsdatum").fill("2026-03-02")
    page.get_by_label("Das Schreiben enthält personenbezogene Daten").check()
    page.get_by_label("Dateien").set_input_files(
        [
            {
                "name": "stellungnahme.pdf",
                "mimeType": "application/pdf",
                "buffer": af.pdf("Ich parkte wegen eines Rettungseinsatzes am Quermarkt."),
            }
        ]
    )
    page.get_by_role("button", name="Ablegen").click()
    expect(page.locator("main h1")).to_contain_text("Stellungnahme zur Anhörung")
    expect(page.locator("[role=status]")).to_contain_text("Der Posteingang ist abgelegt")
    axe_check(page, axe_source)

    # Full-text search finds a word of the PDF's text
    page.get_by_role("link", name="Suche", exact=True).click()
    axe_check(page, axe_source)
    page.get_by_label("Suchbegriff").fill("Rettungseinsatz")
    page.get_by_role("button", name="Suchen").click()
    expect(page.locator(".treffer")).to_contain_text("Stellungnahme zur Anhörung")
    axe_check(page, axe_source)

    # zdA of the Vorgang, then reopening with a reason (error state first)
    page.goto(f"{base}/arbeitsplatz/akten/{akten.akte.pk}/")
    page.get_by_role("button", name=re.compile("Vorgang zdA verfügen")).click()
    expect(page.locator("[role=status]")).to_contain_text("zu den Akten verfügt")
    expect(page.locator(f"#vorgang-{akten.vorgang.pk}")).to_contain_text("zdA")
    axe_check(page, axe_source)
    akten.vorgang.refresh_from_db()
    assert akten.vorgang.zda_am is not None
    page.get_by_role("link", name=re.compile("Vorgang wieder öffnen")).click()
    axe_check(page, axe_source)
    page.get_by_role("button", name="Wieder öffnen").click()
    expect(page.locator("#fehler-uebersicht")).to_contain_text("Grund")
    axe_check(page, axe_source)
    page.get_by_label("Grund der Wiedereröffnung").fill("Nachreichung der Anhörung")
    page.get_by_role("button", name="Wieder öffnen").click()
    expect(page.locator("[role=status]")).to_contain_text("Wieder geöffnet")
    akten.vorgang.refresh_from_db()
    assert akten.vorgang.zda_am is None

    # Pages for "not found" and after logout
    page.goto(f"{base}/arbeitsplatz/akten/999999/")
    expect(page.locator("main h1")).to_have_text("Nicht gefunden")
    axe_check(page, axe_source)
    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator("main h1")).to_have_text("Sie sind abgemeldet")
    axe_check(page, axe_source)


def test_zugang_ueber_aktivierungslink(
    akten: Akten, page: Page, axe_source: str, settings: Any
) -> None:
    """A new account: the administrator's one-time link, password and app on one page
    (error states first), then in; the used link says only that it no longer holds."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = _person("neu", akten, geraet=False)
    _aktivierung, token = aktivierung_create(user=user, actor="e2e")
    link = akten.base + aktivierung_link(konto_id=user.pk, token=token).removeprefix(
        settings.RATHAUS_BASE_URL
    )
    page.goto(link)
    expect(page.locator("main h1")).to_have_text("Zugang einrichten")
    expect(
        page.get_by_role("img", name="QR-Code zum Einrichten der Authenticator-App")
    ).to_be_visible()
    axe_check(page, axe_source)
    page.get_by_label("Neues Passwort", exact=True).fill("kurz")
    page.get_by_label("Neues Passwort wiederholen").fill("anders")
    page.get_by_label("Sicherheitscode").fill("abcdef")
    page.get_by_role("button", name="Zugang einrichten und anmelden").click()
    expect(page.locator("#fehler-uebersicht")).to_contain_text("stimmen nicht überein")
    axe_check(page, axe_source)
    page.get_by_label("Neues Passwort", exact=True).fill(PASSWORT)
    page.get_by_label("Neues Passwort wiederholen").fill(PASSWORT)
    page.get_by_label("Sicherheitscode").fill(_falscher_code(user, bestaetigt=False))
    page.get_by_role("button", name="Zugang einrichten und anmelden").click()
    expect(page.locator("#fehler-uebersicht")).to_contain_text("Der Code ist falsch")
    axe_check(page, axe_source)
    page.get_by_label("Neues Passwort", exact=True).fill(PASSWORT)
    page.get_by_label("Neues Passwort wiederholen").fill(PASSWORT)
    page.get_by_label("Sicherheitscode").fill(_code(user, bestaetigt=False))
    page.get_by_role("button", name="Zugang einrichten und anmelden").click()
    expect(page.locator("main h1")).to_have_text("Übersicht")
    page.goto(link)
    expect(page.locator("main h1")).to_have_text("Dieser Aktivierungslink gilt nicht")
    axe_check(page, axe_source)


def test_anmeldung_nur_mit_tastatur(akten: Akten, page: Page, axe_source: str) -> None:
    user = _person("tastatur", akten)
    page.goto(akten.base + "/arbeitsplatz/anmelden/")
    # The username field has the focus (autofocus); no mouse from here on.
    expect(page.get_by_label("Benutzername")).to_be_focused()
    page.keyboard.type("tastatur")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Passwort")).to_be_focused()
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sicherheitscode")).to_be_focused()
    page.keyboard.type(_code(user))
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Übersicht")
    axe_check(page, axe_source)
    # The first Tab reaches the skip link, which moves the focus to the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#inhalt")).to_be_focused()


def test_sperrseite(akten: Akten, page: Page, axe_source: str) -> None:
    _person("gesperrt", akten)
    page.goto(akten.base + "/arbeitsplatz/anmelden/")
    for _ in range(5):
        page.get_by_label("Benutzername").fill("gesperrt")
        page.get_by_label("Passwort").fill("falsch")
        page.get_by_label("Sicherheitscode").fill("000000")
        page.get_by_role("button", name="Anmelden").click()
        if page.locator("main h1").inner_text() != "Anmeldung für Beschäftigte":
            break
    expect(page.locator("main h1")).to_have_text("Anmeldung vorübergehend gesperrt")
    axe_check(page, axe_source)


def test_wartezeit_nach_vielen_fehlversuchen_von_fremden_anschluessen(
    akten: Akten, new_page: Any, axe_source: str, settings: Any
) -> None:
    """Behind one proxy (hop count 1) an attacker tries a staff name from ever new
    addresses: after the free attempts each failure closes the name for a growing wait, and
    an attempt in that wait is told to come back, without a password check. The waits
    double (1, 2, 4 … s), so the attempts soon fall into one, whatever the machine's speed."""
    settings.RATHAUS_TRUSTED_PROXY_HOPS = 1
    _person("zielperson", akten)
    page = None
    for i in range(16):
        page = new_page(extra_http_headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})
        page.goto(akten.base + "/arbeitsplatz/anmelden/")
        page.get_by_label("Benutzername").fill("zielperson")
        page.get_by_label("Passwort").fill("falsch")
        page.get_by_label("Sicherheitscode").fill("000000")
        page.get_by_role("button", name="Anmelden").click()
        if page.locator("main h1").inner_text() == "Bitte später erneut anmelden":
            break
    assert page is not None
    expect(page.locator("main h1")).to_have_text("Bitte später erneut anmelden")
    expect(page.locator("main")).to_contain_text("Ihr Passwort wurde nicht geprüft")
    assert i >= 5, "the first five failures are free"
    axe_check(page, axe_source)


def test_verwaltung_meldet_sich_ueber_den_arbeitsplatz_an_und_erstellt_links(
    akten: Akten, page: Page, axe_source: str
) -> None:
    """The admin has no login form of its own; an administrator comes in through the staff
    login and hands a new colleague an activation link (asked first, shown once)."""
    admin = _person("it-admin", akten)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    for codename in ("view_user", "change_user"):
        admin.user_permissions.add(Permission.objects.get(codename=codename))
    neu = _person("kollegin", akten, geraet=False)
    page.goto(akten.base + "/admin/")
    expect(page.locator("main h1")).to_have_text("Anmeldung für Beschäftigte")
    page.get_by_label("Benutzername").fill("it-admin")
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Sicherheitscode").fill(_code(admin))
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(akten.base + "/admin/")
    page.goto(akten.base + "/admin/auth/user/")
    page.locator(f"input[name=_selected_action][value='{neu.pk}']").check()
    page.locator("select[name=action]").select_option("aktivierungslink_erstellen")
    page.locator("button[name=index]").click()
    expect(page.locator("#content")).to_contain_text("72 Stunden")
    axe_check(page, axe_source)
    page.get_by_role("button", name="Ja, Aktivierungslinks erstellen").click()
    link = page.locator("code.aktivierungslink")
    expect(link).to_contain_text("/arbeitsplatz/aktivieren/")
    axe_check(page, axe_source)
