"""How well the search answers the way citizens type, on the real catalogue plus the demo.

The query set below is everyday wording (colloquial words, abbreviations, "<thing>
beantragen"), each with the services a citizen would be glad to see. A query is a hit when
one of them is among the first three results. The test prints the hit rate and every miss.
"""

from __future__ import annotations

import pytest

from rathaus.katalog.models import Leistung
from rathaus.katalog.search import leistung_search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("echter_katalog")]

# LeiKa keys of the services in question (demo = described by the city).
PERSONALAUSWEIS = "99008001012000"  # demo
PERSONALAUSWEIS_VORLAEUFIG = "99008001012002"  # demo
PERSONALAUSWEIS_VERLUST = ("99008001014002", "99008001012003")
PERSONALAUSWEIS_ABGELAUFEN = "99008001012004"
REISEPASS = "99085001012000"  # demo
KINDERREISEPASS = "99085003012000"  # demo
FUEHRERSCHEIN = ("99023001012000", "99023001000000", "99023002000000")
FUEHRERSCHEIN_UMTAUSCH = "99023001051000"
FUEHRERSCHEIN_VERLUST = ("99023001036003", "99023001036000")
KFZ_ZULASSUNG = "99036008007000"  # demo
KFZ_HALTERWECHSEL = "99036008007001"  # demo
KFZ_ABMELDUNG = "99036008070002"  # demo
WUNSCHKENNZEICHEN = "99036009069007"  # demo
KENNZEICHEN_RESERVIERUNG = ("99036009072003", "99036009072000")
HUNDESTEUER = "99102013002000"  # demo
HUNDEHALTUNG = ("99110009104000", "99110009000000", "99110009014000")
WOHNSITZ_ANMELDUNG = "99115005104000"  # demo
WOHNSITZ_ABMELDUNG = "99115005070000"  # demo
MELDEBESTAETIGUNG = "99115003012000"  # demo
MELDEREGISTERAUSKUNFT = "99115004001001"  # demo
AUSKUNFTSSPERRE = "99115002060001"  # demo
WOHNGELD = "99107023017000"  # demo
ELTERNGELD = ("99041006017000", "99041006000000")
KINDERGELD = ("99041008000000", "99041008079000")
KITA = (
    "Kita-Gutschein beantragen",
    "99071005080000",  # Förderung in Kindertagespflege Gewährung
    "99107007149000",  # Gebühr für Kindertageseinrichtungen Ermäßigung
    "99107007010000",  # ... Befreiung
)
BAUGENEHMIGUNG = "99012008001000"  # demo
SPERRMUELL = ("99001009004000", "99001009004002", "99001009000000", "99001009004001")
GEBURTSURKUNDE = "99027002012000"  # demo
GEBURTSANZEIGE = "99027006000000"
EHESCHLIESSUNG = ("99059001104000", "99059001110000")  # demo
EHEURKUNDE = "99059004012000"  # demo
FUEHRUNGSZEUGNIS = "99049001001000"  # demo
GEWERBE_ANMELDUNG = "99050012104000"  # demo
GEWERBE_ABMELDUNG = "99050012070000"  # demo
GEWERBE_UMMELDUNG = "99050012071000"  # demo
GASTSTAETTE = "99025002005000"  # demo
STERBEURKUNDE = "99101004012000"  # demo
STERBEFALL = "99101011000000"  # demo
BRIEFWAHL = "99128001120001"  # demo
BEWOHNERPARKAUSWEIS = "99108001001000"  # demo
SCHWERBEHINDERTENPARKAUSWEIS = "99108009012000"  # demo
SCHWERBEHINDERTENAUSWEIS = ("99015007012000", "99015007012001", "99015007000000")
FUNDSACHEN = "99089017000000"  # demo
KIRCHENAUSTRITT = "99073001022000"  # demo
BAUMFAELLUNG = ("99093003001000", "99093003001002", "99093003000000")
BEGLAUBIGUNG = ("99014007035000", "99014003035000")  # demo: Unterschriften
WOHNBERECHTIGUNGSSCHEIN = ("99107022012000", "99107022000000")
BAFOEG = ("99022001017000", "99022001017003", "99022001017002", "99022001000000")
EINBUERGERUNG = ("99099002006000", "99099002000000", "99099009058000")
AUFENTHALTSERLAUBNIS_VERLAENGERUNG = "99010001020000"
FISCHEREISCHEIN = ("99042001012000", "99042001000000")
HALTEVERBOT = "99108011153000"  # demo
VERANSTALTUNG = "99089001005000"  # demo
FEUERWERK = "99089045007000"  # demo
UNTERHALTSVORSCHUSS = ("99107021017000", "99107021000000")
GRUNDSTEUER = "99102012002002"  # demo
ZWEITWOHNUNGSTEUER = "99102017002000"  # demo
NAME_NACH_HEIRAT = "99083001011003"  # demo
VATERSCHAFT = "99133001026000"  # demo
LEBENSBESCHEINIGUNG = "99114032012000"  # demo
RUNDFUNK_ABMELDUNG = "99107008070000"
SOZIALHILFE = ("99107009017000", "99107009000000", "99107012017000", "99107012000000")
ERBSCHEIN = ("99046010001000", "99046010000000")
SONDERNUTZUNG = ("99108012005000", "99108012005004")  # demo
KENNZEICHEN_MITNAHME = "99036013000000"  # demo


