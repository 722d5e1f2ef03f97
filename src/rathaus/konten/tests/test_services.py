from __future__ import annotations

from datetime import date

import pytest

from rathaus.core.models import Protokoll
from rathaus.core.services import SYSTEM
from rathaus.konten import services
from rathaus.konten.models import Buerger, Postfachnachricht
from rathaus.konten.niveau import Vertrauensniveau
from rathaus.konten.services import Identitaet

from .factories import buerger_anlegen

pytestmark = pytest.mark.django_db


def test_buerger_login_creates_and_updates() -> None:
    identitaet = Identitaet(
        aussteller="https://idp.example.org", sub="abc", vorname="Anke", nachname="Brandt"
    )
    erster = services.buerger_login(identitaet=identitaet, niveau=Vertrauensniveau.HOCH)
    assert not erster.user.has_usable_password()
    assert not erster.user.is_staff
    umgezogen = Identitaet(
        aussteller="https://idp.example.org",
        sub="abc",
        vorname="Anke",
        nachname="Brandt",
        strasse="Frankendamm 41",
        geburtsdatum=date(1972, 11, 2),
    )
    zweiter = services.buerger_login(identitaet=umgezogen, niveau=Vertrauensniveau.BASIS)
    assert zweiter.pk == erster.pk
    assert Buerger.objects.get().strasse == "Frankendamm 41"
    eintraege = list(Protokoll.objects.order_by("id").values_list("aktion", "details"))
    assert [a for a, _ in eintraege] == ["buerger.create", "buerger.login", "buerger.login"]
    assert eintraege[1][1]["niveau"] == "hoch"
    assert eintraege[2][1]["geaenderte_felder"] == ["geburtsdatum", "strasse"]


def test_same_sub_other_issuer_is_another_person() -> None:
    for iss in ("https://a.example", "https://b.example"):
        services.buerger_login(
            identitaet=Identitaet(aussteller=iss, sub="same"), niveau=Vertrauensniveau.BASIS
        )
    assert Buerger.objects.count() == 2


def test_postfachnachricht_create_and_read() -> None:
    buerger = buerger_anlegen()
    nachricht = services.postfachnachricht_create(
        empfaenger=buerger, betreff="  Bescheid  ", dokument_referenz="DOK-1", actor=SYSTEM
    )
    assert nachricht.betreff == "Bescheid"
    assert nachricht.gelesen_am is None
    gelesen = services.postfachnachricht_mark_read(nachricht=nachricht, actor=buerger.user)
    assert gelesen.gelesen_am is not None
    wieder = services.postfachnachricht_mark_read(nachricht=nachricht, actor=buerger.user)
    assert wieder.gelesen_am == gelesen.gelesen_am
    aktionen = list(Protokoll.objects.values_list("aktion", flat=True))
    assert aktionen.count("postfachnachricht.read") == 1
    assert aktionen.count("postfachnachricht.create") == 1


def test_postfachnachricht_needs_betreff() -> None:
    buerger = buerger_anlegen()
    with pytest.raises(ValueError, match="betreff"):
        services.postfachnachricht_create(empfaenger=buerger, betreff="  ", actor=SYSTEM)
    assert not Postfachnachricht.objects.exists()
