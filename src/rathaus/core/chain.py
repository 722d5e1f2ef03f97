"""Hash chain of the Protokoll: how an entry's hash is computed and how the chain is checked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from .models import Protokoll, ProtokollKette

GENESIS = "0" * 64


def entry_hash(entry: Protokoll, vorgaenger: str) -> str:
    """SHA-256 over the canonical JSON of everything an entry says, plus the previous hash."""
    payload = {
        "vorgaenger": vorgaenger,
        "zeitpunkt": entry.zeitpunkt.astimezone(UTC).isoformat(timespec="microseconds"),
        "akteur_id": entry.akteur_id,
        "akteur_name": entry.akteur_name,
        "aktion": entry.aktion,
        "objekt_typ": entry.objekt_typ,
        "objekt_id": entry.objekt_id,
        "objekt_bezeichnung": entry.objekt_bezeichnung,
        "details": entry.details,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Befund:
    """One problem found in the chain."""

    eintrag_id: int | None
    meldung: str


def verify() -> Iterator[Befund]:
    """Walk the chain in insertion order and report every entry that does not fit."""
    vorgaenger = GENESIS
    count = 0
    previous_id: int | None = None
    for entry in Protokoll.objects.order_by("pk").iterator(chunk_size=2000):
        count += 1
        if entry.vorgaenger_hash != vorgaenger:
            yield Befund(
                entry.pk,
                f"Eintrag {entry.pk}: Vorgänger-Hash passt nicht – ein Eintrag vor ihm "
                f"(nach {previous_id}) wurde gelöscht oder geändert",
            )
        if entry_hash(entry, entry.vorgaenger_hash) != entry.hash:
            yield Befund(entry.pk, f"Eintrag {entry.pk}: Inhalt wurde nach dem Schreiben geändert")
        vorgaenger = entry.hash
        previous_id = entry.pk
    head = ProtokollKette.objects.filter(pk=1).first()
    if head is not None and (head.anzahl != count or head.letzter_hash != vorgaenger):
        yield Befund(
            None,
            f"Kettenende passt nicht: erwartet {head.anzahl} Einträge "
            f"bis {head.letzter_hash[:12]}…, gefunden {count} bis {vorgaenger[:12]}… "
            "– Einträge am Ende wurden gelöscht",
        )
