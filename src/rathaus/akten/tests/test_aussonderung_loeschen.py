"""The controlled deletion under the zdA triggers: scoped to one Akte, DELETE only."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from rathaus.akten import aussonderung as a
from rathaus.akten.models import Dokument, Loeschfreigabe, Version

from .aussonderung_helfer import ACTOR, Uhr, geschlossene_akte

pytestmark = pytest.mark.django_db


def test_ordinary_changes_after_zda_stay_refused_after_a_deletion(monkeypatch):
    uhr = Uhr(monkeypatch)
    weg = geschlossene_akte(art="V", betreff="Weg", anlage=False)
    bleibt = geschlossene_akte(art="V", jahre=30, betreff="Bleibt", anlage=False)
    uhr.jahre(3)
    a.akten_vernichten(actor=ACTOR)
    assert not Loeschfreigabe.objects.exists()
    assert not Dokument.objects.filter(vorgang__akte=weg).exists()
    dokument = Dokument.objects.filter(vorgang__akte=bleibt).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dokument.objects.filter(pk=dokument.pk).update(betreff="geändert")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dokument.objects.filter(pk=dokument.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.filter(dokument=dokument).delete()


def test_freigabe_lets_only_delete_of_that_akte_pass():
    frei = geschlossene_akte(art="V", betreff="Frei")
    fremd = geschlossene_akte(art="V", betreff="Fremd", kennzeichen="32.7")
    dokument = Dokument.objects.filter(vorgang__akte=frei, anlagen__isnull=False).first()
    version = dokument.versionen.get()
    fremd_dokument = Dokument.objects.filter(vorgang__akte=fremd).first()
    with transaction.atomic():
        Loeschfreigabe.objects.create(akte=frei)
        # UPDATE stays refused even with the Freigabe.
        with pytest.raises(IntegrityError), transaction.atomic():
            Dokument.objects.filter(pk=dokument.pk).update(betreff="geändert")
        with pytest.raises(IntegrityError), transaction.atomic():
            Version.objects.filter(pk=version.pk).update(dateiname="x.pdf")
        # INSERT stays refused.
        with pytest.raises(IntegrityError), transaction.atomic():
            Version.objects.create(
                dokument=dokument,
                nummer=9,
                blob=version.blob,
                groesse=version.groesse,
                mediatyp=version.mediatyp,
                dateiname="neu.pdf",
                erstellt_am=version.erstellt_am,
            )
        # Another Akte's content stays protected.
        with pytest.raises(IntegrityError), transaction.atomic():
            Version.objects.filter(dokument=fremd_dokument).delete()
        # DELETE of this Akte's content passes.
        Version.objects.filter(anlage__dokument=dokument).delete()
        Version.objects.filter(dokument=dokument).delete()
        dokument.anlagen.all().delete()
        Dokument.objects.filter(pk=dokument.pk).delete()
        transaction.set_rollback(True)
    assert Dokument.objects.filter(pk=dokument.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_committed_freigabe_permits_nothing_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("binding the Freigabe to its transaction needs txid_current() (PostgreSQL)")
    akte = geschlossene_akte(art="V", anlage=False)
    Loeschfreigabe.objects.create(akte=akte)  # committed (autocommit): a stray row
    dokument = Dokument.objects.filter(vorgang__akte=akte).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.filter(dokument=dokument).delete()
    assert dokument.versionen.exists()