def _keys(*items: str | tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        out.extend(item if isinstance(item, tuple) else (item,))
    return tuple(out)


ALLTAGSANFRAGEN: list[tuple[str, tuple[str, ...]]] = [
    ("Personalausweis", _keys(PERSONALAUSWEIS)),
    ("Personalausweis beantragen", _keys(PERSONALAUSWEIS)),
    ("perso", _keys(PERSONALAUSWEIS)),
    ("Perso verlängern", _keys(PERSONALAUSWEIS)),
    ("neuer Ausweis", _keys(PERSONALAUSWEIS, PERSONALAUSWEIS_ABGELAUFEN)),
    ("Ausweis verloren", _keys(PERSONALAUSWEIS_VERLUST, PERSONALAUSWEIS_VORLAEUFIG)),
    ("Reisepass beantragen", _keys(REISEPASS)),
    ("Pass verlängern", _keys(REISEPASS)),
    ("Kinderpass", _keys(KINDERREISEPASS)),
    ("Führerschein", _keys(FUEHRERSCHEIN)),
    ("Führerschein umtauschen", _keys(FUEHRERSCHEIN_UMTAUSCH)),
    ("Führerschein verloren", _keys(FUEHRERSCHEIN_VERLUST)),
    ("Auto anmelden", _keys(KFZ_ZULASSUNG)),
    ("KFZ anmelden", _keys(KFZ_ZULASSUNG)),
    ("Auto zulassen", _keys(KFZ_ZULASSUNG)),
    ("Fahrzeugzulassung", _keys(KFZ_ZULASSUNG)),
    ("Gebrauchtwagen ummelden", _keys(KFZ_HALTERWECHSEL)),
    ("Auto abmelden", _keys(KFZ_ABMELDUNG)),
    ("Wunschkennzeichen", _keys(WUNSCHKENNZEICHEN)),
    ("Nummernschild reservieren", _keys(WUNSCHKENNZEICHEN, KENNZEICHEN_RESERVIERUNG)),
    ("Hund anmelden", _keys(HUNDESTEUER)),
    ("Hundesteuer", _keys(HUNDESTEUER)),
    ("Hund halten", _keys(HUNDEHALTUNG, HUNDESTEUER)),
    ("Umzug", _keys(WOHNSITZ_ANMELDUNG)),
    ("ummelden", _keys(WOHNSITZ_ANMELDUNG)),
    ("Wohnung ummelden", _keys(WOHNSITZ_ANMELDUNG)),
    ("Wohnsitz anmelden", _keys(WOHNSITZ_ANMELDUNG)),
    ("abmelden Ausland", _keys(WOHNSITZ_ABMELDUNG)),
    ("Meldebescheinigung", _keys(MELDEBESTAETIGUNG)),
    ("Adresse herausfinden", _keys(MELDEREGISTERAUSKUNFT)),
    ("Adresssperre", _keys(AUSKUNFTSSPERRE)),
    ("Kita", KITA),
    ("Kitaplatz", KITA),
    ("Wohngeld", _keys(WOHNGELD)),
    ("Wohngeld beantragen", _keys(WOHNGELD)),
    ("Zuschuss zur Miete", _keys(WOHNGELD)),
    ("Elterngeld", _keys(ELTERNGELD)),
    ("Elterngeld beantragen", _keys(ELTERNGELD)),
    ("Kindergeld", _keys(KINDERGELD)),
    ("Baugenehmigung", _keys(BAUGENEHMIGUNG)),
    ("Bauantrag stellen", _keys(BAUGENEHMIGUNG)),
    ("Haus bauen", _keys(BAUGENEHMIGUNG)),
    ("Sperrmüll", _keys(SPERRMUELL)),
    ("Sperrmüll anmelden", _keys(SPERRMUELL)),
    ("Geburtsurkunde", _keys(GEBURTSURKUNDE)),
    ("Geburtsurkunde beantragen", _keys(GEBURTSURKUNDE)),
    ("Geburt anmelden", _keys(GEBURTSANZEIGE, GEBURTSURKUNDE)),
    ("Heiraten", _keys(EHESCHLIESSUNG)),
    ("Hochzeit anmelden", _keys(EHESCHLIESSUNG)),
    ("Heiratsurkunde", _keys(EHEURKUNDE)),
    ("Nachname ändern nach Hochzeit", _keys(NAME_NACH_HEIRAT)),
    ("Führungszeugnis", _keys(FUEHRUNGSZEUGNIS)),
    ("polizeiliches Führungszeugnis beantragen", _keys(FUEHRUNGSZEUGNIS)),
    ("Gewerbe anmelden", _keys(GEWERBE_ANMELDUNG)),
    ("Gewerbeschein", _keys(GEWERBE_ANMELDUNG)),
    ("Firma gründen", _keys(GEWERBE_ANMELDUNG)),
    ("Gewerbe abmelden", _keys(GEWERBE_ABMELDUNG)),
    ("Gewerbe ummelden", _keys(GEWERBE_UMMELDUNG)),
    ("Kneipe eröffnen", _keys(GASTSTAETTE)),
    ("Sterbeurkunde", _keys(STERBEURKUNDE)),
    ("Todesfall melden", _keys(STERBEFALL)),
    ("Briefwahl beantragen", _keys(BRIEFWAHL)),
    ("Anwohnerparkausweis", _keys(BEWOHNERPARKAUSWEIS)),
    ("Behindertenparkausweis", _keys(SCHWERBEHINDERTENPARKAUSWEIS)),
    ("Schwerbehindertenausweis", _keys(SCHWERBEHINDERTENAUSWEIS)),
    ("Fundbüro", _keys(FUNDSACHEN)),
    ("Kirchenaustritt", _keys(KIRCHENAUSTRITT)),
    ("Baum fällen", _keys(BAUMFAELLUNG)),
    ("Kopie beglaubigen", _keys(BEGLAUBIGUNG)),
    ("WBS", _keys(WOHNBERECHTIGUNGSSCHEIN)),
    ("Bafög", _keys(BAFOEG)),
    ("Einbürgerung", _keys(EINBUERGERUNG)),
    ("Aufenthaltstitel verlängern", _keys(AUFENTHALTSERLAUBNIS_VERLAENGERUNG)),
    ("Angelschein", _keys(FISCHEREISCHEIN)),
    ("Halteverbot Umzug", _keys(HALTEVERBOT)),
    ("Straßenfest anmelden", _keys(VERANSTALTUNG)),
    ("Silvester Feuerwerk", _keys(FEUERWERK)),
    ("Unterhaltsvorschuss", _keys(UNTERHALTSVORSCHUSS)),
    ("Grundsteuer", _keys(GRUNDSTEUER)),
    ("Zweitwohnungssteuer", _keys(ZWEITWOHNUNGSTEUER)),
    ("Vaterschaft anerkennen", _keys(VATERSCHAFT)),
    ("Lebensbescheinigung Rente", _keys(LEBENSBESCHEINIGUNG)),
    ("GEZ abmelden", _keys(RUNDFUNK_ABMELDUNG)),
    ("Sozialhilfe", _keys(SOZIALHILFE)),
    ("Erbschein", _keys(ERBSCHEIN)),
    ("Gerüst aufstellen", _keys(SONDERNUTZUNG)),
    ("Kennzeichen mitnehmen", _keys(KENNZEICHEN_MITNAHME)),
    # Written after the search had been tuned to the queries above, as a check (48 of 53
    # in the top 3 at first); the misses led to weak verbs for "abholen" and "bestellen",
    # to the opposite Verrichtung sinking, to compounds of two known words not being
    # "corrected" (Waffenschein → Hafenschein) and to three synonyms.
    ("Personalausweis abholen", ("99008001040000", PERSONALAUSWEIS)),
    ("Reisepass Express", _keys(REISEPASS)),
    ("Kinderausweis", _keys(KINDERREISEPASS)),
    ("Meldebestätigung", _keys(MELDEBESTAETIGUNG)),
    ("Wohnsitz ummelden", _keys(WOHNSITZ_ANMELDUNG, "99115005011000")),
    ("Nebenwohnung anmelden", _keys("99115005104002", WOHNSITZ_ANMELDUNG)),
    ("Auto stilllegen", _keys(KFZ_ABMELDUNG)),
    ("Kennzeichen reservieren", _keys(KENNZEICHEN_RESERVIERUNG, WUNSCHKENNZEICHEN)),
    ("Halterwechsel", _keys(KFZ_HALTERWECHSEL)),
    ("Motorrad anmelden", _keys(KFZ_ZULASSUNG)),
    ("Hundesteuer abmelden", _keys(HUNDESTEUER)),
    ("Kampfhund", ("99110009104001",)),
    ("Eheurkunde", _keys(EHEURKUNDE)),
    ("Standesamt Trauung", _keys(EHESCHLIESSUNG)),
    ("Sterbefall anzeigen", _keys(STERBEFALL)),
    ("Geburtsbescheinigung", _keys(GEBURTSURKUNDE)),
    ("Vaterschaftsanerkennung", _keys(VATERSCHAFT)),
    ("Namensänderung", _keys("99083001011000", NAME_NACH_HEIRAT)),
    ("Gewerbeanmeldung", _keys(GEWERBE_ANMELDUNG)),
    ("Reisegewerbekarte", ("99050023005000",)),
    ("Gaststättenerlaubnis", _keys(GASTSTAETTE)),
    ("Bauantrag", _keys(BAUGENEHMIGUNG)),
    ("Denkmalschutz", ("99033002001000",)),
    ("Fenster tauschen Altstadt", ("99033002001000",)),
    ("Parkausweis Anwohner", _keys(BEWOHNERPARKAUSWEIS)),
    ("Sondernutzungserlaubnis", ("99108012005000",)),
    ("Container auf der Straße", ("99108012005000",)),
    ("Fundsache abgeben", _keys(FUNDSACHEN)),
    ("Briefwahlunterlagen", _keys(BRIEFWAHL)),
    ("Wahlschein", _keys(BRIEFWAHL)),
    ("Beglaubigung", _keys(BEGLAUBIGUNG)),
    ("Führungszeugnis online", _keys(FUEHRUNGSZEUGNIS, "99049001001003")),
    ("erweitertes Führungszeugnis", _keys(FUEHRUNGSZEUGNIS, "99049001001002")),
    ("Grundsteuerbescheid", _keys(GRUNDSTEUER)),
    ("Gewerbesteuer", ("99102010002000",)),
    ("Elterngeld Antrag", _keys(ELTERNGELD)),
    ("Kinderzuschlag", ("99107016000000", "99107016131000")),
    ("Unterhaltsvorschuss beantragen", _keys(UNTERHALTSVORSCHUSS)),
    ("Wohngeldantrag", _keys(WOHNGELD)),
    ("Schwerbehindertenausweis verlängern", _keys(SCHWERBEHINDERTENAUSWEIS, "99015007012002")),
    ("Einbürgerungstest", ("99099006000000", "99099006058000")),
    ("Jagdschein verlängern", ("99067004001000", "99067004123000")),
    ("Waffenschein", ("99089085001000", "99089085000000")),
    ("Abfallgebühr", ("99001001002000", "99001001000000")),
    ("Mülltonne bestellen", ("Anmeldung Abfallbehälter",)),
    ("Impfung", ("99003012058000", "99003012000000")),
    ("Bauvoranfrage", ("99012010001000", "99012010000000")),
    ("Baum fällen Genehmigung", _keys(BAUMFAELLUNG)),
    ("Lebenspartnerschaft", ("99079001000000",)),
    ("Kirchenaustritt erklären", _keys(KIRCHENAUSTRITT)),
    ("Melderegisterauskunft", _keys(MELDEREGISTERAUSKUNFT)),
    ("Auskunftssperre beantragen", _keys(AUSKUNFTSSPERRE)),
    ("Ausnahmegenehmigung Altstadt", ("99108004001000",)),
    # A second check, written and run once after the changes above: 31 of 35. The misses
    # made words about a part of every description ("Kosten", "Unterlagen") weak, let a
    # word cut short also continue in its stemmed form, and added "Bürgergeld", "Steuer-ID".
    ("Personalausweis Kosten", _keys(PERSONALAUSWEIS)),
    ("Reisepass abholen", ("99085001040000", REISEPASS)),
    ("Umzug melden", _keys(WOHNSITZ_ANMELDUNG)),
    ("neue Adresse", _keys(WOHNSITZ_ANMELDUNG)),
    ("Auto Kennzeichen", _keys(WUNSCHKENNZEICHEN, KFZ_ZULASSUNG, KENNZEICHEN_MITNAHME)),
    ("Hund abmelden", _keys(HUNDESTEUER, "99110009070000")),
    ("Trauschein", _keys(EHEURKUNDE)),
    ("Sterbeurkunde beantragen", _keys(STERBEURKUNDE)),
    ("Gewerbe anmelden online", _keys(GEWERBE_ANMELDUNG)),
    ("Imbiss eröffnen", _keys(GASTSTAETTE, GEWERBE_ANMELDUNG)),
    ("Parkausweis", _keys(BEWOHNERPARKAUSWEIS, SCHWERBEHINDERTENPARKAUSWEIS)),
    ("Umzugswagen Halteverbot", _keys(HALTEVERBOT)),
    ("Baugenehmigung beantragen", _keys(BAUGENEHMIGUNG)),
    ("Wohngeld Antrag Stralsund", _keys(WOHNGELD)),
    ("Elterngeld Antrag stellen", _keys(ELTERNGELD)),
    ("Kindergeld beantragen", _keys(KINDERGELD)),
    ("Bürgergeld", ("99107002017000", "99107002000000")),
    ("Steuer-ID", ("99102044069000", "99102044000000")),
    ("Schwerbehinderung", _keys(SCHWERBEHINDERTENAUSWEIS, SCHWERBEHINDERTENPARKAUSWEIS)),
    ("blauer Parkausweis", _keys(SCHWERBEHINDERTENPARKAUSWEIS)),
    ("Feuerwerk Hochzeit", _keys(FEUERWERK)),
    ("Unterschrift beglaubigen", ("99014007035000",)),
    ("Adresse ändern", _keys(WOHNSITZ_ANMELDUNG, "99115005011000")),
    ("Meldebescheinigung beantragen", _keys(MELDEBESTAETIGUNG)),
    ("Hochzeit Standesamt", _keys(EHESCHLIESSUNG)),
    ("Namen ändern", _keys("99083001011000", NAME_NACH_HEIRAT)),
    ("Personalausweis verloren", _keys(PERSONALAUSWEIS_VERLUST)),
    ("Reisepass verloren", ("99085001036002", "99085001014003")),
    (
        "KFZ-Steuer",
        ("Kraftfahrzeugsteuer - Steuererhebung", "Kraftfahrzeugsteuer - Steuerentlastung"),
    ),
    ("Parkplatz reservieren Umzug", _keys(HALTEVERBOT)),
    ("Grundsteuer zahlen", _keys(GRUNDSTEUER)),
    ("Musikschule", ("99088031000000",)),
    ("Rentenversicherung Lebensnachweis", _keys(LEBENSBESCHEINIGUNG)),
    ("Ausweis für mein Kind", _keys(KINDERREISEPASS)),
    ("Geburt anzeigen", _keys(GEBURTSANZEIGE, GEBURTSURKUNDE)),
]

# The share of queries with an expected service in the first three results: 175 of 175 on
# SQLite and PostgreSQL (the first 87 gave 72 before the change). The search was tuned to
# these queries; the two checks written afterwards gave 48 of 53 and 31 of 35 on their
# first run, so expect about 90 % for queries nobody has looked at. The threshold leaves
# room for catalogue updates and catches a ranking that slides back.
MINDEST_TREFFERQUOTE = 0.95


def _kennung(leistung: Leistung) -> set[str]:
    return {leistung.name, *([leistung.leika_schluessel] if leistung.leika_schluessel else [])}


def test_query_set_is_large_and_names_real_services():
    assert len(ALLTAGSANFRAGEN) >= 50
    assert len({q.casefold() for q, _ in ALLTAGSANFRAGEN}) == len(ALLTAGSANFRAGEN)
    known = set(Leistung.objects.values_list("leika_schluessel", flat=True)) | set(
        Leistung.objects.values_list("name", flat=True)
    )
    for query, expected in ALLTAGSANFRAGEN:
        assert expected, query
        assert set(expected) <= known, (query, set(expected) - known)


def test_the_citys_described_services_lead_and_a_verb_adds_no_hits():
    plain = leistung_search(query="Personalausweis", limit=10)
    # Before: 84 hits, 82 without a description, and the city's page shared the first
    # places with them.
    assert [x.leika_schluessel for x in plain.treffer[:2]] == [
        PERSONALAUSWEIS,
        PERSONALAUSWEIS_VORLAEUFIG,
    ]
    assert not any(x.ist_beschrieben for x in plain.treffer[2:])  # then the other variants
    for query in ("Personalausweis beantragen", "perso", "Perso beantragen"):
        result = leistung_search(query=query, limit=10)
        assert [x.pk for x in result.treffer[:2]] == [x.pk for x in plain.treffer[:2]], query
        assert result.gesamt == plain.gesamt, query


def test_everyday_queries_find_the_service_in_the_top_three(capsys):
    misses: list[str] = []
    for query, expected in ALLTAGSANFRAGEN:
        top = leistung_search(query=query, limit=3).treffer
        if not any(_kennung(leistung) & set(expected) for leistung in top):
            misses.append(f"  {query!r}: {[leistung.name for leistung in top]}")
    quote = 1 - len(misses) / len(ALLTAGSANFRAGEN)
    report = (
        f"Alltagsanfragen: {len(ALLTAGSANFRAGEN) - len(misses)}/{len(ALLTAGSANFRAGEN)} "
        f"= {quote:.1%} in the top 3" + ("\nmisses:\n" + "\n".join(misses) if misses else "")
    )
    with capsys.disabled():
        print("\n" + report)
    assert quote >= MINDEST_TREFFERQUOTE, report
