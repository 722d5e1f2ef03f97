"""Migration 0004: typed online claims go, an appointment link stays what it is."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

VORHER = [("katalog", "0003_suchindex_backends")]
NACHHER = [("katalog", "0004_leistung_angebot")]


def _migrate(ziel: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(ziel)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_appointment_links_move_to_termin_url_other_claims_go() -> None:
    alt = _migrate(VORHER).loader.project_state(VORHER).apps
    leistung = alt.get_model("katalog", "Leistung")
    for slug, url, reifegrad in [
        ("ausweis", "https://www.stralsund.de/buergerservice/termin/personalausweis", 1),
        ("trauung", "https://example.org/Standesamt/TERMINE", 1),
        ("kfz", "https://www.stralsund.de/buergerservice/online/i-kfz", 3),
        ("ohne", "", None),
    ]:
        leistung.objects.create(
            quelle=f"t:{slug}", name=slug, slug=slug, online_dienst_url=url, reifegrad=reifegrad
        )
    try:
        neu = _migrate(NACHHER).loader.project_state(NACHHER).apps
        leistung = neu.get_model("katalog", "Leistung")
        assert dict(leistung.objects.values_list("slug", "termin_url")) == {
            "ausweis": "https://www.stralsund.de/buergerservice/termin/personalausweis",
            "trauung": "https://example.org/Standesamt/TERMINE",
            "kfz": "",  # an online service this portal does not run: no longer claimed
            "ohne": "",
        }
        felder = {f.name for f in leistung._meta.get_fields()}
        assert {"name_buerger", "termin_url"} <= felder
        assert not {"reifegrad", "online_dienst_url"} & felder
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
