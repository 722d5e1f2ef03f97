"""Objects for the E-Akte tests, made through the services where they exist."""

from __future__ import annotations

import io
from functools import lru_cache
from itertools import count

from django.contrib.auth.models import Permission, User

from rathaus.akten import services
from rathaus.akten.models import Akte, Aktenplaneinheit, Dokument, Vorgang
from rathaus.organisation.models import Organisationseinheit
from rathaus.organisation.services import mitgliedschaft_add

ACTOR = "test"
_seq = count(1)


def organisationseinheit(name: str = "Ordnungsamt") -> Organisationseinheit:
    n = next(_seq)
    return Organisationseinheit.objects.create(name=name, slug=f"oe-{n}", art="amt")


def user(
    name: str | None = None, *einheiten: Organisationseinheit, perms: tuple[str, ...] = ()
) -> User:
    account = User.objects.create_user(name or f"user{next(_seq)}", password=None)
    for einheit in einheiten:
        mitgliedschaft_add(user=account, organisationseinheit=einheit, actor=ACTOR)
    for perm in perms:
        app, codename = perm.split(".")
        account.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return User.objects.get(pk=account.pk)  # fresh permission cache


def aktenplaneinheit(
    kennzeichen: str = "32.10.05", jahre: int | None = 10, art: str = "V", **kwargs
) -> Aktenplaneinheit:
    vorhanden = Aktenplaneinheit.objects.filter(kennzeichen=kennzeichen).first()
    if vorhanden is not None:
        return vorhanden
    return services.aktenplaneinheit_create(
        kennzeichen=kennzeichen,
        titel=kwargs.pop("titel", "Hundesteuer"),
        aufbewahrungsdauer_jahre=jahre,
        aussonderungsart=art,
        actor=ACTOR,
        **kwargs,
    )


def akte(
    einheit: Organisationseinheit | None = None,
    position: Aktenplaneinheit | None = None,
    betreff: str = "Hundesteuer Musterfrau",
    **kwargs,
) -> Akte:
    return services.akte_create(
        aktenplaneinheit=position or aktenplaneinheit(),
        betreff=betreff,
        federfuehrend=einheit or organisationseinheit(),
        actor=ACTOR,
        **kwargs,
    )


def vorgang(akte_: Akte | None = None, betreff: str = "Anmeldung eines Hundes") -> Vorgang:
    return services.vorgang_open(akte=akte_ or akte(), betreff=betreff, actor=ACTOR)


@lru_cache(maxsize=64)
def pdf(text: str) -> bytes:
    import weasyprint

    html = f"<html lang='de'><body><h1>Hansestadt Stralsund</h1><p>{text}</p></body></html>"
    return weasyprint.HTML(string=html).write_pdf()


@lru_cache(maxsize=16)
def png(text: str) -> bytes:
    """A 'scanned' page: black text on white, large enough for Tesseract."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 48)
    except OSError:
        font = ImageFont.load_default(size=48)
    image = Image.new("RGB", (1600, 400), "white")
    draw = ImageDraw.Draw(image)
    for line_no, line in enumerate(text.splitlines()):
        draw.text((60, 60 + line_no * 80), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def scan_pdf(text: str) -> bytes:
    """A PDF with an image of text and no text layer."""
    from PIL import Image

    image = Image.open(io.BytesIO(png(text)))
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=300)
    return out.getvalue()


def dokument(
    vorgang_: Vorgang | None = None,
    text: str = "Bescheid über die Hundesteuer für das Jahr 2026.",
    betreff: str = "Hundesteuerbescheid",
    dateiname: str = "bescheid.pdf",
    **kwargs,
) -> Dokument:
    return services.dokument_file(
        vorgang=vorgang_ or vorgang(),
        art=kwargs.pop("art", Dokument.Art.AUSGANG),
        betreff=betreff,
        versionen=[(dateiname, "application/pdf", pdf(text))],
        actor=kwargs.pop("actor", ACTOR),
        **kwargs,
    )
