from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from rathaus.core.chain import GENESIS, verify
from rathaus.core.models import Protokoll, ProtokollKette
from rathaus.core.services import protokoll_write, protokoll_write_many
from rathaus.organisation.models import Standort


@pytest.fixture
def entries(db):
    standort = Standort.objects.create(name="Rathaus", slug="r", strasse="Alter Markt", plz="18439")
    with transaction.atomic():
        for i in range(3):
            protokoll_write(actor="a", action=f"x.{i}", target=standort, details={"i": i})
        protokoll_write_many(
            actor="b", action="bulk", entries=[(standort, {}), (standort, {"k": 1})]
        )
    return list(Protokoll.objects.order_by("pk"))


@pytest.mark.django_db
def test_entries_form_an_intact_chain(entries, capsys):
    assert entries[0].vorgaenger_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.vorgaenger_hash == before.hash
    assert len({e.hash for e in entries}) == 5
    assert list(verify()) == []
    call_command("verify_protocol")
    assert "5 Einträge geprüft" in capsys.readouterr().out
    head = ProtokollKette.objects.get()
    assert (head.anzahl, head.letzter_hash) == (5, entries[-1].hash)


@pytest.mark.django_db
def test_changed_entry_is_found(entries):
    Protokoll.objects.filter(pk=entries[1].pk).update(details={"i": 99})
    befunde = list(verify())
    assert [b.eintrag_id for b in befunde] == [entries[1].pk]
    assert "geändert" in befunde[0].meldung
    with pytest.raises(CommandError, match="1 Befund"):
        call_command("verify_protocol")


@pytest.mark.django_db
def test_changed_actor_or_time_is_found(entries):
    from datetime import timedelta

    Protokoll.objects.filter(pk=entries[2].pk).update(
        zeitpunkt=entries[2].zeitpunkt - timedelta(seconds=1)
    )
    assert [b.eintrag_id for b in verify()] == [entries[2].pk]


@pytest.mark.django_db
def test_deleted_entry_in_the_middle_is_found(entries):
    Protokoll.objects.filter(pk=entries[2].pk).delete()
    befunde = list(verify())
    assert befunde[0].eintrag_id == entries[3].pk
    assert "gelöscht" in befunde[0].meldung


@pytest.mark.django_db
def test_deleted_last_entry_is_found(entries):
    Protokoll.objects.filter(pk=entries[-1].pk).delete()
    befunde = list(verify())
    assert len(befunde) == 1
    assert befunde[0].eintrag_id is None
    assert "am Ende" in befunde[0].meldung
