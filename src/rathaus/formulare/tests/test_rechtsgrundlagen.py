"""Legal references as a citizen reads them: real norms only, once per step, of this Land.

The walk-through found data-model provenance under every field of the demo form
("Rechtsgrundlage: XInneres.Meldeanschrift.strasse Version 8", "RFC 5322", URNs that
overflowed a phone) and "WiPG NRW" in a Mecklenburg-Vorpommern city."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from rathaus.config.testdaten import geteilte_daten
from rathaus.formulare.rechtsgrundlagen import ist_rechtsnorm, rechtsgrundlagen
from rathaus.standards.xdatenfelder import Bezug

# Texts as they occur in the real FIM schemas of ../shared/data.
NORMEN = [
    "§ 33a (1) GewO",
    "§ 15 BJagdG",
    "§ 5 (2) Nr. 9 PAuswG vom 21.6.2019",
    "Anhang 3 PAuswV vom 28.9.2017",
    "Art. 6 Abs. 1 VO (EU) 2016/679",
    "Art. 13 DSGVO",
    "Gewerbeordnung",
    "Nr. 68.0.2 AllgVwV zum AufenthG",
    "Anlage 1-3 GewAnzV vom 03.07.2019",
]
KEINE_NORMEN = [
    "XInneres.Meldeanschrift.strasse Version 8",
    "Xinneres.Meldeanschrift.Wohnort Version 8",
    "XOEV.Kernkomponente.Anschrift.ort vom 31.01.2020",
    "XÖV-Kernkoponente.NameNatuerlichePerson.vorname",
    "RFC 5322",
    "ITU E.123",
    "Tabelle 9 BSI TR-03123 Version 1.5.1",
    "urn:xoevde:xunternehmen:kerndatenobjekt:anschriftinlandstrassenanschrift",
    "urn:xoev-de:xunternehmen:standard:basismodul:nachr:nachweisdokument.upload, Version 1.2",
    "referenzbasiert",
    "DIN 5008",
    "Codeliste Staat aus der Staats- und Gebietssystematik des Statistischen Bundesamtes",
    "leitet sich nicht direkt aus der Norm ab, wird aber von der Bundesfachlichkeit als "
    "fachlich notwendig erachtet",
    "XGewerbeanzeige.Betrieb.geschaeftsbezeichnung Version 2.2",
]


@pytest.mark.parametrize("text", NORMEN)
def test_a_legal_norm_is_shown(text: str) -> None:
    assert ist_rechtsnorm(text)


@pytest.mark.parametrize("text", KEINE_NORMEN)
def test_a_technical_reference_is_not(text: str) -> None:
    assert not ist_rechtsnorm(text)


def test_laws_of_other_laender_go_with_their_ordinances_and_duplicates_once() -> None:
    bezuege = [
        Bezug("WiPG NRW"),
        Bezug("WiPG-DVO"),
        Bezug("§ 33a GewO"),
        Bezug("§ 33a   GewO"),
        Bezug("BayBO"),
        Bezug("§ 5 (2) Nr. 1 PAuswG vom 21.6.2019; Tabelle 9 BSI TR-03123 Version 1.5.1"),
        Bezug("§ 6 KAG M-V"),
    ]
    texte = [b.text for b in rechtsgrundlagen(bezuege, land="MV")]
    assert texte == ["§ 33a GewO", "§ 5 (2) Nr. 1 PAuswG vom 21.6.2019", "§ 6 KAG M-V"]
    # in North Rhine-Westphalia the same list keeps the NRW law and drops M-V's
    nrw = [b.text for b in rechtsgrundlagen(bezuege, land="NW")]
    assert "WiPG NRW" in nrw and "WiPG-DVO" in nrw and "§ 6 KAG M-V" not in nrw


def test_a_foreign_provision_takes_only_its_own_law_along() -> None:
    # The stem of "§ 12 WiPG NRW" is the law "WiPG", not the "§" every provision starts with.
    bezuege = [
        Bezug("§ 33a GewO"),
        Bezug("§ 12 WiPG NRW"),
        Bezug("§ 3 WiPG-DVO"),
        Bezug("Art. 2 GG"),
    ]
    assert [b.text for b in rechtsgrundlagen(bezuege, land="MV")] == ["§ 33a GewO", "Art. 2 GG"]
    nrw = [Bezug("§ 33a GewO"), Bezug("§ 6 KAG M-V")]
    assert [b.text for b in rechtsgrundlagen(nrw, land="NW")] == ["§ 33a GewO"]


@pytest.mark.django_db
def test_the_demo_form_shows_norms_once_per_step_and_no_identifiers(client, settings) -> None:
    from rathaus.formulare.services import formular_import

    datei = geteilte_daten("fim", "xdf3", "S05000001319", "schema.xdf.xml")
    formular = formular_import(dateien=[datei], actor="test")[0].formular
    for nr in (2, 3, 4):
        seite = client.get(f"/antrag/{formular.pk}/schritt/{nr}/").content.decode()
        baum = lxml_html.fromstring(seite)
        main = baum.xpath("//main")[0].text_content()
        for technisch in (
            "XInneres",
            "Xinneres",
            "XOEV",
            "urn:",
            "RFC 5322",
            "BSI TR",
            "Version 8",
        ):
            assert technisch not in main, (nr, technisch)
        assert "Rechtsgrundlage:" not in main  # no longer under every field
        if nr == 3:
            (details,) = baum.xpath("//details[@class='antrag__rechtsgrundlagen']")
            eintraege = [li.text_content().strip() for li in details.xpath(".//li")]
            assert "§ 33a (1) GewO" in eintraege
            assert len(eintraege) == len(set(eintraege))


def test_the_land_of_the_legal_basis_comes_from_the_settings(settings) -> None:
    from rathaus.formulare.selectors import rechtsnormen

    texte = ["§ 3 BayBO", "§ 2 LBauO M-V", "§ 33a (1) GewO"]
    assert rechtsnormen(texte=texte) == ["§ 2 LBauO M-V", "§ 33a (1) GewO"]  # MV by default
    settings.RATHAUS_LAND = "BY"
    assert rechtsnormen(texte=texte) == ["§ 3 BayBO", "§ 33a (1) GewO"]
