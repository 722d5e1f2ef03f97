"""The users of the load benchmark (`bench.last`), a locustfile; run only by `bench.last`,
which writes the configuration this file reads (BENCH_LAST_KONFIG) and reads back what it
records (BENCH_LAST_ERGEBNIS).

Each task is one *page action*: what a person does with one click, a POST with the page it
redirects to counted as one action (its time is the time until that page arrived; both
requests are counted in `http`). Kinds, as `bench.last` reports them:

    suche        GET /suche/?q=…                                     visitors
    leistung     GET /leistungen/<slug>/                             visitors
    formular     open step 1, save steps 1–3 (step 3 with "Zwischenspeichern"), open step 4
    upload       step 4 with the PDF Nachweis (multipart) → review page
    einreichen   "Antrag verbindlich absenden" → receipt page
    konto        Mein Konto, Postfach, the status page of one's Antrag
    aufgaben     staff: the task list
    verfahren    staff: a Verfahren page
    bare         the bare Django view of bench.urls (the baseline under the same load)

A citizen walks the real FIM form of the demo (S05000001319) through its pages as a browser
does (`bench.formular_http`).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import Counter, defaultdict
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, constant_throughput, events, task

from bench.formular_http import (
    DATEIFELD,
    Fehler,
    ausfuellen,
    fehlertext,
    formular_felder,
    multipart,
)

KONFIG: dict[str, Any] = json.loads(Path(os.environ["BENCH_LAST_KONFIG"]).read_text())
RATE = float(KONFIG["rate_pro_nutzer"])

PDF = Path(KONFIG["pdf"]).read_bytes()

# -- what every user records --------------------------------------------------------------

zeiten: dict[str, list[tuple[float, float]]] = defaultdict(list)  # kind → (start, ms)
fehler: Counter[str] = Counter()
http_anfragen: Counter[str] = Counter()


def _aufzeichnen(art: str, start: float, ms: float, problem: str | None) -> None:
    if problem is None:
        zeiten[art].append((start, ms))
    else:
        fehler[f"{art}: {problem}"[:300]] += 1


@events.quitting.add_listener
def _schreiben(environment: Any, **_kw: Any) -> None:
    ziel = os.environ.get("BENCH_LAST_ERGEBNIS")
    if ziel:
        Path(ziel).write_text(
            json.dumps(
                {"zeiten": zeiten, "fehler": dict(fehler), "http": dict(http_anfragen)},
                ensure_ascii=False,
            )
        )


# -- users --------------------------------------------------------------------------------


class Nutzer(FastHttpUser):
    abstract = True
    wait_time = constant_throughput(RATE)
    # one action = one page; the server's time is what is measured, not the network
    connection_timeout = 60.0
    network_timeout = 60.0

    def _cookie(self, name: str, wert: str) -> None:
        host = urlsplit(self.host).hostname or "127.0.0.1"
        self.client.cookiejar.set_cookie(
            Cookie(
                0,
                name,
                wert,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )

    def _csrf(self) -> str:
        for c in self.client.cookiejar:
            if c.name == "csrftoken":
                return str(c.value)
        return ""

    def _anfrage(
        self, art: str, methode: str, pfad: str, erwartet: tuple[int, ...], **kw: Any
    ) -> Any:
        http_anfragen[art] += 1
        antwort = self.client.request(methode, pfad, allow_redirects=False, name=art, **kw)
        if antwort.status_code not in erwartet:
            hinweis = fehlertext(antwort.text or "") if antwort.status_code in (200, 400) else ""
            raise Fehler(
                f"{methode} {re.sub(r'/\d+/', '/N/', pfad)} → {antwort.status_code} {hinweis}".strip()
            )
        return antwort

    def seite(self, art: str, pfad: str) -> str:
        return str(self._anfrage(art, "GET", pfad, (200,)).text)

    def absenden(
        self, art: str, pfad: str, body: Any, typ: str, erwartet: tuple[int, ...] = (302, 303)
    ) -> tuple[str, str]:
        """POST and follow the redirect; the target's path and page."""
        headers = {"Content-Type": typ, "Referer": self.host + pfad}
        antwort = self._anfrage(art, "POST", pfad, erwartet, data=body, headers=headers)
        ziel = urlsplit(antwort.headers.get("Location", "")).path
        return ziel, self.seite(art, ziel)

    def aktion(self, art: str, arbeit: Any) -> Any:
        start = time.time()
        t0 = time.perf_counter()
        try:
            ergebnis = arbeit()
        except Fehler as exc:
            _aufzeichnen(art, start, 0, str(exc))
            return None
        except Exception as exc:  # connection refused, timeout …
            _aufzeichnen(art, start, 0, f"{type(exc).__name__}: {exc}")
            return None
        _aufzeichnen(art, start, (time.perf_counter() - t0) * 1000, None)
        return ergebnis


