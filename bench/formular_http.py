"""Reading and filling the pages of the demo's online form over HTTP, as a browser does:
shared by the load (`bench.last`, through its Locust users) and fault (`bench.stoerung`)
benchmarks. No Django, no Locust: plain text in, plain text out.

Every control the page offers is sent back (prefilled values as they are, hidden fields,
the CSRF token); the empty ones the citizen must answer are filled from `WERTE`, the answers
of the browser test tests/e2e/test_demo_rundgang.py (real FIM form S05000001319).
"""

from __future__ import annotations

import html
import re
import uuid
from collections import defaultdict
from typing import Any


class Fehler(Exception):
    """An answer a browser would not expect."""


# What a citizen answers (suffix of the field's name → value); "ja"/"nein" pick the first
# or last choice of a radio group, as the browser test does.
WERTE = {
    "F05000017885": "ja",
    "F05000017886": "nein",
    "F60000000292": "Ordnungsamt Hansestadt Stralsund",
    "F05000017505": "2021-03-01",
    "F05000018051": "32.20-0815/21",
    "F05000017888": "Der Betrieb ruht wegen eines Umbaus der Räume bis Ende 2027.",
    "F05000017889": "ja",
    "G05000012723.F05000017511": "221110",
    "G05000012723.F05000017763": "Schaubetriebe Stralsund GmbH",
    "G05000013419.0.F05000019734": "001",
    "G05000013419.0.F60000000243": "Frankenstraße",
    "G05000013419.0.F60000000244": "7",
    "G05000013419.0.F60000000246": "18439",
    "G05000013419.0.F60000000247": "Stralsund",
    "G05000012857.G05000011747.F60000000240.0": "03831 123456",
    "G05000012016.F60000000234": "Stralsund",
    "G05000012016.F60000000235": "000",
    "G05000012016.F60000000236.0": "000",
    "G05000012016.G05000011747.F60000000240.0": "0170 1234567",
}
DATEIFELD = "F05000017890"

# -- reading pages --------------------------------------------------------------------------

_ELEMENT = re.compile(r"<(input|select|textarea|button)\b([^>]*)>", re.S)
_ATTR = re.compile(r"([a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_OPTION = re.compile(r"<option\b([^>]*)>", re.S)


def _attribute(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(text)
    }


def formular_felder(
    seite: str, form_id: str = "antrag-formular"
) -> tuple[str, list[dict[str, Any]]]:
    """The action and the controls of the form `form_id` of a page, in order."""
    anfang = seite.find(f'id="{form_id}"')
    if anfang < 0:
        raise Fehler(f"form #{form_id} missing")
    start = seite.rfind("<form", 0, anfang)
    ende = seite.find("</form>", anfang)
    kopf = _attribute(seite[start + 5 : seite.find(">", start)])
    teil = seite[start:ende]
    felder: list[dict[str, Any]] = []
    for m in _ELEMENT.finditer(teil):
        tag, attrs = m.group(1), _attribute(m.group(2))
        if "name" not in attrs or "disabled" in attrs:
            continue
        feld: dict[str, Any] = {"tag": tag, **attrs}
        if tag == "select":
            schluss = teil.find("</select>", m.end())
            optionen = [_attribute(o) for o in _OPTION.findall(teil[m.end() : schluss])]
            feld["optionen"] = [o.get("value", "") for o in optionen]
            feld["value"] = next((o.get("value", "") for o in optionen if "selected" in o), "")
        elif tag == "textarea":
            schluss = teil.find("</textarea>", m.end())
            feld["value"] = html.unescape(teil[m.end() : schluss])
        felder.append(feld)
    return kopf.get("action", ""), felder


def _wert(name: str) -> str | None:
    for endung, wert in WERTE.items():
        if name.endswith(endung):
            return wert
    return None


def ausfuellen(felder: list[dict[str, Any]], aktion: str) -> list[tuple[str, str]]:
    """What the browser sends: every control's value, the empty ones answered from WERTE."""
    daten: list[tuple[str, str]] = []
    radios: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in felder:
        name, art = f["name"], f.get("type", "text").lower()
        if f["tag"] == "button" or art in ("submit", "file", "button", "image", "reset"):
            continue
        if art == "radio":
            radios[name].append(f)
            continue
        if art == "checkbox":
            if "checked" in f or _wert(name) == "ja":
                daten.append((name, f.get("value", "on")))
            continue
        wert = f.get("value", "")
        if not wert and art != "hidden":
            wert = _wert(name) or ""
        daten.append((name, wert))
    for name, gruppe in radios.items():
        gewaehlt = next((r for r in gruppe if "checked" in r), None)
        gewuenscht = _wert(name)
        if gewaehlt is None and gewuenscht is not None:
            gewaehlt = gruppe[0] if gewuenscht == "ja" else gruppe[-1]
            gewaehlt = next((r for r in gruppe if r.get("value") == gewuenscht), gewaehlt)
        if gewaehlt is not None:
            daten.append((name, gewaehlt.get("value", "")))
    daten.append(("_aktion", aktion))
    return daten


def multipart(daten: list[tuple[str, str]], datei: tuple[str, str, bytes]) -> tuple[bytes, str]:
    grenze = uuid.uuid4().hex
    teile = [
        f'--{grenze}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n'.encode()
        + w.encode()
        + b"\r\n"
        for n, w in daten
    ]
    feld, dateiname, inhalt = datei
    teile.append(
        f'--{grenze}\r\nContent-Disposition: form-data; name="{feld}"; filename="{dateiname}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + inhalt
        + b"\r\n"
    )
    teile.append(f"--{grenze}--\r\n".encode())
    return b"".join(teile), f"multipart/form-data; boundary={grenze}"


def fehlertext(seite: str) -> str:
    """The error messages of a page (error summary and messages beside the fields)."""
    teile = re.findall(r'class="kern-error"[^>]*>(.*?)</p>', seite, re.S)
    m = re.search(r'id="fehlerliste".*?</(?:div|section)>', seite, re.S)
    if m:
        teile.insert(0, m.group(0))
    text = " | ".join(" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in teile)
    return html.unescape(text)[:300]
