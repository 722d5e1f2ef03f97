from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.antraege.models import Antrag
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.formulare.selectors import entwurf_link_token

from . import helfer
from .web import absenden, client_mit


def test_review_page_carries_the_hidden_key_and_no_second_upload(welt):
    entwurf = helfer.entwurf(welt.formular)
    helfer.ablegen(entwurf, helfer.upload("mietvertrag.pdf"))
    client = client_mit(entwurf)
    html = client.get(reverse("formulare:pruefen", args=[welt.formular.pk])).content.decode()
    assert f'name="idempotenzschluessel" value="{idempotenzschluessel(entwurf=entwurf)}"' in html
    assert reverse("antraege:einreichen", args=[entwurf.pk]) in html
    # the file chosen on step 1 is listed there; the submit form has no file input of its own
    assert 'type="file"' not in html and "Nachweise und Anlagen" not in html
    assert "mietvertrag.pdf" in html


def test_submit_redirects_to_receipt_with_reference_number(welt):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    helfer.ablegen(entwurf, helfer.upload())
    antwort = absenden(client, entwurf, email="erika@example.org")
    assert antwort.status_code == 303
    antrag = Antrag.objects.get()
    assert antwort["Location"] == reverse("antraege:quittung", args=[antrag.pk])
    seite = client.get(antwort["Location"]).content.decode()
    assert antrag.aktenzeichen in seite and "nachweis.pdf" in seite
    pdf = client.get(reverse("antraege:quittung_pdf", args=[antrag.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    anlage = client.get(reverse("antraege:anlage", args=[antrag.pk, 1]))
    assert anlage.status_code == 200 and "attachment" in anlage["Content-Disposition"]


def test_double_submit_and_reload_show_the_same_receipt(welt):
    entwurf = helfer.entwurf(welt.formular)
    client = client_mit(entwurf)
    erste = absenden(client, entwurf)
    zweite = absenden(client, entwurf)
    assert erste["Location"] == zweite["Location"]
    assert Antrag.objects.count() == 1


@pytest.mark.parametrize("ziel", ["antraege:quittung", "antraege:quittung_pdf"])
def test_receipt_and_downloads_are_private(welt, ziel):
    entwurf = helfer.entwurf(welt.formular)
    helfer.ablegen(entwurf, helfer.upload())
    absenden(client_mit(entwurf), entwurf)
    antrag = Antrag.objects.get()
    fremd = Client()
    assert fremd.get(reverse(ziel, args=[antrag.pk])).status_code == 404
    assert fremd.get(reverse("antraege:anlage", args=[antrag.pk, 1])).status_code == 404
    b = helfer.buerger("fremd")
    fremd.force_login(b.user)
    assert fremd.get(reverse(ziel, args=[antrag.pk])).status_code == 404


def test_logged_in_citizen_sees_antraege_and_drafts_in_mein_konto(welt):
    from rathaus.konten.sitzung import sitzung_beginnen

    b = helfer.buerger()
    client = Client()
    client.force_login(b.user)
    session = client.session
    import time

    sitzung_beginnen(session, niveau="basis", jetzt=time.time())
    session.save()
    entwurf = helfer.entwurf(welt.formular, buerger=b)
    offen = helfer.entwurf(welt.formular, buerger=b)
    client_mit(entwurf, client)
    assert absenden(client, entwurf).status_code == 303
    antrag = Antrag.objects.get()
    assert antrag.buerger == b
    html = client.get(reverse("konten:konto")).content.decode()
    assert antrag.aktenzeichen in html and "Testleistung" in html and "eingegangen" in html
    assert reverse("antraege:quittung_pdf", args=[antrag.pk]) in html
    assert "fortsetzen" in html and html.count("Gespeicherte Entwürfe") == 1
    assert offen.pk != entwurf.pk


def test_substantiell_form_requires_login_at_that_level(db, tmp_path):
    w = helfer.welt(tmp_path, vertrauensniveau="substantiell")
    entwurf = helfer.entwurf(w.formular)
    antwort = absenden(client_mit(entwurf), entwurf)
    assert antwort.status_code == 302 and "niveau=substantiell" in antwort["Location"]
    assert not Antrag.objects.exists()


def test_get_on_submit_url_goes_back_to_review(welt):
    entwurf = helfer.entwurf(welt.formular)
    antwort = client_mit(entwurf).get(reverse("antraege:einreichen", args=[entwurf.pk]))
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("formulare:pruefen", args=[welt.formular.pk])


def test_submit_runs_a_fixed_number_of_queries(
    welt, django_capture_on_commit_callbacks, django_assert_num_queries
):
    # The first submit builds the form's cached definition and plans the outbox sweep.
    erster = helfer.entwurf(welt.formular)
    with django_capture_on_commit_callbacks(execute=True):
        assert absenden(client_mit(erster), erster).status_code == 303
    entwurf = helfer.entwurf(welt.formular)
    helfer.ablegen(entwurf, helfer.upload())
    client = client_mit(entwurf)
    # Session, Antrag from this draft?, draft with its Formular. Savepoint, draft lock,
    # Antrag by key or draft, the draft's files, counter, Antrag, status, Anlagen, the
    # draft's file rows handed over (deleted), outbox, Protokoll (chain head, head,
    # entry), release. Session write (savepoint, update, release). After the commit: one
    # task per outbox row (here only the intake: no email given) and the sweep check.
    # Before the submit: is an advance fee due (zahlungen)?
    with django_assert_num_queries(23), django_capture_on_commit_callbacks(execute=True):
        antwort = absenden(client, entwurf)
    assert antwort.status_code == 303
    assert Antrag.objects.filter(entwurf_ref=entwurf.pk).exists()


def test_who_sent_a_resume_link_cannot_submit_the_draft_after_it_was_used(welt):
    """Draft fixation: the sender of a link kept the draft in his session and could submit
    what the person who used the link typed, with his own email address."""
    entwurf = helfer.entwurf(welt.formular)
    angreifer = client_mit(entwurf)
    link = reverse("formulare:fortsetzen", args=[entwurf_link_token(entwurf=entwurf)])
    opfer = Client()
    if opfer.get(link).status_code == 200:  # the page asking to continue
        token = link.rstrip("/").rpartition("/")[2]
        opfer.post(reverse("formulare:fortsetzen_basis"), {"token": token})
    antwort = absenden(angreifer, entwurf, email="angreifer@example.org")
    assert antwort.status_code == 404
    assert not Antrag.objects.exists()
    # the person who used the link submits it
    entwurf.refresh_from_db()
    assert absenden(opfer, entwurf, email="opfer@example.org").status_code == 303
    assert Antrag.objects.get().email == "opfer@example.org"
