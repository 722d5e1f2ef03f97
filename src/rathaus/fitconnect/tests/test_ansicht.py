"""Staff see on the Verfahren page that the Antrag came through FIT-Connect, from which
online service and sender."""

from __future__ import annotations

from django.urls import reverse
from lxml import html as lxml_html

from rathaus.arbeitsplatz.tests.conftest import angemeldet, mitarbeiter
from rathaus.fitconnect import services
from rathaus.fitconnect.selectors import herkunft_of
from rathaus.organisation.models import Rolle
from rathaus.verfahren.models import Verfahren

from .conftest import LEIKA, alles_zustellen


def test_verfahren_page_shows_fitconnect_sender_and_online_service(
    server, zustellpunkt, welt, absender
):
    gesendet = absender.senden(
        destination_id=zustellpunkt.destination_id,
        daten=welt.daten(),
        schema_uri=welt.schema_uri,
        leika=LEIKA,
        leistung_name="Schaustellung online",
    )
    services.einreichungen_abholen()
    alles_zustellen()
    v = Verfahren.objects.get()
    sb = mitarbeiter("sb-fc", welt.amt, rolle=Rolle.SACHBEARBEITUNG)
    seite = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert seite.status_code == 200
    baum = lxml_html.fromstring(seite.content.decode())
    (dd,) = baum.xpath("//dd[@id='fitconnect-herkunft']")
    text = dd.text_content()
    assert "FIT-Connect" in text and "Schaustellung online" in text
    assert gesendet.metadaten["additionalReferenceInfo"]["senderReference"] in text
    assert gesendet.submission_id in text
    assert dd.getprevious().tag == "dt"


def test_no_fitconnect_facts_for_other_antraege(db):
    assert herkunft_of(antrag_id=None) is None
    assert herkunft_of(antrag_id=123456) is None