class Besucher(Nutzer):
    """Anonymous visitors: search and service pages."""

    fixed_count = int(KONFIG["besucher"])

    @task(35)
    def suche(self) -> None:
        q = random.choice(KONFIG["suchbegriffe"])
        self.aktion("suche", lambda: self.seite("suche", "/suche/?" + urlencode({"q": q})))

    @task(25)
    def leistung(self) -> None:
        slug = random.choice(KONFIG["leistungen"])
        self.aktion("leistung", lambda: self.seite("leistung", f"/leistungen/{slug}/"))


_sitzungen = itertools.count()


class Buerger(Nutzer):
    """A logged-in citizen (a session made by bench.last, see there) who fills the demo
    form, uploads a Nachweis, submits, and looks at Mein Konto, over and over."""

    fixed_count = int(KONFIG["buerger"])

    def on_start(self) -> None:
        nummer = next(_sitzungen)
        self._cookie(
            KONFIG["cookie"], KONFIG["buerger_sitzungen"][nummer % len(KONFIG["buerger_sitzungen"])]
        )
        self.schritt = 0
        self.seite_html = ""
        self.pfad = ""
        self.antraege: list[str] = []
        self.konto = 0
        self.formular = int(KONFIG["formular"])

    def _schritt_senden(self, art: str, aktion: str, datei: bool = False) -> tuple[str, str]:
        ziel, felder = formular_felder(self.seite_html)
        daten = ausfuellen(felder, aktion)
        if datei:
            body, typ = multipart(daten, (DATEIFELD, "nachweis.pdf", PDF))
        else:
            body, typ = urlencode(daten).encode(), "application/x-www-form-urlencoded"
        return self.absenden(art, ziel or self.pfad, body, typ)

    def _weiter(self) -> None:
        f = self.formular
        s = self.schritt
        if s == 0:  # open the form
            self.pfad = f"/antrag/{f}/schritt/1/"
            antwort = self._anfrage("formular", "GET", self.pfad, (200, 302))
            if antwort.status_code == 302:  # a saved draft is offered first: go on with it
                self._fortsetzen(urlsplit(antwort.headers.get("Location", "")).path)
                return
            self.seite_html = antwort.text
        elif s in (1, 2):  # steps 1 and 2, "Weiter"
            self.pfad, self.seite_html = self._schritt_senden("formular", "weiter")
        elif s == 3:  # step 3, "Zwischenspeichern"
            ziel, _seite = self._schritt_senden("formular", "speichern")
            if "/speichern/" not in ziel:
                raise Fehler(f"saving went to {ziel}")
        elif s == 4:  # back to the form: step 4
            self.pfad = f"/antrag/{f}/schritt/4/"
            self.seite_html = self.seite("formular", self.pfad)
        elif s == 5:  # the Nachweis, then the review page
            self.pfad, self.seite_html = self._schritt_senden("upload", "weiter", datei=True)
            if "/pruefen/" not in self.pfad:
                raise Fehler(f"step 4 went to {self.pfad}")
        elif s == 6:  # submit
            ziel, felder = formular_felder(self.seite_html, "antrag-absenden")
            daten = [(x["name"], x.get("value", "")) for x in felder if x.get("type") == "hidden"]
            self.pfad, _seite = self.absenden(
                "einreichen", ziel, urlencode(daten).encode(), "application/x-www-form-urlencoded"
            )
            self.antraege.append(self.pfad)
        else:  # Mein Konto
            self.konto += 1
            if self.konto % 3 == 0:
                self.seite("konto", "/konto/postfach/")
            elif self.konto % 3 == 1:
                self.seite("konto", "/konto/")
            elif self.antraege:  # the status page of the last Antrag (receipt: /antraege/<pk>/)
                pk = self.antraege[-1].rstrip("/").rsplit("/", 1)[-1]
                self.seite("konto", f"/konto/antraege/{pk}/")
            else:
                self.seite("konto", "/konto/")

    def _fortsetzen(self, pfad: str) -> None:
        """Resume the saved draft the page offers ("Gespeicherten Antrag fortsetzen"),
        at the step it was left."""
        if "/gespeichert/" not in pfad:
            raise Fehler(f"step 1 redirected to {pfad}")
        seite = self.seite("formular", pfad)
        entwurf = re.search(r'name="entwurf" value="(\d+)"', seite)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite)
        if not entwurf or not token:
            raise Fehler("saved draft page without a draft to resume")
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "entwurf": entwurf.group(1)})
        self.pfad, self.seite_html = self.absenden(
            "formular", pfad, body.encode(), "application/x-www-form-urlencoded"
        )
        schritt = re.search(r"/schritt/(\d+)/", self.pfad)
        if not schritt:
            raise Fehler(f"resuming went to {self.pfad}")
        # the state whose successor sends the step now open (see _weiter)
        self.schritt = {1: 0, 2: 1, 3: 2, 4: 4}[int(schritt.group(1))]

    @task
    def weiter(self) -> None:
        art = (
            "formular",
            "formular",
            "formular",
            "formular",
            "formular",
            "upload",
            "einreichen",
            "konto",
        )[self.schritt]
        ok = self.aktion(art, lambda: self._weiter() or True)
        self.schritt = (self.schritt + 1) % 8 if ok else 0


