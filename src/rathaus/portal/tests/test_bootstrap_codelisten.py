"""``rathaus bootstrap --data DIR`` imports the demo form with the code lists of that
folder (``DIR/fim/codelisten``), not only those of RATHAUS_SHARED_DATA."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from rathaus.formulare import struktur
from rathaus.formulare.models import Formular
from rathaus.standards.xdatenfelder import Datenfeld
from rathaus.standards.xdatenfelder.model import iter_elements
from rathaus.standards.xdatenfelder.tests._data import CODELISTEN, FIM, needs_codelisten

STAAT = "de.bund.destatis.bevoelkerungsstatistik.schluessel.staat_2023-02-24.xml"


@needs_codelisten
@pytest.mark.django_db
def test_bootstrap_takes_the_code_lists_of_its_data_folder(
    tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    from rathaus.portal.management.commands import bootstrap

    data = tmp_path / "daten"
    (data / "fim" / "xdf3" / "S05000001319").mkdir(parents=True)
    (data / "fim" / "codelisten").mkdir()
    shutil.copy(
        FIM / "xdf3" / "S05000001319" / "schema.xdf.xml", data / "fim" / "xdf3" / "S05000001319"
    )
    shutil.copy(CODELISTEN / STAAT, data / "fim" / "codelisten")  # only the Staat list
    settings.SHARED_DATA_DIR = tmp_path / "leer"  # the default folder holds nothing
    # only the forms are under test: the catalogue counts as imported
    monkeypatch.setattr(bootstrap, "katalog_geladen", lambda: True)
    call_command("bootstrap", "--data", str(data), stdout=io.StringIO())
    schema = struktur.decode(Formular.objects.get(fim_id="S05000001319").struktur)
    felder = {
        k.element.id: k.element
        for k, _p in iter_elements(schema.struktur)
        if isinstance(k.element, Datenfeld)
    }
    assert len(felder["F60000000235"].werte) == 197  # Staat der Geburt: from --data
    assert not felder["F60000000236"].werte  # Staatsangehörigkeit: not in that folder
