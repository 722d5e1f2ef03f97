"""Plugin ``girocode``: bank transfer with an EPC QR code ("GiroCode", EPC069-12).

The code carries the city's account (RATHAUS_ZAHLUNG_EMPFAENGER, _IBAN, _BIC), the amount
and the Kassenzeichen as the transfer's text, so the bank statement can be matched to the
payment. No provider can be asked: the payment stays ``offen`` until the Stadtkasse books
it (`services.zahlung_book_transfer`).
"""

from __future__ import annotations

import io
import re
import secrets

import qrcode
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import AnbieterFehler, Auftrag, Stand, Start, Zahlungsanbieter, zahlungsanbieter

IBAN_RE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
BIC_RE = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")
EPC_MAX_BYTES = 331
BETRAG_MAX_CENT = 999_999_999_99


def iban_gueltig(iban: str) -> bool:
    """Form and ISO 7064 mod-97 check of an IBAN (no spaces, capitals)."""
    if not IBAN_RE.fullmatch(iban):
        return False
    umgestellt = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in umgestellt)) % 97 == 1


def _einzeilig(text: str, laenge: int) -> str:
    return re.sub(r"\s+", " ", text).strip()[:laenge]


def epc_payload(
    *, name: str, iban: str, betrag_cent: int, verwendungszweck: str, bic: str = ""
) -> str:
    """The EPC069-12 payload (version 002, UTF-8, SEPA credit transfer); the Kassenzeichen
    goes into the unstructured remittance text (it is no ISO 11649 creditor reference)."""
    iban = iban.replace(" ", "").upper()
    if not iban_gueltig(iban):
        raise ValueError("IBAN: invalid")
    if bic and not BIC_RE.fullmatch(bic):
        raise ValueError("BIC: invalid")
    if not 1 <= betrag_cent <= BETRAG_MAX_CENT:
        raise ValueError("amount: 0.01 to 999999999.99 EUR")
    name = _einzeilig(name, 70)
    if not name:
        raise ValueError("name: required")
    zeilen = [
        "BCD",
        "002",
        "1",  # UTF-8
        "SCT",
        bic,
        name,
        iban,
        f"EUR{betrag_cent // 100}.{betrag_cent % 100:02d}",
        "",  # purpose code
        "",  # structured reference (ISO 11649) — not used
        _einzeilig(verwendungszweck, 140),
    ]
    payload = "\n".join(zeilen)
    if len(payload.encode()) > EPC_MAX_BYTES:  # pragma: no cover - limits above keep it short
        raise ValueError("payload longer than 331 bytes")
    return payload


def _qr(daten: str) -> qrcode.QRCode:
    # EPC069-12 asks for error correction level M.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(daten.encode())
    code.make(fit=True)
    return code


def qr_svg(daten: str, *, titel: str, groesse: int = 240) -> SafeString:
    """An accessible inline SVG (role img with a title); presentation attributes only, so
    the page's CSP stays strict."""
    matrix = _qr(daten).get_matrix()
    n = len(matrix)
    pfad = "".join(
        f"M{x},{y}h1v1h-1z" for y, zeile in enumerate(matrix) for x, an in enumerate(zeile) if an
    )
    kennung = f"qr-{secrets.token_hex(4)}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {n} {n}" '
        f'width="{groesse}" height="{groesse}" role="img" aria-labelledby="{kennung}" '
        f'shape-rendering="crispEdges"><title id="{kennung}">{escape(titel)}</title>'
        f'<rect width="{n}" height="{n}" fill="#ffffff"/><path d="{pfad}" fill="#000000"/></svg>'
    )
    return mark_safe(svg)  # noqa: S308 - built here from numbers and an escaped title


def qr_png(daten: str, *, kastengroesse: int = 8) -> bytes:
    """The QR code as PNG (for download and printing)."""
    code = _qr(daten)
    code.box_size = kastengroesse
    puffer = io.BytesIO()
    code.make_image().save(puffer, format="PNG")
    return puffer.getvalue()


@zahlungsanbieter.register("girocode")
class GiroCode(Zahlungsanbieter):
    ident = "girocode"
    bezeichnung = _("Überweisung mit GiroCode")
    online = False

    def verfuegbar(self) -> bool:
        return iban_gueltig(str(settings.RATHAUS_ZAHLUNG_IBAN))

    def payload(self, *, kassenzeichen: str, betrag_cent: int, zweck: str) -> str:
        text = kassenzeichen if zweck == kassenzeichen else f"{kassenzeichen} {zweck}"
        return epc_payload(
            name=str(settings.RATHAUS_ZAHLUNG_EMPFAENGER),
            iban=str(settings.RATHAUS_ZAHLUNG_IBAN),
            bic=str(settings.RATHAUS_ZAHLUNG_BIC),
            betrag_cent=betrag_cent,
            verwendungszweck=text,
        )

    def starten(self, auftrag: Auftrag) -> Start:
        if not self.verfuegbar():
            raise AnbieterFehler("RATHAUS_ZAHLUNG_IBAN is not set or invalid")
        return Start(transaktion_id="", weiterleitung="")

    def abfragen(self, transaktion_id: str) -> Stand:
        raise AnbieterFehler("a bank transfer is booked by the Stadtkasse, not asked for")
