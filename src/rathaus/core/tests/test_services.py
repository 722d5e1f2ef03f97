from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from rathaus.core.models import Protokoll
from rathaus.core.selectors import protokoll_for
from rathaus.core.services import protokoll_write, protokoll_write_many
from rathaus.organisation.models import Standort


@pytest.fixture
def standort(db):
    return Standort.objects.create(
        name="Rathaus", slug="rathaus", strasse="Alter Markt", plz="18439"
    )


@pytest.mark.django_db
def test_entry_names_actor_action_and_target(standort):
    user = User.objects.create_user("clerk")
    with transaction.atomic():
        entry = protokoll_write(
            actor=user, action="standort.update", target=standort, details={"felder": ["plz"]}
        )
    assert entry.akteur == user
    assert entry.akteur_name == "clerk"
    assert entry.objekt_typ == "organisation.standort"
    assert entry.objekt_id == str(standort.pk)
    assert entry.objekt_bezeichnung == "Rathaus, Alter Markt"
    assert list(protokoll_for(target=standort)) == [entry]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "name"), [(None, "anonym"), (AnonymousUser(), "anonym"), ("import_ozg", "import_ozg")]
)
def test_system_and_anonymous_actors(standort, actor, name):
    with transaction.atomic():
        entry = protokoll_write(actor=actor, action="x", target=standort)
    assert entry.akteur is None
    assert entry.akteur_name == name


@pytest.mark.django_db(transaction=True)
def test_refuses_to_write_outside_a_transaction(standort):
    with pytest.raises(RuntimeError):
        protokoll_write(actor="x", action="x", target=standort)
    with pytest.raises(RuntimeError):
        protokoll_write_many(actor="x", action="x", entries=[(standort, {})])
    assert Protokoll.objects.count() == 0


@pytest.mark.django_db
def test_entry_rolls_back_with_the_change(standort):
    with pytest.raises(ValueError), transaction.atomic():
        standort.plz = "18435"
        standort.save()
        protokoll_write(actor="x", action="standort.update", target=standort)
        raise ValueError("change fails later")
    assert Protokoll.objects.count() == 0
    standort.refresh_from_db()
    assert standort.plz == "18439"


@pytest.mark.django_db
def test_bulk_entries(standort):
    other = Standort.objects.create(name="B", slug="b", strasse="S", plz="18437")
    with transaction.atomic():
        count = protokoll_write_many(
            actor="import", action="import", entries=[(standort, {"a": 1}), (other, {})]
        )
    assert count == 2
    assert Protokoll.objects.filter(aktion="import").count() == 2
