"""Caching headers, read-only methods and hostile input (400 or 200, never 500)."""

from __future__ import annotations

import pytest

from rathaus.katalog.models import Leistung

from .conftest import Katalog

LISTS = [
    "/api/v1/leistungen/",
    "/api/v1/leistungen/?q=Ausweis",
    "/api/v1/organisationseinheiten/",
    "/api/v1/themenfelder/",
    "/api/v1/lebenslagen/",
    "/api/v1/ozg-leistungen/",
]


def detail_urls(katalog: Katalog) -> list[str]:
    return [
        f"/api/v1/leistungen/{katalog.ausweis.pk}/",
        f"/api/v1/organisationseinheiten/{katalog.buergerbuero.pk}/",
        f"/api/v1/themenfelder/{katalog.familie.pk}/",
        f"/api/v1/lebenslagen/{katalog.geburt.pk}/",
        f"/api/v1/ozg-leistungen/{katalog.urkunde.pk}/",
    ]


def test_etag_cache_control_and_304_everywhere(client, katalog: Katalog):
    for url in [*LISTS, *detail_urls(katalog), "/api/v1/", "/api/v1/schema/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        etag = response["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag
        assert client.get(url, HTTP_IF_NONE_MATCH='"anders"').status_code == 200


def test_etag_changes_with_the_content(client, katalog: Katalog):
    url = f"/api/v1/leistungen/{katalog.ausweis.pk}/"
    before = client.get(url)["ETag"]
    Leistung.objects.filter(pk=katalog.ausweis.pk).update(kurztext="Neu.")
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert after.json()["kurztext"] == "Neu."


def test_errors_are_not_cached_publicly(client, katalog: Katalog):
    assert "public" not in client.get("/api/v1/leistungen/?limit=0").get("Cache-Control", "")
    assert "public" not in client.get("/api/v1/leistungen/424242/").get("Cache-Control", "")


def test_browsable_api_is_html_and_private(client, katalog: Katalog):
    response = client.get("/api/v1/leistungen/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "public" not in response["Cache-Control"]
    assert b"<style>" not in response.content  # CSP: style-src 'self'


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405(client, katalog: Katalog, method):
    for url in [*LISTS, *detail_urls(katalog)]:
        response = getattr(client, method)(url, {"name": "x"}, format="json")
        assert response.status_code == 405, (method, url)
    assert Leistung.objects.count() == 4


def test_head_and_options(client, katalog: Katalog):
    assert client.head("/api/v1/leistungen/").status_code == 200
    response = client.options("/api/v1/leistungen/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


HOSTILE = [
    ("q", "x" * 2000, 400),
    ("q", "Ausweis\x00", 400),
    ("q", "'; DROP TABLE katalog_leistung; --", 200),
    ("q", '" OR 1=1 --', 200),
    ("q", 'NEAR(a b) * ^ "', 200),
    ("q", "%' UNION SELECT * --", 200),
    ("q", "😀 ﷽ \u202e", 200),
    ("limit", "-1", 400),
    ("limit", "0", 400),
    ("limit", "abc", 400),
    ("limit", "1e3", 400),
    ("limit", "5_0", 400),
    ("limit", "9" * 40, 400),
    ("offset", str(10**30), 400),
    ("offset", "-5", 400),
    ("offset", "0x10", 400),
    ("offset", "999999999", 200),
    ("reifegrad", "x", 400),
    ("reifegrad", "9", 400),
    ("themenfeld", "../../etc/passwd", 400),
    ("themenfeld", "x' OR '1'='1", 400),
    ("themenfeld", "a\x00b", 400),
    ("themenfeld", "a" * 5000, 400),
    ("lebenslage", "<script>alert(1)</script>", 400),
    ("organisationseinheit", "1; DELETE FROM x", 400),
    ("ozg_id", "1' OR '1", 400),
    ("ozg_id", "123456", 400),
    ("leika_schluessel", "99" + "0" * 20, 400),
    ("leika_schluessel", "abc", 400),
]


@pytest.mark.parametrize(("name", "value", "status"), HOSTILE)
def test_hostile_input_gets_a_clear_answer(client, katalog: Katalog, name, value, status):
    response = client.get("/api/v1/leistungen/", {name: value})
    assert response.status_code == status
    if status == 400:
        assert name in response.json()
    assert Leistung.objects.count() == 4


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/lebenslagen/?themenfeld=../../etc/passwd",
        "/api/v1/ozg-leistungen/?q=%00",
        "/api/v1/ozg-leistungen/?q=" + "x" * 2000,
        "/api/v1/ozg-leistungen/?lebenslage=%27--",
        "/api/v1/themenfelder/?limit=abc",
        "/api/v1/organisationseinheiten/?offset=" + "9" * 31,
    ],
)
def test_hostile_input_on_other_lists_is_400(client, katalog: Katalog, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()


def test_q_too_long_names_q(client, katalog: Katalog):
    response = client.get("/api/v1/leistungen/", {"q": "Ausweis " * 250})
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


def test_global_anon_throttle_is_kept():
    from rest_framework.throttling import AnonRateThrottle

    from rathaus.api.views.base import KatalogView

    # DRF's anonymous limit, counted per client address as core.client sees it.
    assert any(issubclass(k, AnonRateThrottle) for k in KatalogView.throttle_classes)


def test_no_n_plus_one(client, katalog: Katalog, django_assert_max_num_queries):
    # list: session/throttle lookups aside, one count and one page query, and for the
    # maturity (berichte) the page's catalogue facts and their forms
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/leistungen/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/ozg-leistungen/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/leistungen/{katalog.ausweis.pk}/").status_code == 200
