"""GET /api/v1/leistungen/ and /leistungen/{id}/."""

from __future__ import annotations

import pytest

from .conftest import Katalog

URL = "/api/v1/leistungen/"


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["results"]]


def test_list_shape_order_and_fields(client, katalog: Katalog):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results", "suche"}
    assert body["count"] == 4 and body["next"] is None and body["previous"] is None
    assert body["suche"] is None
    assert names(response) == sorted(names(response))
    first = body["results"][0]
    assert set(first) == {
        "id", "slug", "name", "name_en", "kurztext", "reifegrad", "leika_schluessel",
        "ozg_id", "url", "portal_url",
    }  # fmt: skip
    ausweis = next(r for r in body["results"] if r["slug"] == "personalausweis-beantragen")
    assert ausweis["url"] == f"http://testserver/api/v1/leistungen/{katalog.ausweis.pk}/"
    assert ausweis["portal_url"] == "http://testserver/leistungen/personalausweis-beantragen/"
    assert ausweis["leika_schluessel"] == "99008001001000"
    assert ausweis["reifegrad"] == 1  # described, no online form
    by_slug = {r["slug"]: r["reifegrad"] for r in body["results"]}
    assert by_slug == {
        "personalausweis-beantragen": 1,
        "geburtsurkunde": 3,  # an online form exists
        "kfz-zulassung": 0,  # neither form nor description
        "meldebescheinigung": 1,
    }
    assert ausweis["ozg_id"] is None
    kfz = next(r for r in body["results"] if r["slug"] == "kfz-zulassung")
    assert kfz["leika_schluessel"] is None
    assert kfz["ozg_id"] == "10338"


def test_every_leistung_carries_leika_schluessel(client, katalog: Katalog):
    for item in client.get(URL).json()["results"]:
        assert "leika_schluessel" in item
    for leistung in (katalog.ausweis, katalog.kfz):
        detail = client.get(f"{URL}{leistung.pk}/").json()
        assert detail["leika_schluessel"] == leistung.leika_schluessel


