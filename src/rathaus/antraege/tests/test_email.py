"""Emails leave through the outbox, with Django's real SMTP backend against a local server:
a mail server that refuses (421) or is not there never fails the citizen's request; the row
is retried with backoff, the failure is recorded and listed in the admin, and the email goes
out once the server answers. "Link senden" refuses hostile addresses and changes nothing."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.validators import validate_email
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rathaus.antraege import services
from rathaus.antraege.models import Antrag
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll, Zeitplan
from rathaus.core.tests.otp import mit_zweitem_faktor
from rathaus.formulare.models import Entwurf
from rathaus.formulare.services import ENTWURF_LINK

from . import helfer
from .smtp import SmtpServer, freier_port, smtp_mailer
from .web import absenden, client_mit

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _link_senden(client: Client, entwurf: Entwurf, email: str):
    return client.post(reverse("formulare:speichern", args=[entwurf.formular_id]), {"email": email})


def _text(antwort) -> str:
    return " ".join(html.unescape(antwort.content.decode()).split())


def test_link_senden_while_the_mail_server_refuses_is_retried_then_sent(
    welt, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE  # the worker's delivery runs inside the request here
    settings.RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN = 30
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    with SmtpServer(ablehnen=True) as server:
        settings.MAILERS = smtp_mailer(server.port)
        vorher = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            antwort = _link_senden(client, entwurf, "b@example.org")
        assert antwort.status_code == 200
        seite = _text(antwort)
        assert "Wir senden den Link zum Fortsetzen an b@example.org." in seite
        assert "geschickt" not in seite and "versendet" not in seite
        assert server.sitzungen == 1  # tried at once, refused with 421
        row = Outbox.objects.get(topic=ENTWURF_LINK)
        assert row.consumer == "entwurf_link" and row.delivered_at is None
        assert row.attempts == 1
        assert "SMTPConnectError" in row.last_error and "421" in row.last_error
        assert vorher + timedelta(seconds=30) <= row.next_attempt_at
        assert row.next_attempt_at <= timezone.now() + timedelta(seconds=30)
        # still refused at the next attempt: the wait doubles
        t1 = row.next_attempt_at
        assert core_outbox.outbox_deliver(outbox_id=row.pk, now=t1) == "fehler"
        row.refresh_from_db()
        assert row.attempts == 2 and row.next_attempt_at == t1 + timedelta(seconds=60)
        assert server.sitzungen == 2
        # the server is back
        server.ablehnen = False
        assert core_outbox.outbox_deliver(outbox_id=row.pk, now=row.next_attempt_at) == "zugestellt"
    (nachricht,) = server.nachrichten
    assert nachricht["To"] == "b@example.org"
    assert nachricht["From"] == settings.DEFAULT_FROM_EMAIL
    link = next(z for z in nachricht.get_content().splitlines() if "/antrag/fortsetzen/" in z)
    browser = Client()
    assert browser.get(link[link.index("/antrag/") :]).status_code == 200
    token = link.rstrip("/").rpartition("/")[2]
    weiter = browser.post(reverse("formulare:fortsetzen_basis"), {"token": token})
    assert weiter.status_code == 302
    assert weiter["Location"] == reverse("formulare:schritt", args=[welt.formular.pk, 1])
    row.refresh_from_db()
    assert row.attempts == 3 and row.last_error == ""
    assert row.payload["email"] == ""  # the address is not kept once sent
    assert row.payload["entwurf"] == entwurf.pk


def test_submit_with_no_mail_server_shows_the_receipt_and_lists_the_failure_in_the_admin(
    welt, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.MAILERS = smtp_mailer(freier_port())  # nothing listens there
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = absenden(client, entwurf, email="erika@example.org")
    assert antwort.status_code == 303
    quittung = client.get(antwort["Location"])
    assert quittung.status_code == 200
    assert "Die Eingangsbestätigung senden wir auch an erika@example.org." in _text(quittung)
    antrag = Antrag.objects.get()
    mail_row = Outbox.objects.get(key=str(antrag.pk), consumer="email")
    assert mail_row.attempts == 1 and mail_row.delivered_at is None
    assert "ConnectionRefusedError" in mail_row.last_error
    eakte = Outbox.objects.get(key=str(antrag.pk), consumer="eingang")
    assert eakte.delivered_at is not None  # the other consumers are not held up

    admin = mit_zweitem_faktor(Client(), User.objects.create_superuser("it", password=None))
    liste = admin.get(reverse("admin:core_outbox_changelist"), {"zustand": "fehler"})
    assert liste.status_code == 200
    seite = liste.content.decode()
    assert reverse("admin:core_outbox_change", args=[mail_row.pk]) in seite
    assert "ConnectionRefusedError" in seite
    assert reverse("admin:core_outbox_change", args=[eakte.pk]) not in seite
    # after the warning number of attempts the row also counts as failing
    Outbox.objects.filter(pk=mail_row.pk).update(
        attempts=settings.RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB
    )
    seite = admin.get(
        reverse("admin:core_outbox_changelist"), {"zustand": "fehlschlagend"}
    ).content.decode()
    assert reverse("admin:core_outbox_change", args=[mail_row.pk]) in seite


@pytest.mark.django_db(transaction=True)
def test_no_database_lock_is_held_while_the_mail_server_talks(tmp_path, settings):
    w = helfer.welt(tmp_path)
    entwurf = helfer.entwurf(w.formular)
    antrag = services.antrag_submit(
        entwurf=entwurf,
        actor="test",
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
        email="erika@example.org",
    ).antrag
    row = Outbox.objects.get(key=str(antrag.pk), consumer="email")
    beobachtet: list[object] = []

    def andere_arbeit() -> None:
        # another request or worker during the SMTP conversation: it can write, and the
        # row being sent is not taken a second time
        try:
            with transaction.atomic():
                Zeitplan.objects.update_or_create(name="test", defaults={"geplant_fuer": None})
            beobachtet.append("geschrieben")
            beobachtet.append(core_outbox.outbox_deliver(outbox_id=row.pk))
        except Exception as exc:
            beobachtet.append(exc)
        finally:
            connections.close_all()

    with SmtpServer() as server:
        server.waehrend = andere_arbeit
        settings.MAILERS = smtp_mailer(server.port)
        assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    assert beobachtet == ["geschrieben", "nicht_faellig"]
    (nachricht,) = server.nachrichten
    assert nachricht["To"] == "erika@example.org"
    assert antrag.aktenzeichen in nachricht["Subject"]


# -- hostile input in "Link senden" --------------------------------------------------------

LANG_UND_GEKUERZT_GUELTIG = "b@" + ("a" * 61 + ".") * 4 + "example.org"


@pytest.mark.parametrize(
    "email",
    [
        "b@example.org\r\nBcc: boese@example.net",
        "b@example.org\nBcc: boese@example.net",
        "b@example.org\rBcc: boese@example.net",
        "b@example.org, boese@example.net",
        "Bcc: boese@example.net",
        "b\x00@example.org",
        "x" * 65 + "@example.org",  # more than 64 characters before the @
        LANG_UND_GEKUERZT_GUELTIG,  # 261 characters; the first 254 are another address
        "b@" + "x" * 1_000_000 + ".de",
    ],
    ids=["crlf", "lf", "cr", "komma", "header", "nul", "lokal65", "lang261", "megabyte"],
)
def test_link_senden_refuses_hostile_addresses_and_changes_nothing(welt, email):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    protokoll = Protokoll.objects.count()
    antwort = _link_senden(client, entwurf, email)
    assert antwort.status_code == 400
    seite = _text(antwort)
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in seite
    assert "x" * 255 not in seite  # the field shows at most 254 characters
    assert not Outbox.objects.exists()
    assert Protokoll.objects.count() == protokoll


def test_shortening_the_long_address_would_have_given_another_valid_address():
    # why the address is refused whole instead of cut to 254 characters as before
    validate_email(LANG_UND_GEKUERZT_GUELTIG[:254])
    assert LANG_UND_GEKUERZT_GUELTIG[:254].endswith(".exam")
