"""The clerk's "Antragsdaten" show a code list's name beside the question, not the code
(Rechtsform, Staat der Geburt and Staatsangehörigkeit of the real form S05000001319)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from rathaus.antraege.models import Antrag
from rathaus.formulare.services import formular_import
from rathaus.katalog.models import Leistung
from rathaus.organisation.models import Rolle
from rathaus.standards.xdatenfelder.tests._data import needs_codelisten
from rathaus.verfahren.tests import factories as vf

from .conftest import angemeldet, mitarbeiter

SCHEMA = "S05000001319"
DATEN = {
    "G05000012012": {
        "G05000012723": {"F05000017511": "111000", "F05000017763": "Schau OHG"},
        "G05000012016": {
            "F60000000228": "Erika",
            "F60000000227": "Musterfrau",
            "F60000000235": "151",
            "F60000000236": ["000", "129"],
        },
    }
}


@needs_codelisten
def test_the_clerk_reads_names_of_the_code_lists(db: Any) -> None:
    datei = settings.SHARED_DATA_DIR / "fim" / "xdf3" / SCHEMA / "schema.xdf.xml"
    formular = formular_import(dateien=[datei], actor="test")[0].formular
    leistung = Leistung.objects.create(quelle="test:codes", name="Schaustellung", slug="schau")
    roh = json.dumps(DATEN, sort_keys=True).encode()
    antrag = Antrag.objects.create(
        aktenzeichen="STR-2026-000043",
        formular=formular,
        fim_id=formular.fim_id,
        fim_version=formular.fim_version,
        leistung=leistung,
        kanal="web",
        daten=DATEN,
        daten_sha256=hashlib.sha256(roh).hexdigest(),
        eingereicht_am=timezone.now(),
        idempotenzschluessel="test-codelisten",
        anfrage_sha256=hashlib.sha256(roh).hexdigest(),
    )
    oe = vf.organisationseinheit("Gewerbe")
    v = vf.verfahren(oe, leistung, antrag=antrag, aktenzeichen=antrag.aktenzeichen)
    sb = mitarbeiter("sbcodes", oe, rolle=Rolle.SACHBEARBEITUNG)
    seite = angemeldet(sb).get(reverse("arbeitsplatz:verfahren", args=[v.pk]))
    assert seite.status_code == 200
    baum = lxml_html.fromstring(seite.content.decode())
    (abschnitt,) = baum.xpath("//section[@aria-labelledby='antrag-titel']")
    paare: dict[str, list[str]] = {}
    for paar in abschnitt.xpath(".//dl/div"):
        frage, wert = (c.text_content().strip() for c in paar)
        paare.setdefault(frage, []).append(wert)
    assert paare["Rechtsform"] == ["Offene Handelsgesellschaft"]
    assert paare["Staat der Geburt"] == ["Österreich"]
    assert paare["Staatsangehörigkeit (1)"] == ["deutsch"]
    assert paare["Staatsangehörigkeit (2)"] == ["französisch"]
    assert not {"111000", "151", "000", "129"} & {w for ws in paare.values() for w in ws}