def test_pagination_links_keep_filters(client, katalog: Katalog):
    body = client.get(URL, {"limit": 1, "offset": 1, "reifegrad": 3}).json()
    assert body["count"] == 1 and body["results"] == []  # offset past the only hit
    body = client.get(URL, {"limit": 2}).json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert body["next"] == "http://testserver/api/v1/leistungen/?limit=2&offset=2"
    second = client.get(body["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/leistungen/?limit=2"
    assert {r["id"] for r in body["results"]}.isdisjoint(r["id"] for r in second["results"])


def test_limit_is_capped_at_100(client, katalog: Katalog):
    assert client.get(URL, {"limit": 100}).status_code == 200
    response = client.get(URL, {"limit": 101})
    assert response.status_code == 400 and "limit" in response.json()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"themenfeld": "familie-kind"}, ["Geburtsurkunde"]),
        ({"lebenslage": "auto"}, ["Kfz-Zulassung Neufahrzeug"]),
        ({"ozg_id": "10557"}, ["Geburtsurkunde"]),
        ({"ozg_id": "99999"}, []),
        ({"leika_schluessel": "99008001001000"}, ["Personalausweis beantragen"]),
        ({"leika_schluessel": "99000000000000"}, []),
        ({"reifegrad": "3"}, ["Geburtsurkunde"]),
        ({"reifegrad": "1"}, ["Meldebescheinigung", "Personalausweis beantragen"]),
        ({"reifegrad": "0"}, ["Kfz-Zulassung Neufahrzeug"]),
        ({"reifegrad": "2"}, []),
        ({"reifegrad": "4"}, []),
        (
            {"organisationseinheit": "buergerbuero"},
            ["Meldebescheinigung", "Personalausweis beantragen"],
        ),
        (
            {"organisationseinheit": "standesamt", "reifegrad": "3"},
            ["Geburtsurkunde"],
        ),
        ({"themenfeld": "familie-kind", "lebenslage": "auto"}, []),
    ],
)
def test_filters(client, katalog: Katalog, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("name", ["themenfeld", "lebenslage", "organisationseinheit"])
def test_unknown_slug_is_400_naming_the_parameter(client, katalog: Katalog, name):
    response = client.get(URL, {name: "gibt-es-nicht"})
    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert "gibt-es-nicht" in response.json()[name][0]


def test_search_orders_by_relevance(client, katalog: Katalog):
    response = client.get(URL, {"q": "Personalausweis"})
    assert response.status_code == 200
    body = response.json()
    # name hit before a hit in the text only
    assert names(response) == ["Personalausweis beantragen", "Meldebescheinigung"]
    assert body["count"] == 2
    assert body["suche"] == {"anfrage": "Personalausweis", "korrekturen": {}, "teiltreffer": False}


def test_search_with_typo_reports_correction(client, katalog: Katalog):
    body = client.get(URL, {"q": "Personalauswies"}).json()
    assert body["results"][0]["name"] == "Personalausweis beantragen"
    assert body["suche"]["korrekturen"] == {"personalauswies": "personalausweis"}


def test_search_combined_with_filters_and_pages(client, katalog: Katalog):
    body = client.get(URL, {"q": "Personalausweis", "organisationseinheit": "buergerbuero"}).json()
    assert body["count"] == 2
    body = client.get(URL, {"q": "Personalausweis", "reifegrad": "1"}).json()
    assert [r["name"] for r in body["results"]] == [
        "Personalausweis beantragen",
        "Meldebescheinigung",
    ]
    body = client.get(URL, {"q": "Personalausweis", "reifegrad": "3"}).json()
    assert body["count"] == 0 and body["results"] == []
    body = client.get(URL, {"q": "Personalausweis", "themenfeld": "familie-kind"}).json()
    assert body["count"] == 0 and body["results"] == []
    page = client.get(URL, {"q": "Personalausweis", "limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert [r["name"] for r in page["results"]] == ["Meldebescheinigung"]
    assert page["previous"] is not None and "q=Personalausweis" in page["previous"]
    page = client.get(URL, {"q": "Personalausweis", "limit": 1, "reifegrad": "1"}).json()
    assert page["count"] == 2 and page["next"] is not None and "reifegrad=1" in page["next"]


def test_blank_q_lists_by_name(client, katalog: Katalog):
    body = client.get(URL, {"q": "   "}).json()
    assert body["count"] == 4 and body["suche"] is None


def test_detail_has_everything(client, katalog: Katalog):
    response = client.get(f"{URL}{katalog.ausweis.pk}/")
    assert response.status_code == 200
    body = response.json()
    for feld in (
        "kurztext", "kurztext_en", "volltext", "voraussetzungen", "unterlagen", "kosten",
        "verfahrensablauf", "bearbeitungsdauer", "fristen", "formulare", "hinweise",
        "rechtsgrundlagen", "gesetze", "typisierung",
    ):  # fmt: skip
        assert feld in body
    assert body["unterlagen"] == "Passbild"
    assert body["synonyme"] == ["Perso", "Ausweis"]
    # An appointment link is what it is, not an online service.
    assert body["online_dienst_url"] is None
    assert body["termin_url"] == "https://example.org/ausweis-termin"
    assert body["reifegrad"] == 1
    assert body["beispielinhalt"] is False
    assert body["gebuehren"] == [
        {"bezeichnung": "unter 24 Jahren", "betrag": "22.80", "betrag_bis": None, "hinweis": ""},
        {"bezeichnung": "ab 24 Jahren", "betrag": "37.00", "betrag_bis": None, "hinweis": ""},
    ]
    [zustaendigkeit] = body["zustaendigkeiten"]
    oe = zustaendigkeit["organisationseinheit"]
    assert oe["id"] == katalog.buergerbuero.pk
    assert oe["slug"] == "buergerbuero" and oe["name"] == "Bürgerbüro"
    assert oe["adresse"] == {"strasse": "Alter Markt 1", "plz": "18439", "ort": "Stralsund"}
    assert oe["telefon"] == "03831 252-111"
    assert oe["email"] == "buergerbuero@stralsund.de"
    assert oe["url"].endswith(f"/api/v1/organisationseinheiten/{katalog.buergerbuero.pk}/")
    assert body["ozg_leistung"] is None and body["lebenslage"] is None
    assert body["themenfeld"] is None


def test_detail_links_ozg_lebenslage_themenfeld(client, katalog: Katalog):
    body = client.get(f"{URL}{katalog.geburtsurkunde.pk}/").json()
    assert body["ozg_leistung"]["ozg_id"] == "10557"
    assert body["lebenslage"]["slug"] == "geburt"
    assert body["themenfeld"]["slug"] == "familie-kind"
    # The online service is the portal's own form.
    assert body["online_dienst_url"] == f"http://testserver/antrag/{katalog.formular.pk}/"
    assert body["reifegrad"] == 3 and body["termin_url"] == ""
    # the office's own phone is missing: the building's is given
    oe = body["zustaendigkeiten"][0]["organisationseinheit"]
    assert oe["telefon"] == "03831 2520" and oe["email"] == "info@stralsund.de"


def test_detail_unknown_id_is_404(client, katalog: Katalog):
    assert client.get(f"{URL}999999/").status_code == 404
    assert client.get(f"{URL}{'9' * 40}/").status_code == 404
    assert client.get(f"{URL}abc/").status_code == 404
