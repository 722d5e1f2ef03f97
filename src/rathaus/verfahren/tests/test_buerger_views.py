"""The citizen's page "Mein Antrag": only for the owner; answering a Nachforderung with
text and files; hostile or late answers get a clear error and change nothing."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rathaus.akten.models import Dokument
from rathaus.antraege.tests import helfer
from rathaus.verfahren.models import Verfahren

from . import buerger_helfer as bh
from .test_antwort import akten_dateien, stand


@pytest.fixture(autouse=True)
def _deutsch():
    # reverse() prefixes the active language; an earlier /en/ request leaves it active.
    with translation.override("de"):
        yield


@pytest.fixture
def welt(db, tmp_path):
    cache.clear()
    return helfer.welt(tmp_path)


@pytest.fixture
def lage(welt):
    buerger = helfer.buerger()
    antrag, verfahren, _sb = bh.wartend(welt, buerger)
    client = Client()
    client.force_login(buerger.user)
    return buerger, antrag, verfahren, client


def url(antrag) -> str:
    return reverse("meine_antraege:detail", args=[antrag.pk])


def roh(*teile: tuple[str, str | None, bytes, str]) -> tuple[bytes, str]:
    """A multipart body written by hand, so file names reach the server as sent."""
    grenze = "rathaus-test-grenze"
    body = b""
    for name, dateiname, inhalt, typ in teile:
        kopf = f'Content-Disposition: form-data; name="{name}"'
        if dateiname is not None:
            kopf += f'; filename="{dateiname}"\r\nContent-Type: {typ}'
        body += f"--{grenze}\r\n{kopf}\r\n\r\n".encode() + inhalt + b"\r\n"
    return body + f"--{grenze}--\r\n".encode(), f"multipart/form-data; boundary={grenze}"


def test_owner_sees_status_history_messages_deadline_and_form(lage):
    _b, antrag, verfahren, client = lage
    antwort = client.get(url(antrag))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert antrag.aktenzeichen in html and "Testleistung" in html
    for eintrag in antrag.status_eintraege.all():
        assert eintrag.get_status_display() in html
        if eintrag.bemerkung:
            assert eintrag.bemerkung in html
    frist = verfahren.fristen.get(art="nachforderung")
    assert f"Bitte antworten Sie bis zum {frist.datum.day}." in html
    assert "Bitte reichen Sie den Lageplan nach." in html  # the authority's message
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert 'name="text"' in html and 'name="dateien"' in html and "multiple" in html
    assert reverse("antraege:quittung", args=[antrag.pk]) in html
    assert reverse("antraege:quittung_pdf", args=[antrag.pk]) in html
    assert antwort["Cache-Control"].startswith("max-age=0")
    # linked from Mein Konto
    konto = client.get(reverse("konten:konto")).content.decode()
    assert f'href="{url(antrag)}"' in konto and "Details und Nachrichten" in konto
    assert client.get("/en" + url(antrag)).status_code == 200


def test_anonymous_goes_to_login_others_get_404(lage):
    _b, antrag, _v, _c = lage
    anonym = Client().get(url(antrag))
    assert anonym.status_code == 302
    assert anonym["Location"].startswith(reverse("konten:anmelden") + "?next=")
    fremd = Client()
    fremd.force_login(helfer.buerger("fremd").user)
    assert fremd.get(url(antrag)).status_code == 404
    assert fremd.post(url(antrag), {"text": "Hallo"}).status_code == 404
    staff = Client()
    staff.force_login(User.objects.get(username__startswith="sb-"))
    assert staff.get(url(antrag)).status_code == 403
    assert fremd.get(reverse("meine_antraege:detail", args=[999999])).status_code == 404


def test_antrag_without_verfahren_yet(welt):
    buerger = helfer.buerger()
    antrag = bh.eingereicht(welt, buerger)
    client = Client()
    client.force_login(buerger.user)
    html = client.get(url(antrag)).content.decode()
    assert "eingegangen" in html and "noch keine Nachrichten" in html
    assert 'name="dateien"' not in html
    antwort = client.post(url(antrag), {"text": "Hallo"})
    assert antwort.status_code == 409 and "keine Nachforderung offen" in antwort.content.decode()


def test_answer_with_text_and_files_then_success_message(lage, _private_media):
    _b, antrag, verfahren, client = lage
    antwort = client.post(
        url(antrag),
        {
            "text": "Anbei der Lageplan.",
            "dateien": [
                helfer.upload("lageplan.pdf"),
                helfer.upload("foto.png", helfer.png(), "image/png"),
            ],
        },
    )
    assert antwort.status_code == 303
    assert antwort["Location"] == url(antrag) + "#antrag-titel"
    html = client.get(antwort["Location"]).content.decode()
    assert "Vielen Dank, Ihre Antwort ist eingegangen" in html and 'class="meldungen"' in html
    assert 'name="dateien"' not in html  # nothing open any more
    assert Verfahren.objects.get(pk=verfahren.pk).status == Verfahren.Status.IN_BEARBEITUNG
    dokument = Dokument.objects.get(betreff__startswith="Antwort")
    assert sorted(a.bezeichnung for a in dokument.anlagen.all()) == ["foto.png", "lageplan.pdf"]
    # the success message is shown once
    assert 'class="meldungen"' not in client.get(url(antrag)).content.decode()


def _fehlerseite(antwort, status: int, *texte: str) -> str:
    assert antwort.status_code == status, antwort.status_code
    html = antwort.content.decode()
    assert 'role="alert"' in html and "<title>Fehler: " in html
    for text in texte:
        assert text in html, text
    return html


def test_empty_answer(lage):
    _b, antrag, verfahren, client = lage
    vorher = stand(verfahren)
    html = _fehlerseite(
        client.post(url(antrag), {"text": "  "}), 400, "Bitte schreiben Sie eine Antwort"
    )
    assert re.search(r'<a class="kern-link" href="#antwort-text">', html)
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="antwort-text-hinweis antwort-text-fehler1"' in html
    )
    assert stand(verfahren) == vorher


@pytest.mark.parametrize(
    ("teil", "text"),
    [
        (
            ("dateien", "lageplan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "application/pdf"),
            "kein PDF",
        ),
        (
            ("dateien", "programm.exe", b"MZ\x90\x00", "application/octet-stream"),
            "nicht zugelassen",
        ),
        (("dateien", "...", b"%PDF-1.7\n%%EOF\n", "application/pdf"), "nicht zulässig"),
        (
            ("dateien", "x" * 240 + ".pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
            "nicht zulässig",
        ),
    ],
)
def test_hostile_files_are_refused_and_change_nothing(lage, teil, text, _private_media):
    _b, antrag, verfahren, client = lage
    vorher, dateien = stand(verfahren), akten_dateien(_private_media)
    body, typ = roh(("text", None, b"Mein Text bleibt", ""), teil)
    html = _fehlerseite(client.post(url(antrag), body, content_type=typ), 400, text)
    assert '<a class="kern-link" href="#antwort-dateien">' in html
    assert "Mein Text bleibt</textarea>" in html
    assert stand(verfahren) == vorher
    assert akten_dateien(_private_media) == dateien


def test_oversized_file(lage, settings, _private_media):
    settings.RATHAUS_ANTRAEGE_MAX_DATEI_BYTES = 2048
    _b, antrag, verfahren, client = lage
    vorher = stand(verfahren)
    body, typ = roh(("dateien", "gross.pdf", b"%PDF-1.7\n" + b"0" * 4096, "application/pdf"))
    _fehlerseite(client.post(url(antrag), body, content_type=typ), 400, "größer als")
    assert stand(verfahren) == vorher


def test_traversal_names_never_reach_the_storage(lage, _private_media):
    _b, antrag, _v, client = lage
    body, typ = roh(
        ("dateien", "../../../../tmp/boese.pdf", helfer.pdf("A"), "application/pdf"),
        ("dateien", "..\\..\\windows\\boese2.pdf", helfer.pdf("B"), "application/pdf"),
    )
    assert client.post(url(antrag), body, content_type=typ).status_code == 303
    dokument = Dokument.objects.get(betreff__startswith="Antwort")
    assert sorted(a.bezeichnung for a in dokument.anlagen.all()) == ["boese.pdf", "boese2.pdf"]
    assert all(re.fullmatch(r".*/akten/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}", p)
               for p in akten_dateien(_private_media))  # fmt: skip


def test_answer_when_no_longer_waiting(lage):
    buerger, antrag, verfahren, client = lage
    from rathaus.verfahren import services

    services.nachforderung_mark_answered(verfahren=verfahren, actor=buerger.user, text="per Post")
    vorher = stand(verfahren)
    html = _fehlerseite(
        client.post(url(antrag), {"text": "Noch etwas", "dateien": [helfer.upload()]}),
        409,
        "keine Nachforderung",
    )
    assert 'name="dateien"' not in html
    assert stand(verfahren) == vorher


def test_rate_limit(lage, settings):
    settings.RATHAUS_VERFAHREN_ANTWORT_LIMIT = "2/600"
    _b, antrag, verfahren, client = lage
    for _ in range(2):
        assert client.post(url(antrag), {"text": ""}).status_code == 400
    vorher = stand(verfahren)
    _fehlerseite(client.post(url(antrag), {"text": "jetzt aber"}), 429, "zu oft")
    assert stand(verfahren) == vorher


def test_csrf_is_required(lage):
    buerger, antrag, verfahren, _c = lage
    client = Client(enforce_csrf_checks=True)
    client.force_login(buerger.user)
    vorher = stand(verfahren)
    assert client.post(url(antrag), {"text": "Hallo"}).status_code == 403
    assert stand(verfahren) == vorher
