from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.utils import timezone

from rathaus.akten import selectors, services
from rathaus.akten.models import Akte

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def welt():
    ordnungsamt = f.organisationseinheit("Ordnungsamt")
    steueramt = f.organisationseinheit("Steueramt")
    bauamt = f.organisationseinheit("Bauamt")
    akte_ord = f.akte(ordnungsamt, betreff="Hundehaltung Musterfrau")
    akte_steuer = f.akte(steueramt, f.aktenplaneinheit("20.30"), betreff="Hundesteuer Musterfrau")
    services.akte_share(akte=akte_steuer, organisationseinheiten=[ordnungsamt], actor=f.ACTOR)
    akte_bau = f.akte(bauamt, f.aktenplaneinheit("63.01"), betreff="Bauantrag Hafen")
    docs = {
        "ord": f.dokument(
            f.vorgang(akte_ord),
            text="Die Anträge auf Befreiung des Hundes vom Leinenzwang wurden geprüft.",
            betreff="Leinenzwang",
            absender="Erika Musterfrau",
            dateiname="befreiung_leinenzwang.pdf",
        ),
        "steuer": f.dokument(
            f.vorgang(akte_steuer),
            text="Festsetzung der Hundesteuer für Bello.",
            betreff="Steuerbescheid",
        ),
        "bau": f.dokument(
            f.vorgang(akte_bau),
            text="Antrag auf Baugenehmigung für ein Hundehaus am Hafen.",
            betreff="Baugenehmigung",
        ),
    }
    users = {
        "ord": f.user("ord", ordnungsamt),
        "steuer": f.user("steuer", steueramt),
        "bau": f.user("bau", bauamt),
        "niemand": f.user("niemand"),
        "admin": User.objects.create_superuser("admin", password=None),
    }
    return docs, users


def _betreffe(user, query, **kwargs) -> set[str]:
    return {d.betreff for d in selectors.dokumente_search(user=user, query=query, **kwargs).treffer}


@pytest.mark.parametrize(
    ("wer", "sichtbar"),
    [
        ("ord", {"Leinenzwang", "Steuerbescheid"}),  # own + shared with it
        ("steuer", {"Steuerbescheid"}),
        ("bau", {"Baugenehmigung"}),
        ("niemand", set()),
        ("admin", set()),  # no membership, no content – superuser or not
    ],
)
def test_search_returns_only_visible_documents(welt, wer, sichtbar):
    _docs, users = welt
    assert _betreffe(users[wer], "Hund") == sichtbar
    assert set(selectors.akten_visible(user=users[wer]).values_list("pk", flat=True)) == {
        d.vorgang.akte_id for d in welt[0].values() if d.betreff in sichtbar
    }


def test_anonymous_and_inactive_users_see_nothing(welt):
    _docs, users = welt
    assert selectors.dokumente_search(user=AnonymousUser(), query="Hund").gesamt == 0
    users["ord"].is_active = False
    assert _betreffe(users["ord"], "Hund") == set()


def test_german_stemming_and_metadata(welt):
    _docs, users = welt
    ord_user = users["ord"]
    assert _betreffe(ord_user, "Antrag") == {"Leinenzwang"}  # text says "Anträge"
    assert _betreffe(ord_user, "geprueft Leinenzwang") == {"Leinenzwang"}
    assert _betreffe(ord_user, "Musterfrau") == {"Leinenzwang"}  # Absender
    assert _betreffe(ord_user, "befreiung_leinenzwang.pdf") == {"Leinenzwang"}  # Dateiname
    assert _betreffe(ord_user, "Bello") == {"Steuerbescheid"}
    assert _betreffe(ord_user, "Baugenehmigung") == set()
    assert _betreffe(users["bau"], "Baugenehmigungen") == {"Baugenehmigung"}


def test_aktenzeichen_query(welt):
    docs, users = welt
    az = docs["ord"].vorgang.akte.aktenzeichen
    assert _betreffe(users["ord"], az) == {"Leinenzwang"}
    assert _betreffe(users["ord"], "20.30") == {"Steuerbescheid"}
    assert _betreffe(users["steuer"], az) == set()


def test_hostile_queries_do_not_break_the_search(welt):
    _docs, users = welt
    for query in ['"', "*", "NEAR(", "a:* & !b", "'; DROP TABLE akten_akte; --", "x" * 2000, ""]:
        result = selectors.dokumente_search(user=users["ord"], query=query)
        assert result.gesamt >= 0


def test_paging_and_restriction_to_one_akte(welt):
    docs, users = welt
    result = selectors.dokumente_search(user=users["ord"], query="Hund", limit=1)
    assert result.gesamt == 2 and len(result.treffer) == 1
    nur = selectors.dokumente_search(
        user=users["ord"], query="Hund", akte=docs["steuer"].vorgang.akte
    )
    assert [d.betreff for d in nur.treffer] == ["Steuerbescheid"]


