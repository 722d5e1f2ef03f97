"""Forwarding an Antrag for which the city is not responsible: the destination from the
Routing API (LeiKa key + regional key), the Antrag sent as a FIT-Connect submission in the
sender role (metadata valid, everything encrypted to the destination's public key), then
in one transaction: the forwarding recorded, a proof filed in the Vorgang, the Vorgang
closed, the citizen told in the Postfach."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc.jwk import RSAKey

from rathaus.akten.selectors import vorgang_offen_get
from rathaus.akten.services import dokument_file, vorgang_close
from rathaus.antraege.selectors import anlage_oeffnen, antrag_fuer_bearbeitung
from rathaus.core.services import Actor, protokoll_write
from rathaus.formulare.selectors import json_schema_of
from rathaus.konten.services import postfachnachricht_create
from rathaus.standards import fitconnect as fc

from . import conf
from .client import ApiFehler
from .models import Weiterleitung

_REGIONALSCHLUESSEL = re.compile(r"^(\d{2}|\d{3}|\d{5}|\d{8}|\d{9}|\d{12})$")


def _ziel(leika: str, regionalschluessel: str) -> dict[str, Any]:
    art = "ags" if len(regionalschluessel) == 8 else "ars"
    try:
        routen = conf.routing_api().routes(leika_key=leika, **{art: regionalschluessel})
    except ApiFehler as exc:
        raise ValidationError(
            {"regionalschluessel": _("Der Routingdienst antwortet nicht: %(f)s") % {"f": exc}}
        ) from None
    routen = [r for r in routen if str(r.get("destinationId", "")).lower() != conf.destination_id()]
    if not routen:
        raise ValidationError(
            {
                "regionalschluessel": _(
                    "Für diese Leistung und dieses Gebiet ist kein Zustellpunkt bekannt."
                )
            }
        )
    return routen[0]


def antrag_forward(
    *, antrag_id: int | None, vorgang_id: int | None, regionalschluessel: str, actor: Actor
) -> Weiterleitung:
    """Send the Antrag to the destination responsible for its Leistung in the area
    ``regionalschluessel`` (ARS or AGS) and close its Vorgang; ValidationError naming the
    field when the Antrag, the area or the destination does not allow it."""
    antrag = antrag_fuer_bearbeitung(pk=antrag_id) if antrag_id is not None else None
    if antrag is None:
        raise ValidationError({"antrag": _("Antrag nicht gefunden.")})
    if Weiterleitung.objects.filter(antrag_id=antrag.pk).exists():
        raise ValidationError({"antrag": _("Der Antrag wurde bereits weitergeleitet.")})
    regionalschluessel = (regionalschluessel or "").strip()
    if not _REGIONALSCHLUESSEL.match(regionalschluessel):
        raise ValidationError(
            {"regionalschluessel": _("Bitte einen Regionalschlüssel (ARS) oder AGS angeben.")}
        )
    leistung = antrag.leistung
    leika = leistung.leika_schluessel if leistung is not None else ""
    if leistung is None or not leika:
        raise ValidationError({"antrag": _("Die Leistung des Antrags hat keinen LeiKa-Schlüssel.")})
    vorgang = vorgang_offen_get(pk=vorgang_id, akte_offen=True) if vorgang_id else None
    if vorgang_id and vorgang is None:
        raise ValidationError({"vorgang": _("Der Vorgang ist bereits abgeschlossen.")})
    route = _ziel(leika, regionalschluessel)
    ziel_id = str(route["destinationId"])
    ziel_name = str(route.get("destinationName") or ziel_id)[:300]
    api = conf.submission_api(sender=True)
    ziel = api.destination(ziel_id)
    schluessel = RSAKey.import_key(api.destination_key(ziel_id, ziel["encryptionKid"]))
    daten = json.dumps(antrag.daten, ensure_ascii=False).encode()
    anlagen = []
    for a in antrag.anlagen.all().order_by("nummer"):
        with anlage_oeffnen(anlage=a) as f:
            anlagen.append((str(uuid.uuid4()), f.read(), a.dateiname, a.mediatyp))
    meta = fc.metadaten_bauen(
        daten=daten,
        schema_uri=str(json_schema_of(formular=antrag.formular).get("$id", "")),
        leika=leika,
        leistung_name=leistung.name[:200],
        anlagen=anlagen,
        sender_reference=antrag.aktenzeichen,
    )
    # What we send must pass the receiver's first check.
    fc.metadaten_parse(json.dumps(meta), schemas=fc.schemas_laden(conf.metadaten_schema_ordner()))
    erstellt = api.submission_create(
        destination_id=ziel_id,
        service_name=leistung.name[:200],
        service_identifier=fc.LEIKA_URN + leika,
        attachment_ids=[a[0] for a in anlagen],
    )
    sid = erstellt["submissionId"]
    for aid, inhalt, _name, _typ in anlagen:
        api.attachment_upload(sid, aid, fc.jwe_encrypt(inhalt, schluessel))
    api.submission_submit(
        sid,
        encrypted_metadata=fc.jwe_encrypt(
            json.dumps(meta).encode(), schluessel, cty="application/json"
        ),
        encrypted_data=fc.jwe_encrypt(daten, schluessel, cty="application/json"),
    )
    with transaction.atomic():
        w = Weiterleitung.objects.create(
            antrag=antrag,
            destination_id=uuid.UUID(ziel_id),
            ziel_name=ziel_name,
            submission_id=uuid.UUID(sid),
            case_id=uuid.UUID(erstellt["caseId"]),
            leika_schluessel=leika,
            regionalschluessel=regionalschluessel,
            akteur=str(actor)[:200],
        )
        if vorgang is not None:
            nachweis = {
                "aktenzeichen": antrag.aktenzeichen,
                "empfaenger": ziel_name,
                "destinationId": ziel_id,
                "submissionId": sid,
                "caseId": erstellt["caseId"],
                "leikaKey": leika,
                "regionalschluessel": regionalschluessel,
                "zeitpunkt": timezone.now().isoformat(),
            }
            dokument_file(
                vorgang=vorgang,
                art="ausgang",
                betreff=_("Weiterleitung an %(ziel)s über FIT-Connect") % {"ziel": ziel_name},
                versionen=[
                    (
                        "weiterleitung.json",
                        "application/json",
                        json.dumps(nachweis, ensure_ascii=False, indent=1).encode(),
                    )
                ],
                postausgangsdatum=timezone.localdate(),
                empfaenger=ziel_name,
                actor=actor,
            )
            vorgang_close(vorgang=vorgang, actor=actor)
        if antrag.buerger is not None:
            postfachnachricht_create(
                empfaenger=antrag.buerger,
                betreff=_("Ihr Antrag %(az)s wurde weitergeleitet") % {"az": antrag.aktenzeichen},
                text=_(
                    "Für Ihren Antrag ist nicht %(kommune)s zuständig. Wir haben ihn mit allen "
                    "Anlagen an die zuständige Stelle weitergeleitet: %(ziel)s. Sie müssen "
                    "nichts weiter tun; die zuständige Stelle meldet sich bei Ihnen."
                )
                % {"kommune": settings.RATHAUS_KOMMUNE, "ziel": ziel_name},
                actor=actor,
            )
        protokoll_write(
            actor=actor,
            action="fitconnect.antrag.forward",
            target=w,
            details={"aktenzeichen": antrag.aktenzeichen, "ziel": ziel_id, "submission": sid},
        )
    return w
