"""Payment figures from zahlungen: paid fees by channel, counts masked, on page, PDF and as
open data; unpaid, failed and older payments do not count."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from lxml import html
from pypdf import PdfReader

from rathaus.berichte.pdf import bericht_pdf
from rathaus.berichte.services import kennzahlenstand_create
from rathaus.zahlungen.models import Zahlung, ZahlungStatus


def _zahlungen(
    *,
    anzahl: int,
    anbieter: str,
    status: str = ZahlungStatus.BEZAHLT,
    tage: int = 10,
    start: int = 0,
) -> None:
    jetzt = timezone.now()
    for i in range(start, start + anzahl):
        Zahlung.objects.create(
            kassenzeichen=f"RHTEST{i:06d}", subjekt=f"antrag:{i}", betrag_cent=1500,
            zweck="Gebuehr", beschreibung="Gebuehr", status=status, anbieter=anbieter,
            bezahlt_am=jetzt - timedelta(days=tage) if status != ZahlungStatus.OFFEN else None,
        )  # fmt: skip


def _zahlen(client) -> dict:
    return {
        z["kennzahl"]: z["wert"] for z in client.get("/opendata/zahlungen.json").json()["daten"]
    }


def test_paid_fees_by_channel_on_page_pdf_and_open_data(db, client) -> None:
    kennzahlenstand_create(actor="test")
    assert _zahlen(client) == {}
    _zahlungen(anzahl=7, anbieter="xbezahldienste")
    _zahlungen(anzahl=2, anbieter="girocode", start=100)
    # not counted: open, older than twelve months
    _zahlungen(anzahl=3, anbieter="xbezahldienste", status=ZahlungStatus.OFFEN, start=200)
    _zahlungen(anzahl=5, anbieter="girocode", tage=400, start=300)
    kennzahlenstand_create(actor="test")
    assert _zahlen(client) == {"online": 7, "ueberweisung": "< 5"}
    seite = html.fromstring(client.get("/digitalisierung/").content)
    assert seite.xpath('string(//dd[@data-kennzahl="zahlungen-online"])') == "7"
    assert seite.xpath('string(//dd[@data-kennzahl="zahlungen-ueberweisung"])') == "< 5"
    jahr, monat = timezone.localdate().year, timezone.localdate().month
    pdf = bericht_pdf(quartal=f"{jahr}-Q{(monat - 1) // 3 + 1}")
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "onlinebezahlt7" in text and "perÜberweisung<5" in text
