"""The enrolment QR code as inline SVG markup built from the code's module matrix.

Only presentation attributes (fill), no style attribute: the page's CSP stays strict.
"""

from __future__ import annotations

import qrcode
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(daten: str, *, titel: str, groesse: int = 240) -> SafeString:
    """An accessible SVG image (role img, title) of `daten` as a QR code."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(daten)
    code.make(fit=True)
    matrix = code.get_matrix()
    n = len(matrix)
    pfad = "".join(
        f"M{x},{y}h1v1h-1z" for y, zeile in enumerate(matrix) for x, an in enumerate(zeile) if an
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {n} {n}" '
        f'width="{groesse}" height="{groesse}" role="img" aria-labelledby="qr-titel" '
        f'shape-rendering="crispEdges"><title id="qr-titel">{escape(titel)}</title>'
        f'<rect width="{n}" height="{n}" fill="#ffffff"/><path d="{pfad}" fill="#000000"/></svg>'
    )
    return mark_safe(svg)  # noqa: S308 - built here from numbers and an escaped title