class Mitarbeiter(Nutzer):
    """Staff of the Gewerbe unit (sessions from a real login with password and TOTP code)."""

    fixed_count = int(KONFIG["mitarbeiter"])
    wait_time = constant_throughput(float(KONFIG["rate_mitarbeiter"]))

    def on_start(self) -> None:
        nummer = next(_sitzungen)
        self._cookie(
            KONFIG["cookie"],
            KONFIG["mitarbeiter_sitzungen"][nummer % len(KONFIG["mitarbeiter_sitzungen"])],
        )
        self.verfahren: list[str] = []

    @task(1)
    def aufgaben(self) -> None:
        def arbeit() -> None:
            seite = self.seite("aufgaben", "/arbeitsplatz/aufgaben/")
            self.verfahren = re.findall(r'href="(/arbeitsplatz/verfahren/\d+/)[#"]', seite)[:50]

        self.aktion("aufgaben", arbeit)

    @task(2)
    def verfahren_seite(self) -> None:
        if not self.verfahren:
            return self.aufgaben()
        pfad = random.choice(self.verfahren)
        self.aktion("verfahren", lambda: self.seite("verfahren", pfad))
        return None


class Grundlinie(Nutzer):
    """The bare view, at a low rate, under the same load as everything else."""

    fixed_count = int(KONFIG["grundlinie"])
    wait_time = constant_throughput(float(KONFIG["rate_grundlinie"]))

    @task
    def bare(self) -> None:
        self.aktion("bare", lambda: self.seite("bare", "/__bench__/bare"))
