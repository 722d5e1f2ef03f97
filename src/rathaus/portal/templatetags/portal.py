"""Template helpers of the portal: text modules, money, languages, opening status."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from rathaus.katalog.selectors import ebene_label

register = template.Library()

_BULLET = re.compile(r"^\s*(?:[-•*]|\d+\.)\s+")


def _englisch() -> bool:
    return (get_language() or "de").startswith("en")


@register.simple_tag
def kommune() -> str:
    return str(settings.RATHAUS_KOMMUNE)


@register.filter
def textbausteine(value: str) -> SafeString:
    """Plain text of a text module as HTML: lines starting with "- " become a list."""
    html: list[str] = []
    liste: list[str] = []
    absatz: list[str] = []

    def flush_liste() -> None:
        if liste:
            items = "".join(f"<li>{item}</li>" for item in liste)
            html.append(f'<ul class="kern-list kern-list--bullet">{items}</ul>')
            liste.clear()

    def flush_absatz() -> None:
        if absatz:
            html.append(f'<p class="kern-body">{"<br>".join(absatz)}</p>')
            absatz.clear()

    for line in (value or "").splitlines():
        text = line.strip()
        if not text:
            flush_liste()
            flush_absatz()
        elif _BULLET.match(text):
            flush_absatz()
            liste.append(str(conditional_escape(_BULLET.sub("", text))))
        else:
            flush_liste()
            absatz.append(str(conditional_escape(text)))
    flush_liste()
    flush_absatz()
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above


@register.filter
def zeilen(value: str) -> list[str]:
    """Non-empty lines of a text (legal bases, synonyms)."""
    return [line.strip(" -•\t") for line in (value or "").splitlines() if line.strip(" -•\t")]


@register.filter
def eur(value: Decimal | None) -> str:
    """An amount in euros: "37,00 €" in German, "€37.00" in English."""
    if value is None:
        return ""
    if _englisch():
        return f"€{value:,.2f}"
    betrag = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{betrag}\u00a0€"


@register.simple_tag
def feld(obj: Any, name: str, block: bool = False) -> SafeString:
    """A field in the page's language: `<name>_en` in English when filled, else German.

    German text in the English page is marked `lang="de"` so screen readers switch voice.
    """
    wert = getattr(obj, name, "") or ""
    englisch_wert = getattr(obj, f"{name}_en", "") if _englisch() else ""
    if englisch_wert:
        wert, fremd = englisch_wert, False
    else:
        fremd = _englisch()
    if block:
        inhalt = textbausteine(wert)
        return format_html('<div lang="de">{}</div>', inhalt) if fremd else inhalt
    if fremd:
        return format_html('<span lang="de">{}</span>', wert)
    return conditional_escape(wert)


@register.simple_tag
def de_text(wert: str, block: bool = False) -> SafeString:
    """German-only content (catalogue text): marked `lang="de"` in the English page."""
    inhalt = textbausteine(wert) if block else conditional_escape(wert)
    if not _englisch():
        return inhalt
    tag = "div" if block else "span"
    return format_html('<{} lang="de">{}</{}>', mark_safe(tag), inhalt, mark_safe(tag))  # noqa: S308


@register.filter
def uhrzeit(value: Any) -> str:
    return formats.time_format(value, "H:i") if value else ""


@register.filter
def wochentag(value: date) -> str:
    return formats.date_format(value, "l")


@register.simple_tag
def oeffnungsstatus_text(status: Any, nur_mit_termin: bool = False) -> str:
    """ "Heute geöffnet bis 18:00 Uhr", "Heute geschlossen – nächste Öffnung Montag 8:00 Uhr"."""
    if nur_mit_termin:
        return gettext("Besuch nur mit Termin")
    if status.jetzt_offen:
        return gettext("Heute geöffnet bis %(zeit)s Uhr") % {"zeit": uhrzeit(status.offen_bis)}
    if status.naechste_oeffnung is None:
        return gettext("Zurzeit geschlossen – keine Öffnungszeiten in den nächsten zwei Wochen")
    tag, intervall = status.naechste_oeffnung
    zeit = formats.time_format(intervall.von, "G:i")
    if tag == status.heute.datum:
        text = gettext("Jetzt geschlossen – öffnet heute um %(zeit)s Uhr") % {"zeit": zeit}
    elif status.heute.geschlossen:
        text = gettext("Heute geschlossen – nächste Öffnung %(tag)s %(zeit)s Uhr") % {
            "tag": wochentag(tag),
            "zeit": zeit,
        }
    else:
        text = gettext("Jetzt geschlossen – nächste Öffnung %(tag)s %(zeit)s Uhr") % {
            "tag": wochentag(tag),
            "zeit": zeit,
        }
    if intervall.nur_mit_termin:
        text += " " + gettext("(nur mit Termin)")
    return text


@register.simple_tag
def leistung_name(leistung: Any, text: bool = False) -> SafeString:
    """A Leistung's name for citizens: the English name in English; in German (and where no
    English name exists) the Leistungsbezeichnung II, else the LeiKa name.

    German in the English page is marked `lang="de"`, except with `text=True` (for
    `<title>`, where markup would show as text).
    """
    if _englisch() and leistung.name_en:
        return conditional_escape(leistung.name_en)
    if _englisch() and not text:
        return format_html('<span lang="de">{}</span>', leistung.anzeigename)
    return conditional_escape(leistung.anzeigename)


@register.filter
def ebenen(werte: Any) -> str:
    """Administrative levels as one phrase: "Bund", "Land oder Kommune"."""
    namen = [ebene_label(wert=w) for w in werte]
    if len(namen) < 2:
        return "".join(namen)
    return gettext("%(liste)s oder %(letzte)s") % {
        "liste": ", ".join(namen[:-1]),
        "letzte": namen[-1],
    }


_VERWEIS = re.compile(r"\s*\[(https?://[^\]\s]+)\]")


@register.filter
def rechtsgrundlagen(value: str) -> list[dict[str, str]]:
    """Lines of a legal-basis text; "§ 1 PAuswG [https://…]" becomes text and link."""
    eintraege = []
    for zeile in zeilen(value):
        match = _VERWEIS.search(zeile)
        url = match.group(1) if match else ""
        text = _VERWEIS.sub("", zeile).strip() or url
        eintraege.append({"text": text, "url": url})
    return eintraege


@register.filter
def tel(value: str) -> str:
    """A phone number as a tel: URI (digits and a leading +)."""
    nummer = re.sub(r"[^\d+]", "", value or "")
    if nummer.startswith("0") and not nummer.startswith("00"):
        nummer = "+49" + nummer[1:]
    return f"tel:{nummer}"


@register.simple_tag(takes_context=True)
def sprach_url(context: dict[str, Any], sprache: str) -> str:
    """The current page in the other language, as `next` for Django's set_language.

    set_language itself runs in the default language and cannot translate a prefixed
    path (/en/…) back; translating here, in the page's own language, always works.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), sprache)
