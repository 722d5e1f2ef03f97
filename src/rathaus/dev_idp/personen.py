"""Test identities of the development identity provider – no real persons.

Each test person logs in with one method, which fixes the level (Vertrauensniveau) the
provider vouches for, as BundID does: user name and password → basis, ELSTER
certificate → substantiell, online ID card (eID) → hoch. The attribute names are BundID's
(see ../shared/data/bundid); the standard OIDC claims are delivered alongside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NIVEAUS = ("basis", "substantiell", "hoch")
ACR = {
    "basis": "STORK-QAA-Level-1",
    "substantiell": "STORK-QAA-Level-3",
    "hoch": "STORK-QAA-Level-4",
}
NIVEAU_LABEL: dict[str, Promise] = {
    "basis": _("basis"),
    "substantiell": _("substantiell"),
    "hoch": _("hoch"),
}
METHODE: dict[str, Promise] = {
    "basis": _("Benutzername und Passwort"),
    "substantiell": _("ELSTER-Zertifikat"),
    "hoch": _("Online-Ausweisfunktion (eID)"),
}


@dataclass(frozen=True)
class Testperson:
    kennung: str
    sub: str
    vorname: str
    nachname: str
    geburtsdatum: str
    geburtsort: str
    email: str
    strasse: str
    postleitzahl: str
    ort: str
    niveau: str
    geburtsname: str = ""
    land: str = "DE"

    @property
    def name(self) -> str:
        return f"{self.vorname} {self.nachname}"

    @property
    def methode(self) -> Promise:
        return METHODE[self.niveau]

    @property
    def niveau_label(self) -> Promise:
        return NIVEAU_LABEL[self.niveau]

    @property
    def acr(self) -> str:
        return ACR[self.niveau]

    def claims(self, scopes: set[str]) -> dict[str, Any]:
        """Userinfo claims for the granted scopes (BundID names and OIDC standard names)."""
        claims: dict[str, Any] = {"sub": self.sub}
        if "profile" in scopes:
            claims |= {
                "givenname": self.vorname,
                "surname": self.nachname,
                "birthdate": self.geburtsdatum,
                "placeOfBirth": self.geburtsort,
                "given_name": self.vorname,
                "family_name": self.nachname,
                "name": self.name,
            }
            if self.geburtsname:
                claims["birthName"] = self.geburtsname
        if "email" in scopes:
            claims |= {"mail": self.email, "email": self.email, "email_verified": False}
        if "address" in scopes:
            claims |= {
                "postalAddress": self.strasse,
                "postalCode": self.postleitzahl,
                "localityName": self.ort,
                "country": self.land,
                "address": {
                    "street_address": self.strasse,
                    "postal_code": self.postleitzahl,
                    "locality": self.ort,
                    "country": self.land,
                },
            }
        return claims


TESTPERSONEN: tuple[Testperson, ...] = (
    Testperson(
        kennung="jan-petersen",
        sub="TEST-HST-0001-basis",
        vorname="Jan",
        nachname="Petersen",
        geburtsdatum="1987-03-14",
        geburtsort="Stralsund",
        email="jan.petersen@example.org",
        strasse="Ossenreyerstraße 12",
        postleitzahl="18439",
        ort="Stralsund",
        niveau="basis",
    ),
    Testperson(
        kennung="anke-brandt",
        sub="TEST-HST-0002-substantiell",
        vorname="Anke",
        nachname="Brandt",
        geburtsname="Wollin",
        geburtsdatum="1972-11-02",
        geburtsort="Greifswald",
        email="anke.brandt@example.org",
        strasse="Frankendamm 41",
        postleitzahl="18439",
        ort="Stralsund",
        niveau="substantiell",
    ),
    Testperson(
        kennung="erika-mustermann",
        sub="TEST-HST-0003-hoch",
        vorname="Erika",
        nachname="Mustermann",
        geburtsname="Gabler",
        geburtsdatum="1964-08-12",
        geburtsort="Berlin",
        email="erika.mustermann@example.org",
        strasse="Heilgeiststraße 23",
        postleitzahl="18439",
        ort="Stralsund",
        niveau="hoch",
    ),
    Testperson(
        kennung="mehmet-yilmaz",
        sub="TEST-HST-0004-hoch",
        vorname="Mehmet",
        nachname="Yılmaz",
        geburtsdatum="1995-06-30",
        geburtsort="Rostock",
        email="mehmet.yilmaz@example.org",
        strasse="Tribseer Damm 40",
        postleitzahl="18437",
        ort="Stralsund",
        niveau="hoch",
    ),
)


def testperson(kennung: str) -> Testperson | None:
    return next((p for p in TESTPERSONEN if p.kennung == kennung), None)
