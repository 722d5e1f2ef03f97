"""What the database itself guarantees, whatever code writes to it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from rathaus.akten import services
from rathaus.akten.models import Akte, Anlage, Dokument, Version

from . import factories as f

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _refused(statement: str, params: list) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(statement, params)


@pytest.fixture
def geschlossen():
    dokument = f.dokument()
    anlage = services.anlage_add(
        dokument=dokument,
        bezeichnung="Nachweis",
        versionen=[("nachweis.txt", "text/plain", b"Impfpass vorhanden")],
        actor=f.ACTOR,
    )
    services.akte_close(akte=dokument.vorgang.akte, actor=f.ACTOR)
    return dokument, anlage


def test_closed_content_cannot_be_changed_with_raw_sql(geschlossen):
    dokument, anlage = geschlossen
    version = dokument.versionen.get()
    _refused("UPDATE akten_dokument SET betreff = %s WHERE id = %s", ["gefälscht", dokument.pk])
    _refused("DELETE FROM akten_dokument WHERE id = %s", [dokument.pk])
    _refused("UPDATE akten_anlage SET bezeichnung = %s WHERE id = %s", ["x", anlage.pk])
    _refused("DELETE FROM akten_anlage WHERE id = %s", [anlage.pk])
    _refused("DELETE FROM akten_version WHERE id = %s", [version.pk])
    _refused(
        "INSERT INTO akten_dokument (vorgang_id, art, betreff, absender, empfaenger, "
        "personenbezogen, person_ref, erstellt_am, geaendert_am) "
        "VALUES (%s, 'intern', 'nachgeschoben', '', '', FALSE, '', %s, %s)",
        [dokument.vorgang_id, timezone.now(), timezone.now()],
    )
    _refused(
        "INSERT INTO akten_version (dokument_id, nummer, sha256, groesse, mediatyp, dateiname, "
        "erstellt_am) VALUES (%s, 2, %s, 1, 'text/plain', 'x.txt', %s)",
        [dokument.pk, version.blob_id, timezone.now()],
    )
    dokument.refresh_from_db()
    assert dokument.betreff == "Hundesteuerbescheid"
    assert Version.objects.filter(dokument=dokument).count() == 1


def test_closed_vorgang_alone_is_protected_too():
    dokument = f.dokument()
    services.vorgang_close(vorgang=dokument.vorgang, actor=f.ACTOR)
    _refused("UPDATE akten_dokument SET absender = %s WHERE id = %s", ["x", dokument.pk])
    # Moving a document into a closed Vorgang is refused as well.
    offen = f.dokument(f.vorgang(dokument.vorgang.akte, betreff="zweiter Vorgang"))
    _refused(
        "UPDATE akten_dokument SET vorgang_id = %s WHERE id = %s",
        [dokument.vorgang_id, offen.pk],
    )


def test_version_is_never_updatable_even_in_an_open_vorgang():
    dokument = f.dokument()
    version = dokument.versionen.get()
    _refused("UPDATE akten_version SET dateiname = %s WHERE id = %s", ["neu.pdf", version.pk])
    _refused("UPDATE akten_version SET groesse = groesse + 1 WHERE id = %s", [version.pk])
    _refused("UPDATE akten_blob SET groesse = 1 WHERE sha256 = %s", [version.blob_id])


def test_open_vorgang_content_can_be_changed_and_reopen_lifts_the_block(geschlossen):
    dokument, _anlage = geschlossen
    offen = f.dokument()
    _sql("UPDATE akten_dokument SET absender = %s WHERE id = %s", ["Frau Muster", offen.pk])
    admin = f.user(perms=("akten.reopen_akte",))
    akte = services.akte_reopen(akte=dokument.vorgang.akte, grund="Nachtrag", actor=admin)
    services.vorgang_reopen(vorgang=dokument.vorgang, grund="Nachtrag", actor=admin)
    assert akte.zda_am is None
    _sql("UPDATE akten_dokument SET absender = %s WHERE id = %s", ["Herr Muster", dokument.pk])


def test_aktenzeichen_is_unique_in_the_database():
    akte = f.akte()
    with pytest.raises(IntegrityError), transaction.atomic():
        Akte.objects.create(
            aktenzeichen=akte.aktenzeichen,
            aktenplaneinheit=akte.aktenplaneinheit,
            ordnungsnummer=99,
            betreff="Dublette",
            laufzeit_beginn=akte.laufzeit_beginn,
            federfuehrend=akte.federfuehrend,
            aussonderungsart="V",
        )


def test_version_belongs_to_exactly_one_owner():
    dokument = f.dokument()
    version = dokument.versionen.get()
    anlage = Anlage.objects.create(dokument=dokument, nummer=9, bezeichnung="x")
    for owner in ({}, {"dokument": dokument, "anlage": anlage}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Version.objects.create(
                nummer=5,
                blob_id=version.blob_id,
                groesse=1,
                mediatyp="text/plain",
                dateiname="x",
                erstellt_am=timezone.now(),
                **owner,
            )


def test_str_and_properties():
    dokument = f.dokument()
    version = dokument.versionen.get()
    assert str(dokument.vorgang.akte).startswith("32.10.05/1 ")
    assert dokument.vorgang.kennzeichen == "32.10.05/1-1"
    assert version.sha256 == version.blob_id
    assert str(version) == "bescheid.pdf v1"
    assert isinstance(Dokument.objects.get(pk=dokument.pk), Dokument)
