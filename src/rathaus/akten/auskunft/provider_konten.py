"""Auskunft provider for konten: the Bürger record and the Postfach.

Lives here while only akten ships providers; it belongs to konten (konten/auskunft.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .base import AuskunftProvider, Teil, registry

if TYPE_CHECKING:
    from rathaus.konten.models import Buerger


def zeile(instanz: models.Model, ohne: tuple[str, ...] = ()) -> dict[str, Any]:
    """The concrete fields of a row as a dict (foreign keys as their id)."""
    return {
        feld.attname: getattr(instanz, feld.attname)
        for feld in instanz._meta.concrete_fields
        if feld.attname not in ohne
    }


@registry.register("konten")
class KontenProvider(AuskunftProvider):
    titel = "Bürgerkonto und Postfach"

    def sammeln(self, *, buerger: Buerger) -> Teil:
        nachrichten = list(buerger.postfachnachrichten.order_by("erstellt_am", "id"))
        return Teil(
            beschreibung=(
                "konten/buerger.json: Ihr Bürgerkonto, wie es Ihr Identitätsanbieter "
                "(z. B. BundID) bei der letzten Anmeldung übermittelt hat.\n"
                "konten/postfach.json: alle Nachrichten in Ihrem Postfach mit Lesedatum."
            ),
            daten={
                "buerger.json": zeile(buerger),
                "postfach.json": [zeile(n, ohne=("empfaenger_id",)) for n in nachrichten],
            },
            objekte=[("konten.buerger", str(buerger.pk)), ("auth.user", str(buerger.user_id))]
            + [("konten.postfachnachricht", str(n.pk)) for n in nachrichten],
        )
