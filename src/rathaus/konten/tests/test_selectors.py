from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from rathaus.core.services import SYSTEM
from rathaus.konten import selectors, services
from rathaus.konten.models import Postfachnachricht
from rathaus.organisation.models import Mitgliedschaft, Organisationseinheit

from .factories import buerger_anlegen

pytestmark = pytest.mark.django_db


def test_buerger_of() -> None:
    buerger = buerger_anlegen()
    assert selectors.buerger_of(user=buerger.user) == buerger
    assert selectors.buerger_of(user=AnonymousUser()) is None
    assert selectors.buerger_of(user=User.objects.create_user("staff")) is None


def test_postfach_scoped_to_citizen() -> None:
    a, b = buerger_anlegen(), buerger_anlegen()
    eigene = services.postfachnachricht_create(empfaenger=a, betreff="A", actor=SYSTEM)
    services.postfachnachricht_create(empfaenger=b, betreff="B", actor=SYSTEM)
    assert list(selectors.postfachnachrichten_of(buerger=a)) == [eigene]
    assert selectors.postfach_ungelesen_count(buerger=a) == 1
    assert selectors.postfachnachricht_get(buerger=a, pk=eigene.pk) == eigene
    with pytest.raises(Postfachnachricht.DoesNotExist):
        selectors.postfachnachricht_get(buerger=b, pk=eigene.pk)


def test_ist_mitarbeiter_mitgliedschaft_oder_staff_flag_nie_ein_buerger() -> None:
    oe = Organisationseinheit.objects.create(name="Bürgerbüro", slug="bb", art="abteilung")
    mitglied = User.objects.create_user("sb")
    Mitgliedschaft.objects.create(user=mitglied, organisationseinheit=oe)
    admin = User.objects.create_user("admin", is_staff=True)
    ohne = User.objects.create_user("niemand")
    gesperrt = User.objects.create_user("weg", is_staff=True, is_active=False)
    # a citizen's account stays a citizen's, whatever flag or membership it is given
    buerger = buerger_anlegen()
    buerger.user.is_staff = True
    buerger.user.save(update_fields=["is_staff"])
    Mitgliedschaft.objects.create(user=buerger.user, organisationseinheit=oe)

    assert selectors.ist_mitarbeiter(user=mitglied)
    assert selectors.ist_mitarbeiter(user=admin)
    assert not selectors.ist_mitarbeiter(user=ohne)
    assert not selectors.ist_mitarbeiter(user=gesperrt)
    assert not selectors.ist_mitarbeiter(user=buerger.user)
    assert not selectors.ist_mitarbeiter(user=AnonymousUser())


def test_ist_buergersitzung_only_with_a_login_level() -> None:
    assert selectors.ist_buergersitzung(session={"konten_niveau": "substantiell"}) is True
    assert selectors.ist_buergersitzung(session={}) is False
    assert selectors.ist_buergersitzung(session={"_auth_user_id": "1"}) is False


def test_postfachnachricht_by_pk_for_the_worker_and_gone_once_deleted() -> None:
    buerger = buerger_anlegen()
    nachricht = services.postfachnachricht_create(empfaenger=buerger, betreff="A", actor=SYSTEM)
    gefunden = selectors.postfachnachricht_by_pk(pk=nachricht.pk)
    assert gefunden == nachricht
    assert gefunden is not None and gefunden.empfaenger == buerger
    nachricht.delete()
    assert selectors.postfachnachricht_by_pk(pk=nachricht.pk) is None


def test_ist_postfachnachricht() -> None:
    buerger = buerger_anlegen()
    nachricht = services.postfachnachricht_create(empfaenger=buerger, betreff="A", actor=SYSTEM)
    assert selectors.ist_postfachnachricht(objekt=nachricht)
    assert not selectors.ist_postfachnachricht(objekt=buerger)
    assert not selectors.ist_postfachnachricht(objekt=None)
    assert not selectors.ist_postfachnachricht(objekt=str(nachricht.pk))


def test_buerger_by_pk_finds_the_citizen_and_none_for_an_unknown_id() -> None:
    buerger = buerger_anlegen()
    assert selectors.buerger_by_pk(pk=buerger.pk) == buerger
    assert selectors.buerger_by_pk(pk=buerger.pk + 1000) is None
    assert selectors.buerger_by_pk(pk=-1) is None


@pytest.mark.parametrize(
    ("niveau", "erforderlich"),
    [("basis", False), ("substantiell", True), ("hoch", True), ("", True)],
)
def test_konto_erforderlich_above_basis(niveau: str, erforderlich: bool) -> None:
    assert selectors.konto_erforderlich(vertrauensniveau=niveau) is erforderlich