def test_dokumente_of_and_akte_get(welt):
    docs, users = welt
    akte = docs["ord"].vorgang.akte
    assert selectors.akte_get(user=users["ord"], aktenzeichen=akte.aktenzeichen) == akte
    assert selectors.akte_get(user=users["bau"], aktenzeichen=akte.aktenzeichen) is None
    assert list(selectors.dokumente_of(user=users["ord"], akte=akte)) == [docs["ord"]]
    assert list(selectors.dokumente_of(user=users["bau"], akte=akte)) == []


def test_closed_akten_stay_searchable(welt):
    docs, users = welt
    services.akte_close(akte=docs["ord"].vorgang.akte, actor=f.ACTOR)
    assert _betreffe(users["ord"], "Leinenzwang") == {"Leinenzwang"}


# --- reads for the Verfahren of a Vorgang -------------------------------------------------


def test_vorgang_offen_get_only_while_open():
    vorgang = f.vorgang()
    assert selectors.vorgang_offen_get(pk=vorgang.pk) == vorgang
    assert selectors.vorgang_offen_get(pk=vorgang.pk, akte_offen=True) == vorgang
    assert selectors.vorgang_offen_get(pk=None) is None
    assert selectors.vorgang_offen_get(pk=vorgang.pk + 1000) is None
    # An Akte closed under an open Vorgang (data from before zdA closed both at once).
    Akte.objects.filter(pk=vorgang.akte_id).update(zda_am=timezone.now())
    assert selectors.vorgang_offen_get(pk=vorgang.pk) == vorgang
    assert selectors.vorgang_offen_get(pk=vorgang.pk, akte_offen=True) is None
    services.vorgang_close(vorgang=vorgang, actor=f.ACTOR)
    assert selectors.vorgang_offen_get(pk=vorgang.pk) is None


def test_eingang_exists_counts_incoming_dokumente_after_the_moment_only():
    vorgang = f.vorgang()
    vorher = timezone.now()
    f.dokument(vorgang, art=services.DokumentArt.AUSGANG)
    assert not selectors.eingang_exists(vorgang=vorgang, nach=vorher)
    eingang = f.dokument(vorgang, art=services.DokumentArt.EINGANG, betreff="Widerspruch")
    assert selectors.eingang_exists(vorgang=vorgang, nach=vorher)
    assert not selectors.eingang_exists(vorgang=vorgang, nach=eingang.erstellt_am)
    assert not selectors.eingang_exists(vorgang=f.vorgang(), nach=vorher)


def test_version_neueste_of_is_the_highest_number_with_its_content():
    dokument = f.dokument()
    erste = dokument.versionen.get()
    assert selectors.version_neueste_of(dokument_id=dokument.pk) == erste
    zweite = services.version_add(
        dokument=dokument,
        dateiname="bescheid-2.pdf",
        mediatyp="application/pdf",
        inhalt=f.pdf("Zweite Fassung"),
        actor=f.ACTOR,
    )
    neueste = selectors.version_neueste_of(dokument_id=dokument.pk)
    assert neueste == zweite and neueste.nummer == 2
    with selectors.version_content_open(version=neueste) as inhalt:
        assert inhalt.read() == f.pdf("Zweite Fassung")
    assert selectors.version_neueste_of(dokument_id=dokument.pk + 1000) is None


def test_dokument_art_is_what_dokument_file_accepts():
    assert set(services.DokumentArt.values) == {"eingang", "ausgang", "intern"}
    with pytest.raises(ValidationError) as fehler:
        f.dokument(art="widerspruch")
    assert "art" in fehler.value.message_dict


def test_aktenplaneinheit_by_kennzeichen_and_akte_exists():
    position = f.aktenplaneinheit()
    assert selectors.aktenplaneinheit_by_kennzeichen(kennzeichen=position.kennzeichen) == position
    assert selectors.aktenplaneinheit_by_kennzeichen(kennzeichen="99.99") is None
    assert selectors.aktenplaneinheit_by_kennzeichen(kennzeichen="' OR 1=1 --") is None
    assert not selectors.akte_exists(aktenplaneinheit=position, betreff="Hundesteuer Musterfrau")
    f.akte(position=position)
    assert selectors.akte_exists(aktenplaneinheit=position, betreff="Hundesteuer Musterfrau")
    assert not selectors.akte_exists(aktenplaneinheit=position, betreff="Hundesteuer")


def test_version_max_bytes_is_the_setting(settings):
    settings.RATHAUS_AKTEN_MAX_BYTES = 12345
    assert selectors.version_max_bytes() == 12345
