from __future__ import annotations

import pytest

from rathaus.katalog.models import Lebenslage, Leistung, OzgLeistung, Themenfeld
from rathaus.katalog.selectors import leistungen_az, themenfelder_list


@pytest.mark.django_db
def test_empty_placeholder_lebenslagen_are_not_offered():
    tf = Themenfeld.objects.create(quelle_id=1, name="Gesundheit", slug="gesundheit")
    voll = Lebenslage.objects.create(quelle_id=1, themenfeld=tf, name="Pflege", slug="pflege")
    Lebenslage.objects.create(quelle_id=2, themenfeld=tf, name="aaabbbccc", slug="aaabbbccc")
    ozg = OzgLeistung.objects.create(quelle_id=1, ozg_id="10001", name="Pflege", lebenslage=voll)
    Leistung.objects.create(quelle="t:1", name="Pflegegeld", slug="pflegegeld", ozg_leistung=ozg)
    (themenfeld,) = themenfelder_list()
    assert [lage.name for lage in themenfeld.lebenslagen.all()] == ["Pflege"]


@pytest.mark.django_db
def test_az_index_sorts_umlauts_with_their_letter():
    for i, name in enumerate(["Abfall", "Änderung", "Baum", "2. Wohnsitz"]):
        Leistung.objects.create(quelle=f"t:{i}", name=name, slug=f"s{i}")
    assert [x.name for x in leistungen_az(buchstabe="A")] == ["Abfall", "Änderung"]
    assert [x.name for x in leistungen_az(buchstabe="0-9")] == ["2. Wohnsitz"]
