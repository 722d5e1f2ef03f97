from __future__ import annotations

import pytest

from rathaus.katalog.models import Leistung, Synonym, Zustaendigkeit
from rathaus.katalog.search import SuchanfrageUngueltig, leistung_search, suchindex_update
from rathaus.katalog.search.text import fold, stems
from rathaus.katalog.search.vocabulary import reset
from rathaus.organisation.models import Organisationseinheit


def _leistung(name: str, **fields: str) -> Leistung:
    slug = fold(name).replace(" ", "-")[:100] + f"-{Leistung.objects.count()}"
    return Leistung.objects.create(quelle=f"test:{slug}", name=name, slug=slug, **fields)


@pytest.fixture
def katalog(db):
    reset()
    items = {
        "ausweis": _leistung(
            "Personalausweis beantragen", kurztext="Den Ausweis im Bürgerbüro beantragen."
        ),
        "fuehrerschein": _leistung("Führerschein Umtausch"),
        "ehe": _leistung("Eheschließung anmelden", synonyme="Trauung"),
        "antrag": _leistung("Antrag auf Wohngeld", volltext="Zuschuss zur Miete."),
        "hund": _leistung("Hundesteuer Anmeldung"),
        "text_only": _leistung("Meldebescheinigung", volltext="Ein Personalausweis genügt."),
        "synonym_only": _leistung("Identitätsnachweis", synonyme="Personalausweis Ersatz"),
    }
    Synonym.objects.create(begriff="Heirat", ersetzung="Eheschließung")
    Synonym.objects.create(begriff="Auto anmelden", ersetzung="Kfz-Zulassung")
    items["kfz"] = _leistung("Kfz-Zulassung Neufahrzeug")
    suchindex_update()
    return items


def names(query: str, **kwargs) -> list[str]:
    return [leistung.name for leistung in leistung_search(query=query, **kwargs).treffer]


def test_fold_and_stem():
    assert fold("Führerschein STRAßE Café") == "fuehrerschein strasse cafe"
    assert stems("Anträge") == stems("Antrag")
    assert stems("Fuehrerschein") == stems("Führerschein")


@pytest.mark.django_db(transaction=True)
def test_stemming_umlauts_and_sz(katalog):
    assert "Antrag auf Wohngeld" in names("Anträge")
    assert names("Fuehrerschein") == ["Führerschein Umtausch"]
    assert names("Eheschliessung") == ["Eheschließung anmelden"]


@pytest.mark.django_db(transaction=True)
def test_typo_tolerance_reports_correction(katalog):
    result = leistung_search(query="Personalauswies")
    assert result.treffer[0].name == "Personalausweis beantragen"
    assert result.korrekturen == {"personalauswies": "personalausweis"}


@pytest.mark.django_db(transaction=True)
def test_synonym_table_and_multiword_synonym(katalog):
    assert names("Heirat") == ["Eheschließung anmelden"]
    assert names("Auto anmelden") == ["Kfz-Zulassung Neufahrzeug"]
    assert names("Trauung") == ["Eheschließung anmelden"]


@pytest.mark.django_db(transaction=True)
def test_compound_part_matches(katalog):
    assert "Hundesteuer Anmeldung" in names("steuer")


@pytest.mark.django_db(transaction=True)
def test_ranking_name_before_synonyms_before_text(katalog):
    assert names("Personalausweis") == [
        "Personalausweis beantragen",
        "Identitätsnachweis",
        "Meldebescheinigung",
    ]


@pytest.mark.django_db(transaction=True)
def test_city_services_rank_first_within_a_tier(katalog):
    other = _leistung("Personalausweis Ausstellung im Ausland")
    suchindex_update(leistung_ids=[other.pk])
    oe = Organisationseinheit.objects.create(name="Bürgerbüro", slug="bb", art="abteilung")
    Zustaendigkeit.objects.create(leistung=other, organisationseinheit=oe)
    assert names("Personalausweis")[0] == "Personalausweis Ausstellung im Ausland"


@pytest.mark.django_db(transaction=True)
def test_paging_and_total(katalog):
    first = leistung_search(query="Personalausweis", limit=2, offset=0)
    second = leistung_search(query="Personalausweis", limit=2, offset=2)
    assert first.gesamt == second.gesamt == 3
    assert [x.name for x in first.treffer + second.treffer] == names("Personalausweis")


