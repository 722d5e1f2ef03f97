"""Building the Auskunft ZIP from all registered providers."""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.models import Protokoll
from rathaus.core.services import Actor, protokoll_write
from rathaus.konten.selectors import buerger_by_pk

from .base import Teil, registry

if TYPE_CHECKING:
    from rathaus.konten.models import Buerger

README = """Auskunft nach Art. 15 DSGVO – {kommune}
Erstellt am {erstellt} für die Person mit der Kennung {person}.

Diese Datei enthält alle Daten, die das digitale Rathaus der {kommune} zu Ihnen
gespeichert hat. JSON-Dateien lassen sich mit jedem Texteditor öffnen; Zeitangaben sind
in UTC (ISO 8601) angegeben.

auskunft.json: Übersicht dieser Auskunft (wann, für wen, welche Teile).
protokoll.json: die Einträge des Änderungsprotokolls, die Ihre Daten betreffen oder die
Sie selbst ausgelöst haben (wer hat wann was getan).

{teile}

Fragen zu dieser Auskunft oder zu Ihren Rechten (Berichtigung, Löschung, Einschränkung,
Widerspruch, Beschwerde bei der Aufsichtsbehörde) beantwortet die oder der
Datenschutzbeauftragte der {kommune}.
"""


def _json(daten: Any) -> bytes:
    return json.dumps(daten, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _protokoll(objekte: list[tuple[str, str]], buerger: Buerger) -> list[dict[str, Any]]:
    bedingung = Q(akteur_id=buerger.user_id)
    nach_typ: dict[str, list[str]] = {}
    for typ, pk in objekte:
        nach_typ.setdefault(typ, []).append(pk)
    for typ, ids in nach_typ.items():
        bedingung |= Q(objekt_typ=typ, objekt_id__in=ids)
    return [
        dict(eintrag)
        for eintrag in Protokoll.objects.filter(bedingung)
        .order_by("zeitpunkt", "id")
        .values(
            "zeitpunkt",
            "akteur_name",
            "aktion",
            "objekt_typ",
            "objekt_id",
            "objekt_bezeichnung",
            "details",
        )
    ]


def _eintrag(zf: zipfile.ZipFile, name: str, inhalt: bytes) -> None:
    # Our own names only, never a path from outside: no "..", no absolute path.
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        raise ValueError(f"unsicherer Name im ZIP: {name!r}")
    info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, inhalt)


@transaction.atomic
def auskunft_erstellen(*, person_id: str | int, actor: Actor) -> bytes:
    """Collect everything held about Buerger `person_id` into a ZIP (bytes) and record it.

    Unknown person → ValidationError, nothing recorded.
    """
    buerger = buerger_by_pk(pk=int(person_id)) if str(person_id).isdigit() else None
    if buerger is None:
        raise ValidationError(
            _("Keine Person mit der Kennung %(id)s bekannt."),
            code="person_unbekannt",
            params={"id": str(person_id)[:100]},
        )
    kommune = settings.RATHAUS_KOMMUNE
    teile: dict[str, Teil] = {name: registry[name]().sammeln(buerger=buerger) for name in registry}
    objekte = [o for teil in teile.values() for o in teil.objekte]
    erstellt = timezone.now()
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as zf:
        _eintrag(
            zf,
            "README.txt",
            README.format(
                kommune=kommune,
                erstellt=erstellt.isoformat(timespec="seconds"),
                person=buerger.pk,
                teile="\n\n".join(
                    f"{registry[n].titel}:\n{teil.beschreibung}" for n, teil in teile.items()
                ),
            ).encode(),
        )
        _eintrag(
            zf,
            "auskunft.json",
            _json(
                {
                    "erstellt_am": erstellt,
                    "person": buerger.pk,
                    "kommune": kommune,
                    "teile": {n: registry[n].titel for n in teile},
                }
            ),
        )
        for name, teil in teile.items():
            for datei, daten in teil.daten.items():
                _eintrag(zf, f"{name}/{datei}", _json(daten))
            for anhang in teil.dateien:
                _eintrag(zf, f"{name}/{anhang.name}", anhang.inhalt())
        _eintrag(zf, "protokoll.json", _json(_protokoll(objekte, buerger)))
    inhalt = puffer.getvalue()
    protokoll_write(
        actor=actor,
        action="akten.auskunft.erteilt",
        target=buerger,
        details={"teile": sorted(teile), "objekte": len(objekte), "bytes": len(inhalt)},
    )
    return inhalt
