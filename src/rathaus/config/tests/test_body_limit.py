"""The request-body limit: a body larger than allowed is refused with 413 from its
Content-Length, before a single byte of it is read; the routes that take the files of an
Antrag allow all of its Anlagen, every other route only RATHAUS_MAX_REQUEST_BYTES."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from .test_produktion import umgebung

pytestmark = pytest.mark.django_db

KLEIN = 64 * 1024  # RATHAUS_MAX_REQUEST_BYTES in these tests
ANTRAG = 256 * 1024  # RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES in these tests
GRENZE = "rathaus-grenze"


class Strom:
    """A multipart body of `groesse` bytes (one file part), made while it is read; counts
    what was read, so a test can tell whether the application read the body at all."""

    def __init__(self, groesse: int) -> None:
        self.kopf = (
            f"--{GRENZE}\r\n"
            'Content-Disposition: form-data; name="datei"; filename="scan.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self.fuss = f"\r\n--{GRENZE}--\r\n".encode()
        self.groesse = groesse
        self.gelesen = 0

    def read(self, size: int = -1) -> bytes:
        rest = self.groesse - self.gelesen
        n = rest if size is None or size < 0 else min(size, rest)
        fuss_ab = self.groesse - len(self.fuss)
        anfang, ende = self.gelesen, self.gelesen + n
        stueck = self.kopf[anfang:ende]
        stueck += b"%" * max(0, min(ende, fuss_ab) - max(anfang, len(self.kopf)))
        stueck += self.fuss[max(0, anfang - fuss_ab) : max(0, ende - fuss_ab)]
        self.gelesen = ende
        return stueck

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def _post(pfad: str, groesse: int, **extra: Any) -> tuple[Any, Strom]:
    strom = Strom(groesse)
    client = Client(enforce_csrf_checks=True)
    # with a CSRF cookie, as any visitor has after one page: the CSRF check then reads the
    # form to find the token
    client.cookies["csrftoken"] = "c" * 32
    antwort = client.generic(
        "POST",
        pfad,
        **{
            "wsgi.input": strom,
            "CONTENT_LENGTH": str(groesse),
            "CONTENT_TYPE": f"multipart/form-data; boundary={GRENZE}",
            **extra,
        },
    )
    return antwort, strom


@pytest.fixture
def grenzen(settings: Any) -> None:
    settings.RATHAUS_MAX_REQUEST_BYTES = KLEIN
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = KLEIN
    settings.RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES = ANTRAG


def test_a_60_mb_anonymous_post_is_refused_unread() -> None:
    # the default limits: 60 MB is above every one of them
    for pfad in ("/", "/antrag/1/schritt/1/", "/konto/antraege/1/", "/api/v1/antraege/"):
        antwort, strom = _post(pfad, 60 * 1024 * 1024)
        assert antwort.status_code == 413, pfad
        assert strom.gelesen == 0, pfad
        assert not antwort.has_header("Connection")  # hop-by-hop: not the application's


UPLOAD_ROUTEN = [
    "/antrag/7/schritt/2/",  # a form step with file fields
    "/en/antrag/7/schritt/2/",
    "/konto/antraege/7/",  # the answer to a Nachforderung
    "/en/konto/antraege/7/",
    "/api/v1/antraege/",  # submission from another online service
    "/arbeitsplatz/posteingang/",  # incoming post scanned by staff
    "/admin/verfahren/prozessmodell/add/",  # a BPMN model of the Fachadministration
]


@pytest.mark.usefixtures("grenzen")
@pytest.mark.parametrize("pfad", UPLOAD_ROUTEN)
def test_upload_routes_take_all_anlagen_of_an_antrag(pfad: str) -> None:
    antwort, _strom = _post(pfad, ANTRAG + KLEIN)  # all files plus the form's fields
    assert antwort.status_code != 413
    antwort, strom = _post(pfad, ANTRAG + KLEIN + 1)
    assert antwort.status_code == 413 and strom.gelesen == 0


@pytest.mark.usefixtures("grenzen")
@pytest.mark.parametrize(
    "pfad",
    [
        "/",
        "/antrag/7/speichern/",
        "/antrag/7/pruefen/",
        "/en/antrag/7/",
        "/konto/",
        "/arbeitsplatz/anmelden/",
        "/api/v1/verfahren/7/notizen/",
        "/admin/login/",
        "/gibt/es/nicht/",
    ],
)
def test_other_routes_take_only_the_small_limit(pfad: str) -> None:
    antwort, strom = _post(pfad, KLEIN + 1)
    assert antwort.status_code == 413 and strom.gelesen == 0
    antwort, _strom = _post(pfad, KLEIN)
    assert antwort.status_code != 413


@pytest.mark.usefixtures("grenzen")
def test_the_answer_is_a_short_german_page() -> None:
    antwort, _strom = _post("/antrag/7/speichern/", 5 * KLEIN)
    seite = antwort.content.decode()
    assert antwort["Content-Type"].startswith("text/html")
    assert '<html lang="de">' in seite
    assert "<h1" in seite and "zu groß" in seite
    assert "64 KB" in seite  # the limit as the citizen reads it
    assert antwort["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in antwort["Content-Security-Policy"]


@pytest.mark.usefixtures("grenzen")
def test_the_api_answers_in_json() -> None:
    antwort, _strom = _post("/api/v1/antraege/", 2 * ANTRAG)
    assert antwort.status_code == 413
    assert antwort["Content-Type"] == "application/json"
    assert "zu groß" in antwort.json()["detail"]


@pytest.mark.usefixtures("grenzen")
@pytest.mark.parametrize("laenge", ["abc", "-5", "", "1e9", "0x7fffffff"])
def test_a_malformed_content_length_is_no_body(laenge: str) -> None:
    # Django reads such a request as one without a body; it is not refused here either
    antwort = Client().get("/healthz", CONTENT_LENGTH=laenge)
    assert antwort.status_code in {200, 503}


def test_the_limits_come_from_the_environment(tmp_path) -> None:
    zeigen = (
        "import rathaus.config.settings as s; "
        "print(s.RATHAUS_MAX_REQUEST_BYTES, s.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    )

    def lauf(**werte: str) -> subprocess.CompletedProcess[str]:
        env = umgebung(tmp_path, RATHAUS_DEV_IDP="1", **werte)
        return subprocess.run(
            [sys.executable, "-c", zeigen], env=env, capture_output=True, text=True, check=False
        )

    assert lauf().stdout.split() == [str(2 * 1024 * 1024)] * 2
    assert lauf(RATHAUS_MAX_REQUEST_BYTES="1048576").stdout.split() == ["1048576"] * 2
    for falsch in ("zwei MB", "100"):
        fehler = lauf(RATHAUS_MAX_REQUEST_BYTES=falsch)
        assert fehler.returncode != 0
        assert "ImproperlyConfigured: RATHAUS_MAX_REQUEST_BYTES" in fehler.stderr