@pytest.mark.django_db(transaction=True)
def test_partial_match_when_not_all_words_match(katalog):
    result = leistung_search(query="Hundesteuer Zebra")
    assert result.teiltreffer
    assert result.treffer[0].name == "Hundesteuer Anmeldung"


@pytest.mark.django_db(transaction=True)
def test_index_follows_changes(katalog):
    leistung = katalog["hund"]
    leistung.name = "Katzensteuer"
    leistung.save()
    suchindex_update(leistung_ids=[leistung.pk])
    assert names("Katzensteuer") == ["Katzensteuer"]
    assert names("Hundesteuer") == []
    leistung.delete()
    suchindex_update(leistung_ids=[leistung.pk])
    assert names("Katzensteuer") == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'; DROP TABLE katalog_leistung; --",
        "*",
        "NEAR(",
        "a OR b",
        "{name}: x",
        "-",
        "€§$%",
        "   ",
        "",
        "x" * 200,
        "Antrag " * 20,
        "beantragen anmelden abmelden",
        "mein wo wie was",
        "wo",
        "enenenenenenen",
        "ungen",
        "Hund" + "e" * 150,
        "ausweisausweisausweisausweis",
    ],
)
def test_hostile_queries_get_a_normal_answer(katalog, query):
    result = leistung_search(query=query)
    assert result.gesamt >= 0
    assert Leistung.objects.count() == 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("query", ["x" * 2000, "Ausweis\x00", "x" * 201])
def test_invalid_queries_are_refused(katalog, query):
    with pytest.raises(SuchanfrageUngueltig):
        leistung_search(query=query)


@pytest.mark.django_db(transaction=True)
def test_most_requested_first_among_equal_matches(katalog):
    selten = _leistung("Personalausweis vorläufig", kurztext="Personalausweis " * 5)
    haeufig = _leistung("Personalausweis Ausstellung", kurztext="Den Ausweis beantragen.")
    Leistung.objects.filter(pk=haeufig.pk).update(nachfrage=9000)
    Leistung.objects.filter(pk=selten.pk).update(nachfrage=300)
    suchindex_update(leistung_ids=[selten.pk, haeufig.pk])
    assert names("Personalausweis")[:2] == [
        "Personalausweis Ausstellung",
        "Personalausweis vorläufig",
    ]


# --- how citizens type --------------------------------------------------------------------


def _hier(leistung: Leistung) -> Leistung:
    """Give the Leistung a Zuständigkeit in this city."""
    oe, _ = Organisationseinheit.objects.get_or_create(
        slug="bb", defaults={"name": "Bürgerbüro", "art": "abteilung"}
    )
    Zustaendigkeit.objects.create(leistung=leistung, organisationseinheit=oe)
    return leistung


@pytest.mark.django_db(transaction=True)
def test_described_city_services_come_before_bare_catalogue_entries(katalog):
    bare = _leistung("Ausweis Ersatz")  # the word itself, but no description
    beschrieben = _hier(_leistung("Kinderreisepass", kurztext="Für Kinder.", synonyme="Ausweis"))
    suchindex_update(leistung_ids=[bare.pk, beschrieben.pk])
    # Before: the bare entry first, as it has "Ausweis" as a whole word in its name.
    found = names("Ausweis")
    assert found[0] == "Kinderreisepass"
    assert found.index("Personalausweis beantragen") < found.index("Ausweis Ersatz")


@pytest.mark.django_db(transaction=True)
def test_a_verb_does_not_narrow_or_widen_the_result(katalog):
    sperrmuell = _leistung("Sperrmüll Entsorgung")
    wohnsitz = _hier(_leistung("Wohnsitz Anmeldung", kurztext="Nach dem Umzug anmelden."))
    suchindex_update(leistung_ids=[sperrmuell.pk, wohnsitz.pk])
    result = leistung_search(query="Sperrmüll anmelden")
    assert [x.name for x in result.treffer] == ["Sperrmüll Entsorgung"]
    assert not result.teiltreffer
    assert names("Personalausweis beantragen") == names("Personalausweis")


