"""Appointment figures from termine's statistics: counts masked, shown on page and PDF."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from lxml import html
from pypdf import PdfReader

from rathaus.berichte.pdf import bericht_pdf
from rathaus.berichte.services import kennzahlenstand_create
from rathaus.termine.models import Buchung, BuchungPosition
from rathaus.termine.tests.helfer import welt


def _buchungen(w, *, anzahl: int, status: str, kanal: str = "online", tage: int = 10) -> None:
    jetzt = timezone.now()
    for i in range(anzahl):
        beginn = jetzt - timedelta(days=tage, hours=i)
        b = Buchung.objects.create(
            nummer=f"T{status[:3]}{kanal[:2]}{i:04d}", token_hash="0" * 64, terminort=w.terminort,
            schalter=w.schalter[0], beginn=beginn, einheiten=1, ende=beginn + timedelta(minutes=15),
            status=status, kanal=kanal, bestaetigt_am=beginn - timedelta(days=6),
        )  # fmt: skip
        BuchungPosition.objects.create(buchung=b, leistung=w.ausweis, einheiten=1)


def test_appointments_on_page_pdf_and_open_data(db, client) -> None:
    kennzahlenstand_create(actor="test")
    seite = client.get("/digitalisierung/").content.decode()
    assert seite.count("Noch keine Daten.") == 2  # appointments and payments
    w = welt()
    _buchungen(w, anzahl=6, status=Buchung.Status.ERSCHIENEN)
    _buchungen(w, anzahl=2, status=Buchung.Status.NICHT_ERSCHIENEN, kanal="telefon")
    kennzahlenstand_create(actor="test")
    termine = {
        z["kennzahl"]: z["wert"] for z in client.get("/opendata/termine.json").json()["daten"]
    }
    assert termine["gebucht"] == 8 and termine["online"] == 6
    assert termine["nicht_erschienen"] == "< 5" and termine["quote_nicht_erschienen"] is None
    assert termine["storniert"] == 0
    seite = html.fromstring(client.get("/digitalisierung/").content)
    assert seite.xpath('string(//dd[@data-kennzahl="termine-gebucht"])') == "8"
    jahr, monat = timezone.localdate().year, timezone.localdate().month
    pdf = bericht_pdf(quartal=f"{jahr}-Q{(monat - 1) // 3 + 1}")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = "".join(text.split())
    assert "GebuchteTermine8" in text and "nichterschienen<5" in text
