from __future__ import annotations

from datetime import date

import pytest

from rathaus.konten.niveau import Vertrauensniveau, acr_values_for, niveau_from_acr, reicht
from rathaus.konten.oidc import identitaet_from_claims


@pytest.mark.parametrize(
    ("acr", "niveau"),
    [
        ("STORK-QAA-Level-1", "basis"),
        ("STORK-QAA-Level-2", "basis"),
        ("STORK-QAA-Level-3", "substantiell"),
        ("STORK-QAA-Level-4", "hoch"),
        (" STORK-QAA-Level-4 ", "hoch"),
        ("urn:unknown", "basis"),
        ("", "basis"),
        (None, "basis"),
        (4, "basis"),
        (["STORK-QAA-Level-4"], "basis"),
    ],
)
def test_niveau_from_acr(acr: object, niveau: str) -> None:
    assert niveau_from_acr(acr) == niveau


def test_reicht_and_acr_values() -> None:
    assert reicht(Vertrauensniveau.HOCH, Vertrauensniveau.SUBSTANTIELL)
    assert not reicht(Vertrauensniveau.BASIS, Vertrauensniveau.SUBSTANTIELL)
    assert not reicht(None, Vertrauensniveau.BASIS)
    assert acr_values_for(Vertrauensniveau.HOCH) == "STORK-QAA-Level-4"


def test_bundid_attribute_names() -> None:
    identitaet = identitaet_from_claims(
        aussteller="https://broker.example",
        claims={
            "sub": "BUNDIDSIM-U01",
            "givenname": "Maria",
            "surname": "Neumann",
            "birthName": "Winter",
            "mail": "maria@example.com",
            "postalAddress": "Thomas-Mann-Straße 3",
            "postalCode": "10409",
            "localityName": "Berlin",
            "country": "DE",
            "birthdate": "1964-08-12",
            "placeOfBirth": "Berlin",
            "given_name": "Other",
        },
    )
    assert (identitaet.vorname, identitaet.nachname) == ("Maria", "Neumann")
    assert identitaet.geburtsname == "Winter"
    assert identitaet.geburtsdatum == date(1964, 8, 12)
    assert (identitaet.strasse, identitaet.postleitzahl, identitaet.ort) == (
        "Thomas-Mann-Straße 3",
        "10409",
        "Berlin",
    )


def test_standard_claims_and_bad_values() -> None:
    identitaet = identitaet_from_claims(
        aussteller="https://kc.example",
        claims={
            "sub": "u1",
            "given_name": ["Nils"],
            "family_name": "Karlsson",
            "email": "kein-at",
            "birthdate": "31.05.1991",
            "address": {"street_address": "Praterstraße 72", "locality": "Wien", "country": "AUT"},
        },
    )
    assert identitaet.vorname == "Nils"
    assert identitaet.email == ""
    assert identitaet.geburtsdatum is None
    assert identitaet.strasse == "Praterstraße 72"
    assert identitaet.land == ""
