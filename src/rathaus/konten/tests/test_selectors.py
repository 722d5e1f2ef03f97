from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from rathaus.core.services import SYSTEM
from rathaus.konten import selectors, services
from rathaus.konten.models import Postfachnachricht

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