@pytest.mark.django_db(transaction=True)
def test_the_verb_lifts_its_verrichtung_and_sinks_the_opposite(katalog):
    anmeldung = _leistung("Gewerbe Anmeldung")
    abmeldung = _hier(_leistung("Gewerbe Abmeldung", kurztext="Den Betrieb aufgeben."))
    ummeldung = _hier(_leistung("Gewerbe Ummeldung", kurztext="Die Adresse ändern."))
    suchindex_update(leistung_ids=[anmeldung.pk, abmeldung.pk, ummeldung.pk])
    assert names("Gewerbe ummelden")[0] == "Gewerbe Ummeldung"
    assert names("Gewerbe abmelden")[0] == "Gewerbe Abmeldung"
    # The city describes only the Abmeldung, but whoever says "anmelden" does not want it.
    assert names("Gewerbe anmelden") == [
        "Gewerbe Ummeldung",
        "Gewerbe Anmeldung",
        "Gewerbe Abmeldung",
    ]


@pytest.mark.django_db(transaction=True)
def test_verb_and_noun_find_the_compound(katalog):
    haltung = _leistung("Hundehaltung Anmeldung")
    baum = _leistung("Baumfällgenehmigung Erteilung")
    suchindex_update(leistung_ids=[haltung.pk, baum.pk])
    assert names("Hund halten") == ["Hundehaltung Anmeldung"]
    assert names("Baum fällen") == ["Baumfällgenehmigung Erteilung"]


@pytest.mark.django_db(transaction=True)
def test_a_whole_word_is_no_prefix_of_an_unrelated_word(katalog):
    Synonym.objects.create(begriff="Perso", ersetzung="Personalausweis")
    persoenlich = _hier(
        _leistung("Kraftfahrzeug Abmeldung (persönliche Vorlage)", kurztext="Mit dem Auto.")
    )
    gebuehr = _leistung("Gebührenordnung", volltext="Es kostet hundert Euro.")
    suchindex_update(leistung_ids=[persoenlich.pk, gebuehr.pk])
    reset()
    assert names("Perso") == names("Personalausweis")
    assert "Kraftfahrzeug Abmeldung (persönliche Vorlage)" not in names("Perso")
    # In the text only whole words count: "Hund" is not "hundert".
    assert "Gebührenordnung" not in names("Hund")
    # A compound still starts with the word: Hund → Hundesteuer.
    assert "Hundesteuer Anmeldung" in names("Hund")


@pytest.mark.django_db(transaction=True)
def test_an_unknown_compound_of_known_words_is_no_typo(katalog):
    waffen = _leistung("Erlaubnis zum Führen von Waffen", synonyme="Waffenbesitzkarte Schein")
    hafen = _leistung("Hafenschein Bremen")
    suchindex_update(leistung_ids=[waffen.pk, hafen.pk])
    reset()
    result = leistung_search(query="Waffenschein")
    assert result.korrekturen == {}
    assert [x.name for x in result.treffer] == ["Erlaubnis zum Führen von Waffen"]


@pytest.mark.django_db(transaction=True)
def test_the_service_one_applies_for_before_other_verrichtungen(katalog):
    for name, key in [
        ("Elterngeld Berechnung", "99041006151000"),
        ("Elterngeld", "99041006000000"),
        ("Elterngeld Bewilligung für Zwillinge", "99041006017001"),
        ("Elterngeld Bewilligung", "99041006017000"),
    ]:
        leistung = _leistung(name)
        Leistung.objects.filter(pk=leistung.pk).update(leika_schluessel=key)
    suchindex_update()
    assert names("Elterngeld")[0] == "Elterngeld Bewilligung"
    assert names("Elterngeld")[-1] == "Elterngeld Bewilligung für Zwillinge"


@pytest.mark.django_db(transaction=True)
def test_the_citizens_name_of_a_service_is_searched_as_its_name(katalog):
    wohnsitz = _leistung("Wohnsitz Anmeldung", name_buerger="Nach dem Umzug anmelden")
    halteverbot = _leistung("Halteverbotszone", synonyme="Umzug")
    suchindex_update(leistung_ids=[wohnsitz.pk, halteverbot.pk])
    assert names("Umzug") == ["Wohnsitz Anmeldung", "Halteverbotszone"]
