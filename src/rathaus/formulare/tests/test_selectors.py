"""Reads of the formulare app that other apps use."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from rathaus.formulare import selectors
from rathaus.formulare.definition import definition
from rathaus.formulare.models import Entwurf, Formular
from rathaus.katalog.models import Leistung
from rathaus.konten.tests.factories import buerger_anlegen

from .conftest import importieren

pytestmark = pytest.mark.django_db


def test_antwort_formatter_writes_answers_as_the_review_page(formular: Formular) -> None:
    als_text = selectors.antwort_formatter(formular=formular)
    assert als_text("F99000000011", True) == "Ja"
    assert als_text("F99000000011", False) == "Nein"
    assert als_text("F99000000003", "1980-02-29") == "29.02.1980"
    assert als_text("F99000000010", "02") == "Hamburg"  # the code's label
    assert als_text("F99000000005", 12.5) == "12,50"
    # a field the Formular does not have, and hostile values: as they are
    assert als_text("F00000000000", "<b>x</b>") == "<b>x</b>"
    assert als_text("F99000000003", "kein Datum") == "kein Datum"


def test_fim_ids_of_every_formular_of_the_leistung(test_datei: Path) -> None:
    leistung = Leistung.objects.create(
        quelle="t:1", name="Test", slug="test", leika_schluessel="99123456789012"
    )
    andere = Leistung.objects.create(
        quelle="t:2", name="Andere", slug="andere", leika_schluessel="99000000000001"
    )
    assert selectors.fim_ids_of(leistung=leistung) is None
    importieren(test_datei, leistung_schluessel="99123456789012")

    ids = selectors.fim_ids_of(leistung=leistung)
    assert ids is not None
    assert {"F99000000002", "F99000000011", "G99000000001"} <= ids
    assert selectors.fim_ids_of(leistung=andere) is None


def test_entwuerfe_offen_of_only_the_citizens_unexpired_drafts(formular: Formular) -> None:
    a, b = buerger_anlegen(), buerger_anlegen()
    offen = Entwurf.objects.create(formular=formular, buerger=a, token="t1")
    Entwurf.objects.create(
        formular=formular, buerger=a, token="t2", laeuft_ab_am=timezone.now() - timedelta(seconds=1)
    )
    Entwurf.objects.create(formular=formular, buerger=b, token="t3")
    Entwurf.objects.create(formular=formular, token="t4")  # anonymous
    assert list(selectors.entwuerfe_offen_of(buerger=a)) == [offen]
    assert list(selectors.entwuerfe_offen_of(buerger=None)) == []


def test_entwurf_zum_absenden_unexpired_draft_of_the_published_formular(
    formular: Formular,
) -> None:
    Formular.objects.filter(pk=formular.pk).update(veroeffentlicht_am=timezone.now())
    offen = Entwurf.objects.create(formular=formular, token="t1")
    abgelaufen = Entwurf.objects.create(
        formular=formular, token="t2", laeuft_ab_am=timezone.now() - timedelta(seconds=1)
    )
    assert selectors.entwurf_zum_absenden(pk=offen.pk, formular_id=formular.pk) == offen
    assert selectors.entwurf_zum_absenden(pk=offen.pk, formular_id=formular.pk + 1) is None
    assert selectors.entwurf_zum_absenden(pk=abgelaufen.pk, formular_id=formular.pk) is None
    Formular.objects.filter(pk=formular.pk).update(veroeffentlicht_am=None)
    assert selectors.entwurf_zum_absenden(pk=offen.pk, formular_id=formular.pk) is None


def test_json_schema_and_labels_of_the_cached_definition(formular: Formular) -> None:
    defn = definition(formular)
    assert selectors.json_schema_of(formular=formular) == defn.validator.schema
    assert selectors.feldlabels_of(formular=formular) == defn.labels
    assert "F99000000003" in selectors.feldlabels_of(formular=formular)
    # the caller cannot change the cached schema's top level
    selectors.json_schema_of(formular=formular)["properties"] = {}
    assert selectors.json_schema_of(formular=formular) == defn.validator.schema


def test_published_formulare_for_the_api_and_the_catalogue(formular: Formular) -> None:
    from datetime import timedelta

    from django.utils import timezone

    leistung = Leistung.objects.create(quelle="t:1", name="Test", slug="test")
    ohne = Leistung.objects.create(quelle="t:2", name="Ohne", slug="ohne")
    jetzt = timezone.now()
    Formular.objects.filter(pk=formular.pk).update(
        leistung=leistung, veroeffentlicht_am=jetzt - timedelta(days=1)
    )
    neuer = Formular.objects.get(pk=formular.pk)
    neuer.pk = None
    neuer.fim_version = "2.0"
    neuer.veroeffentlicht_am = jetzt
    neuer.save()
    entwurf = Formular.objects.get(pk=formular.pk)
    entwurf.pk = None
    entwurf.fim_id, entwurf.fim_version, entwurf.veroeffentlicht_am = "S99", "9", None
    entwurf.save()  # not published: in none of the answers

    ids = [leistung.pk, ohne.pk, 10**9]
    assert selectors.formular_ids_by_leistung(leistung_ids=ids) == {leistung.pk: neuer.pk}
    assert selectors.formular_ids_by_leistung(leistung_ids=[]) == {}
    assert list(selectors.leistungen_mit_formular().values_list("leistung_id", flat=True)) == [
        leistung.pk,
        leistung.pk,
    ]
    alle = selectors.formulare_veroeffentlicht_filter()
    assert [f.pk for f in alle] == [formular.pk, neuer.pk]  # by FIM id, then id
    assert "struktur" in alle[0].get_deferred_fields()
    fim_id = formular.fim_id
    assert [f.pk for f in selectors.formulare_veroeffentlicht_filter(fim_id=fim_id)] == [
        formular.pk,
        neuer.pk,
    ]
    assert list(selectors.formulare_veroeffentlicht_filter(fim_id="S99")) == []
    assert list(selectors.formulare_veroeffentlicht_filter(fim_id="' OR 1=1 --")) == []
