"""Reading an Antrag, its Postfach messages and its Bescheid asks for at least the level
(Vertrauensniveau) the Antrag was submitted with (issue 10, konten.lesezugang).

The table: session level × Antrag level × page, allowed or refused; a refused page shows
nothing of the content (parsed HTML), offers the login at the level that returns to the
page, and changes nothing. Lists name what they may not open. Another citizen's Antrag
stays a 404 at every level.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rathaus.akten.models import Dokument
from rathaus.antraege import services as antraege_services
from rathaus.antraege.models import Antrag, Quittung
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.core.models import Protokoll
from rathaus.konten.models import Buerger, Postfachnachricht
from rathaus.konten.niveau import Vertrauensniveau
from rathaus.konten.sitzung import NIVEAU, anmelde_url
from rathaus.verfahren.models import Bescheid, Nachricht, Verfahren
from rathaus.verfahren.tests import buerger_helfer as bh

from .conftest import Netz, idp_anmelden, idp_formular
from .factories import einloggen

BASIS, SUBSTANTIELL, HOCH = (
    Vertrauensniveau.BASIS,
    Vertrauensniveau.SUBSTANTIELL,
    Vertrauensniveau.HOCH,
)
RANG = {None: 0, BASIS: 1, SUBSTANTIELL: 2, HOCH: 3}
TITEL = "Höheres Vertrauensniveau nötig"


@pytest.fixture(autouse=True)
def _deutsch():
    # reverse() prefixes the active language; an earlier /en/ request leaves it active.
    with translation.override("de"):
        yield


@dataclass
class Fall:
    """A citizen's Antrag submitted at `niveau`, decided: the intake's receipt and the
    Bescheid (with its PDF) in the Postfach."""

    niveau: Vertrauensniveau
    antrag: Antrag
    verfahren: Verfahren
    eingang: Postfachnachricht
    bescheid: Postfachnachricht

    @property
    def anlage(self) -> str:
        return f"anlage-{self.niveau}.pdf"


def einreichen(
    welt: helfer.Welt, buerger: Buerger, niveau: Vertrauensniveau | None, datei: str = ""
) -> Antrag:
    """Submitted through the service as the submit view calls it (with the level of the
    submitting session)."""
    entwurf = helfer.entwurf(welt.formular, buerger=buerger)
    if datei:
        helfer.ablegen(entwurf, helfer.upload(datei))
    return antraege_services.antrag_submit(
        entwurf=entwurf,
        actor=buerger.user,
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
        buerger=buerger,
        vertrauensniveau=niveau,
    ).antrag


def fall(welt: helfer.Welt, buerger: Buerger, niveau: Vertrauensniveau, sb, leitung) -> Fall:
    antrag = einreichen(welt, buerger, niveau, datei=f"anlage-{niveau}.pdf")
    bh.zustellen(antrag, "eingang")
    v = Verfahren.objects.get(antrag_id=antrag.pk)
    v = bh.erledigen(v, sb, {"vollstaendigkeit": "vollstaendig"})
    v = bh.erledigen(v, sb, {"entscheidung": "bewilligen", "begruendung": "Alles erfüllt."})
    v = bh.erledigen(v, leitung, {"mitzeichnung": "zeichnen"})
    bh.bescheid_worker()
    bescheid = Bescheid.objects.get(verfahren=v)
    assert bescheid.postfachnachricht is not None
    return Fall(
        niveau=niveau,
        antrag=antrag,
        verfahren=Verfahren.objects.get(pk=v.pk),
        eingang=Postfachnachricht.objects.get(
            empfaenger=buerger, dokument_referenz=antrag.aktenzeichen
        ),
        bescheid=bescheid.postfachnachricht,
    )


@pytest.fixture
def welt(db, tmp_path) -> helfer.Welt:
    cache.clear()
    return helfer.welt(tmp_path)


@pytest.fixture
def faelle(welt) -> tuple[Buerger, dict[Vertrauensniveau, Fall]]:
    buerger = helfer.buerger()
    sb, leitung = bh.sachbearbeitung(welt), bh.leitung(welt)
    return buerger, {n: fall(welt, buerger, n, sb, leitung) for n in (BASIS, SUBSTANTIELL, HOCH)}


def sitzung(buerger: Buerger, niveau: Vertrauensniveau | None) -> Client:
    """A client of the citizen whose session is at `niveau` (None: logged in without a
    level, as no OIDC login leaves it)."""
    client = Client()
    if niveau is None:
        client.force_login(buerger.user)
    else:
        einloggen(client, buerger, niveau)
    return client


# --- what each page is, where its step-up returns to, what shows it was read ----------------


@dataclass(frozen=True)
class Seite:
    url: str
    ziel: str  # where the login at the level returns to
    merkmal: str  # in the allowed answer: text of the page, or "%PDF-" of a download
    download: bool = False


def seiten(f: Fall) -> dict[str, Seite]:
    a, quittung = f.antrag.pk, reverse("antraege:quittung", args=[f.antrag.pk])
    detail = reverse("meine_antraege:detail", args=[a])
    eingang = reverse("konten:nachricht", args=[f.eingang.pk])
    bescheid = reverse("konten:nachricht", args=[f.bescheid.pk])
    return {
        "antrag": Seite(detail, detail, "wurde bewilligt"),
        "quittung": Seite(quittung, quittung, f.anlage),
        "quittung_pdf": Seite(
            reverse("antraege:quittung_pdf", args=[a]), quittung, "%PDF-", download=True
        ),
        "anlage": Seite(reverse("antraege:anlage", args=[a, 1]), quittung, "%PDF-", download=True),
        "eingang": Seite(eingang, eingang, "Uhr eingegangen"),
        "bescheid": Seite(bescheid, bescheid, "wurde bewilligt"),
        "bescheid_pdf": Seite(
            reverse("konten:nachricht_dokument", args=[f.bescheid.pk]),
            bescheid,
            "%PDF-",
            download=True,
        ),
    }


def zustand() -> tuple[Any, ...]:
    """What reading could change: messages read, Bescheide downloaded, receipts rendered,
    answers given, Dokumente filed, the Protokoll."""
    return (
        list(Postfachnachricht.objects.order_by("pk").values_list("pk", "gelesen_am")),
        list(Bescheid.objects.order_by("pk").values_list("pk", "abgerufen_am")),
        Quittung.objects.count(),
        Nachricht.objects.count(),
        Dokument.objects.count(),
        Protokoll.objects.count(),
    )


def text(html: bytes) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


def links(html: bytes) -> list[str]:
    return [str(h) for h in lxml.html.fromstring(html).xpath("//a/@href")]


# Content of the Antrag that no refused page may show (beside each page's own mark).
def inhalte(f: Fall) -> list[str]:
    return [
        "wurde bewilligt",  # the Bescheid's message
        "Uhr eingegangen",  # the receipt's message
        "Ordnungsamt",  # the responsible office
        "abgeschlossen",  # status
        f.anlage,  # an Anlage
        "%PDF-",
    ]


def verboten(f: Fall) -> list[str]:
    """Links a refused page must not carry: the downloads and the pages of the content."""
    s = seiten(f)
    return [s["quittung_pdf"].url, s["anlage"].url, s["bescheid_pdf"].url]


SITZUNGEN = (None, BASIS, SUBSTANTIELL, HOCH)


def erwartet(sitzung_niveau: Vertrauensniveau | None, antrag_niveau: Vertrauensniveau) -> str:
    return (
        "erlaubt"
        if antrag_niveau == BASIS or RANG[sitzung_niveau] >= RANG[antrag_niveau]
        else "verweigert"
    )


def test_tabelle_sitzung_x_antrag_x_seite(faelle, caplog) -> None:
    buerger, alle = faelle
    assert {f.niveau: f.antrag.vertrauensniveau for f in alle.values()} == {n: str(n) for n in alle}
    ergebnis: dict[tuple[str, str, str], str] = {}
    soll: dict[tuple[str, str, str], str] = {}
    fehler: list[str] = []
    for s_niveau in SITZUNGEN:
        client = sitzung(buerger, s_niveau)
        for a_niveau, f in alle.items():
            for name, seite in seiten(f).items():
                zelle = (str(s_niveau), str(a_niveau), name)
                soll[zelle] = erwartet(s_niveau, a_niveau)
                vorher = zustand()
                caplog.clear()
                with caplog.at_level(logging.WARNING, logger="rathaus.security"):
                    antwort = client.get(seite.url)
                if antwort.status_code == 200:
                    ergebnis[zelle] = "erlaubt"
                    if seite.download:
                        inhalt = b"".join(antwort.streaming_content)  # type: ignore[attr-defined]
                    else:
                        inhalt = antwort.content
                    gezeigt = inhalt.decode("latin-1") if seite.download else text(inhalt)
                    if seite.merkmal not in gezeigt:
                        fehler.append(f"{zelle}: {seite.merkmal!r} fehlt")
                    continue
                ergebnis[zelle] = (
                    "verweigert" if antwort.status_code == 403 else str(antwort.status_code)
                )
                if antwort.status_code != 403:
                    continue
                html = antwort.content
                gezeigt = text(html)
                if zustand() != vorher:
                    fehler.append(f"{zelle}: the refusal changed something")
                if antwort["Content-Type"].split(";")[0] != "text/html":
                    fehler.append(f"{zelle}: {antwort['Content-Type']}")
                for verraten in inhalte(f):
                    if verraten in gezeigt or verraten.encode() in html:
                        fehler.append(f"{zelle}: shows {verraten!r}")
                for link in verboten(f):
                    if link in links(html):
                        fehler.append(f"{zelle}: links {link}")
                if TITEL not in gezeigt or f"„{a_niveau.label}“" not in gezeigt:
                    fehler.append(f"{zelle}: no explanation: {gezeigt[:300]}")
                knopf = lxml.html.fromstring(html).get_element_by_id("niveau-anmelden")
                if knopf.get("href") != anmelde_url(next_url=seite.ziel, niveau=a_niveau):
                    fehler.append(f"{zelle}: step-up {knopf.get('href')} (ziel {seite.ziel})")
                sicherheit = [r for r in caplog.records if r.name == "rathaus.security"]
                if [r.getMessage() for r in sicherheit] != ["niveau_refused"]:
                    fehler.append(f"{zelle}: security log {sicherheit}")
                elif sicherheit[0].erforderlich != str(a_niveau):  # type: ignore[attr-defined]
                    fehler.append(f"{zelle}: logged {sicherheit[0].__dict__}")
    assert ergebnis == soll
    assert not fehler, "\n".join(fehler)
    # 4 sessions × 3 levels × 7 pages; each level's refusals (none for basis):
    assert len(ergebnis) == 84
    assert sum(v == "verweigert" for v in ergebnis.values()) == 7 * (2 + 2 + 1 + 0)


def test_englisch_verweigert_und_kehrt_auf_die_englische_seite_zurueck(faelle) -> None:
    buerger, alle = faelle
    client = sitzung(buerger, BASIS)
    f = alle[HOCH]
    url = "/en" + reverse("meine_antraege:detail", args=[f.antrag.pk])
    antwort = client.get(url)
    assert antwort.status_code == 403
    html = antwort.content
    assert 'lang="en"' in html.decode()
    assert "wurde bewilligt" not in text(html)
    knopf = lxml.html.fromstring(html).get_element_by_id("niveau-anmelden").get("href")
    params = parse_qs(urlsplit(knopf).query)
    assert params == {"next": [url], "niveau": ["hoch"], "sprache": ["en"]}


def test_hoeheres_niveau_liest_auch_was_niedriger_eingereicht_wurde(welt) -> None:
    """The level asked for is that of the Antrag, never that of the session now: a
    session at hoch reads an Antrag of basis or substantiell."""
    buerger = helfer.buerger()
    antrag = einreichen(welt, buerger, SUBSTANTIELL)
    for niveau, status in ((HOCH, 200), (SUBSTANTIELL, 200), (BASIS, 403)):
        client = sitzung(buerger, niveau)
        assert client.get(reverse("antraege:quittung", args=[antrag.pk])).status_code == status


# --- what the Antrag records --------------------------------------------------------------


def test_antrag_haelt_das_niveau_der_einreichung_nie_unter_dem_formular(tmp_path, db) -> None:
    welt = helfer.welt(tmp_path, vertrauensniveau="substantiell")
    buerger = helfer.buerger()
    assert einreichen(welt, buerger, HOCH).vertrauensniveau == HOCH
    # a session below the Formular's level cannot submit; the service still never records less
    assert einreichen(welt, buerger, BASIS).vertrauensniveau == SUBSTANTIELL
    assert einreichen(welt, buerger, None).vertrauensniveau == SUBSTANTIELL
    # a hostile value counts as nothing
    assert einreichen(welt, buerger, "ultra").vertrauensniveau == SUBSTANTIELL  # type: ignore[arg-type]
    protokoll = Protokoll.objects.filter(aktion="antrag.submit").order_by("pk").first()
    assert protokoll is not None and protokoll.details["vertrauensniveau"] == "hoch"


def test_absenden_ueber_die_seite_haelt_das_niveau_der_sitzung(welt) -> None:
    from rathaus.antraege.tests.web import absenden, client_mit

    buerger = helfer.buerger()
    client = sitzung(buerger, HOCH)
    entwurf = helfer.entwurf(welt.formular, buerger=buerger)
    antwort = absenden(client_mit(entwurf, client), entwurf)
    assert antwort.status_code == 303, antwort.content[:500]
    antrag = Antrag.objects.get(entwurf_ref=entwurf.pk)
    assert antrag.vertrauensniveau == HOCH  # the Formular asks only for basis
    # the receipt the submission leads to opens in the submitting session …
    assert client.get(antwort["Location"]).status_code == 200
    # … and not in a later one at basis
    assert sitzung(buerger, BASIS).get(antwort["Location"]).status_code == 403


# --- lists: name the item, not its content ------------------------------------------------


def test_listen_nennen_den_antrag_aber_nicht_seinen_inhalt(faelle) -> None:
    buerger, alle = faelle
    client = sitzung(buerger, BASIS)
    hoch, basis = alle[HOCH], alle[BASIS]
    vorher = zustand()

    konto = client.get(reverse("konten:konto"))
    assert konto.status_code == 200
    doc = lxml.html.fromstring(konto.content)
    eintraege = {
        " ".join(li.text_content().split()): li
        for li in doc.xpath("//li[contains(@class, 'meine-antraege__eintrag')]")
    }
    (gesperrt,) = [t for t in eintraege if hoch.antrag.aktenzeichen in t]
    (offen,) = [t for t in eintraege if basis.antrag.aktenzeichen in t]
    # named: title, Aktenzeichen, date, the level it needs, the way to its page
    assert "Testleistung" in gesperrt and "Gestellt mit Vertrauensniveau „hoch“" in gesperrt
    hrefs = [str(h) for h in eintraege[gesperrt].xpath(".//a/@href")]
    assert hrefs == [reverse("meine_antraege:detail", args=[hoch.antrag.pk])]
    # not its content: status, history, receipt
    felder = [" ".join(dt.text_content().split()) for dt in eintraege[gesperrt].xpath(".//dt")]
    assert felder == ["Aktenzeichen", "Eingegangen am"]
    assert eintraege[gesperrt].xpath(".//details") == []
    for inhalt in ("Verlauf", "abgeschlossen", "beschieden", "Eingangsbestätigung"):
        assert inhalt not in gesperrt, inhalt
    # the basis one as before
    assert "abgeschlossen" in offen and "Eingangsbestätigung" in offen

    postfach = client.get(reverse("konten:postfach"))
    zeilen = {
        " ".join(tr.text_content().split())
        for tr in lxml.html.fromstring(postfach.content).xpath("//tbody/tr")
    }
    hinweis = "Lesen nur mit Vertrauensniveau „hoch“"
    bescheid_zeilen = [
        z for z in zeilen if f"Bescheid zu Ihrem Antrag {hoch.antrag.aktenzeichen}" in z
    ]
    assert len(bescheid_zeilen) == 1 and hinweis in bescheid_zeilen[0]
    assert [z for z in zeilen if basis.antrag.aktenzeichen in z and hinweis in z] == []
    assert "Lesen nur mit Vertrauensniveau „substantiell“" in " ".join(zeilen)
    for z in zeilen:  # no message's text, only Betreff, date, read or not
        assert "wurde bewilligt" not in z and "Uhr eingegangen" not in z
    assert zustand() == vorher

    # at hoch nothing is locked
    offen_html = sitzung(buerger, HOCH).get(reverse("konten:postfach")).content.decode()
    assert "Lesen nur mit" not in offen_html


# --- refused answers and step-up ----------------------------------------------------------


def test_antwort_unter_dem_niveau_aendert_nichts(tmp_path, db) -> None:
    welt = helfer.welt(tmp_path, vertrauensniveau="hoch")
    buerger = helfer.buerger()
    antrag, verfahren, _sb = bh.wartend(welt, buerger)
    assert antrag.vertrauensniveau == HOCH  # from the Formular: bh submits without a session
    url = reverse("meine_antraege:detail", args=[antrag.pk])
    vorher = zustand()
    client = sitzung(buerger, SUBSTANTIELL)
    antwort = client.post(url, {"text": "Anbei der Lageplan.", "dateien": [helfer.upload()]})
    assert antwort.status_code == 403
    assert "Bitte reichen Sie den Lageplan nach." not in text(antwort.content)
    assert zustand() == vorher
    assert Verfahren.objects.get(pk=verfahren.pk).status == Verfahren.Status.WARTET
    # at the level the answer goes through
    antwort = sitzung(buerger, HOCH).post(url, {"text": "Anbei der Lageplan."})
    assert antwort.status_code == 303
    assert Verfahren.objects.get(pk=verfahren.pk).status != Verfahren.Status.WARTET


def test_anmelden_mit_dem_niveau_fuehrt_auf_die_seite_zurueck(netz: Netz, welt) -> None:
    """The refused page's link is the forms' step-up: the identity provider is asked for
    the level (acr_values), and after the login the browser is back on the page."""
    client = Client()
    _, params = idp_formular(client, "/konto/oidc/start/")
    client.get(idp_anmelden(client, params, "erika-mustermann"))  # eID: hoch
    erika = Buerger.objects.get(sub="TEST-HST-0003-hoch")
    antrag = einreichen(welt, erika, HOCH)
    url = reverse("meine_antraege:detail", args=[antrag.pk])
    assert client.get(url).status_code == 200

    # Later a session at basis (as a login with user name and password leaves it).
    session = client.session
    session[NIVEAU] = str(BASIS)
    session.save()
    verweigert = client.get(url)
    assert verweigert.status_code == 403
    start = lxml.html.fromstring(verweigert.content).get_element_by_id("niveau-anmelden")
    location, params = idp_formular(client, start.get("href"))
    assert params["acr_values"] == "STORK-QAA-Level-4"
    # the development IdP offers only persons who reach hoch
    auswahl = client.get(location.removeprefix("http://testserver")).content.decode()
    assert "Erika Mustermann" in auswahl and "Jan Petersen" not in auswahl
    zurueck = client.get(idp_anmelden(client, params, "erika-mustermann"))
    assert zurueck.status_code == 302 and zurueck["Location"] == url
    seite = client.get(url)
    assert seite.status_code == 200 and antrag.aktenzeichen in seite.content.decode()
    assert client.session[NIVEAU] == "hoch"


# --- hostile --------------------------------------------------------------------------------


def test_fremder_antrag_bleibt_404_auf_jedem_niveau(faelle) -> None:
    buerger, alle = faelle
    fremd = helfer.buerger("fremd")
    for niveau in SITZUNGEN:
        client = sitzung(fremd, niveau)
        for f in alle.values():
            for name, seite in seiten(f).items():
                antwort = client.get(seite.url)
                assert antwort.status_code == 404, (niveau, f.niveau, name, antwort.status_code)
                assert b"wurde bewilligt" not in antwort.content
            assert client.post(seiten(f)["antrag"].url, {"text": "x"}).status_code == 404
    for url in (
        reverse("meine_antraege:detail", args=[999_999]),
        reverse("konten:nachricht", args=[999_999]),
        reverse("konten:nachricht_dokument", args=[999_999]),
    ):
        assert sitzung(buerger, HOCH).get(url).status_code == 404


def test_fremdes_aktenzeichen_im_verweis_oeffnet_nichts_und_sperrt_nichts(faelle) -> None:
    """A message of citizen B that names A's Aktenzeichen is B's message at basis: the
    levels of someone else's Anträge are neither read nor used."""
    from rathaus.core.services import SYSTEM
    from rathaus.konten import services

    _a, alle = faelle
    b = helfer.buerger("b")
    nachricht = services.postfachnachricht_create(
        empfaenger=b,
        betreff="Hinweis",
        text="Ein Text für B.",
        dokument_referenz=alle[HOCH].antrag.aktenzeichen,
        actor=SYSTEM,
    )
    antwort = sitzung(b, BASIS).get(reverse("konten:nachricht", args=[nachricht.pk]))
    assert antwort.status_code == 200 and "Ein Text für B." in text(antwort.content)


def test_sitzung_mit_unbekanntem_niveau_ist_keine_hoehere(faelle) -> None:
    buerger, alle = faelle
    client = sitzung(buerger, HOCH)
    session = client.session
    session[NIVEAU] = "ultra"
    session.save()
    assert client.get(seiten(alle[SUBSTANTIELL])["bescheid"].url).status_code == 403
    assert client.get(seiten(alle[BASIS])["bescheid"].url).status_code == 200
