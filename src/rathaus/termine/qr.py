"""The QR code of an appointment number, attached to the confirmation and the reminder:
at the office a hand scanner reads it and types the number into the check-in field (the
number alone: nothing secret, no link)."""

from __future__ import annotations

import io

import qrcode
from qrcode.image.pil import PilImage  # Pillow: installed with WeasyPrint


def nummer_png(nummer: str) -> bytes:
    """A PNG of `nummer` as a QR code (error correction M, quiet zone of 4 modules)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
        border=4,
        image_factory=PilImage,
    )
    code.add_data(nummer)
    code.make(fit=True)
    puffer = io.BytesIO()
    code.make_image().save(puffer)
    return puffer.getvalue()
