"""Reads of the formulare app (for the portal, the antraege app and the views)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from rathaus.standards.xdatenfelder import Datenfeld, Datenfeldgruppe, Datentyp, Kind
from rathaus.standards.xdatenfelder.model import iter_elements

from . import bindung
from .definition import definition
from .models import ENTWURF_GUELTIGKEIT, Entwurf, Formular
from .pruefung import bereinigen
from .vorbefuellt import Vorbefuellt
from .vorbefuellung import personendaten_of, vorbefuellung
from .zusammenfassung import Abschnitt, zusammenfassung

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung
from .zusammenfassung import text as antwort_text

LINK_SALT = "rathaus.formulare.entwurf"


def formulare_veroeffentlicht() -> QuerySet[Formular]:
    return Formular.objects.filter(veroeffentlicht_am__isnull=False).select_related("leistung")


def formular_for_leistung(*, leistung: Leistung) -> Formular | None:
    """The latest published Formular of ``leistung`` (None when it has none)."""
    return (
        formulare_veroeffentlicht()
        .filter(leistung=leistung)
        .order_by("-veroeffentlicht_am", "-pk")
        .first()
    )


def formular_pk_for_leistung(*, leistung: Leistung) -> int | None:
    """Id of the latest published Formular of ``leistung``, without loading its structure."""
    return (
        formulare_veroeffentlicht()
        .filter(leistung=leistung)
        .order_by("-veroeffentlicht_am", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def formular_get(*, pk: int) -> Formular:
    """A published Formular; raises Formular.DoesNotExist."""
    return formulare_veroeffentlicht().get(pk=pk)


@dataclass(frozen=True)
class Dateifeld:
    """A file input of a form: the antraege app stores the Anlage and checks these limits."""

    fim_id: str
    bezeichnung: str
    pflicht: bool
    media_types: tuple[str, ...]
    max_size: int | None


def dateifelder(*, formular: Formular) -> list[Dateifeld]:
    """Every file field of the form (``daten_validate`` leaves them to the antraege app)."""
    defn = definition(formular)
    out: dict[str, Dateifeld] = {}
    for kind, _path in iter_elements(defn.schema.struktur):
        el = kind.element
        if isinstance(el, Datenfeld) and el.datentyp in (Datentyp.FILE, Datentyp.OBJ):
            p = el.praezisierung
            out.setdefault(
                el.id,
                Dateifeld(
                    el.id, defn.labels[el.id], kind.anzahl.min >= 1, p.media_types, p.max_size
                ),
            )
    return list(out.values())


def sichtbare_dateifelder(*, formular: Formular, daten: dict[str, Any]) -> frozenset[str]:
    """Ids of the file fields that the rules leave visible with ``daten`` (the field and
    every group around it); the files of other fields are not part of the answers."""
    defn = definition(formular)
    sichtbar = defn.regelwerk.visible(bereinigen(defn, daten if isinstance(daten, dict) else {}))
    out: set[str] = set()

    def walk(kinder: tuple[Kind, ...]) -> None:
        for k in kinder:
            el = k.element
            if el.id not in sichtbar:
                continue
            if isinstance(el, Datenfeldgruppe):
                walk(el.struktur)
            elif el.datentyp in (Datentyp.FILE, Datentyp.OBJ):
                out.add(el.id)

    walk(defn.schema.struktur)
    return frozenset(out)


def entwurf_get(*, pk: int, formular: Formular) -> Entwurf | None:
    """A draft of ``formular`` that has not expired, or None."""
    return (
        Entwurf.objects.filter(pk=pk, formular=formular, laeuft_ab_am__gt=timezone.now())
        .select_related("formular")
        .first()
    )


def entwuerfe_offen_of(*, buerger: Any) -> QuerySet[Entwurf]:
    """The citizen's (konten.Buerger) drafts that have not expired; the caller narrows and
    orders them. None (nobody logged in) has none: anonymous drafts belong to their session."""
    if buerger is None:
        return Entwurf.objects.none()
    return Entwurf.objects.filter(buerger=buerger, laeuft_ab_am__gt=timezone.now())


def entwurf_zum_absenden(*, pk: int, formular_id: int) -> Entwurf | None:
    """An unexpired draft of the published Formular ``formular_id``, in one query.

    The Formular's large JSON columns are not loaded: the submission reads them from the
    cached definition (``formulare.definition``), which loads them itself when it builds.
    """
    return (
        Entwurf.objects.filter(
            pk=pk,
            formular_id=formular_id,
            formular__veroeffentlicht_am__isnull=False,
            laeuft_ab_am__gt=timezone.now(),
        )
        .select_related("formular")
        .defer("formular__struktur", "formular__json_schema", "formular__regeln")
        .first()
    )


def entwurf_link_token(*, entwurf: Entwurf) -> str:
    """The signed token of the resume link (valid 30 days, and only until the draft's token
    changes: the link is used, another link of it is used, or a citizen claims the draft)."""
    return signing.dumps({"e": entwurf.pk, "t": entwurf.token}, salt=LINK_SALT, compress=True)


# A real link token is about 80 characters; anything far longer is not one (and is not hashed).
LINK_MAX = 500


def _link_lesen(token: object) -> dict[str, Any] | None:
    if not isinstance(token, str) or not token or len(token) > LINK_MAX:
        return None
    try:
        inhalt = signing.loads(token, salt=LINK_SALT, max_age=ENTWURF_GUELTIGKEIT)
    except signing.BadSignature:
        return None
    if not isinstance(inhalt, dict) or not isinstance(inhalt.get("e"), int):
        return None
    return inhalt


def _unabgelaufen(pk: int) -> Entwurf | None:
    return (
        Entwurf.objects.filter(pk=pk, laeuft_ab_am__gt=timezone.now())
        .select_related("formular")
        .first()
    )


def entwurf_by_token(*, token: str) -> Entwurf | None:
    """The draft a resume link names, or None if the link is forged, used, revoked or
    expired."""
    inhalt = _link_lesen(token)
    if inhalt is None:
        return None
    entwurf = _unabgelaufen(inhalt["e"])
    if entwurf is None or not constant_time_compare(entwurf.token, str(inhalt.get("t", ""))):
        return None
    return entwurf


def entwurf_link_ziel(*, token: str) -> Entwurf | None:
    """The unexpired draft a genuine resume link names, even if the link was used since:
    only to recognise a draft the session already works on (a second click on the link)."""
    inhalt = _link_lesen(token)
    return _unabgelaufen(inhalt["e"]) if inhalt is not None else None


def entwurf_der_sitzung(
    *, session: SessionBase, formular: Formular, buerger: Any
) -> Entwurf | None:
    """The unexpired draft of ``formular`` the browser session works on, if it may (see
    :mod:`bindung`); ``buerger`` is the citizen logged in (None: nobody)."""
    pk = bindung.gebundene_id(session, formular.pk)
    if pk is None:
        return None
    entwurf = entwurf_get(pk=pk, formular=formular)
    if entwurf is None or not bindung.erlaubt(session, entwurf, buerger):
        return None
    return entwurf


def entwuerfe_der_sitzung(*, session: SessionBase) -> list[tuple[int, int]]:
    """(form id, draft id) of the drafts the session names; check each found draft with
    :func:`entwurf_sitzung_erlaubt` before using it."""
    return bindung.gebunden(session)


def entwurf_sitzung_erlaubt(*, session: SessionBase, entwurf: Entwurf, buerger: Any) -> bool:
    """Whether the browser session may work on ``entwurf`` (see :mod:`bindung`)."""
    return bindung.erlaubt(session, entwurf, buerger)


def json_schema_of(*, formular: Formular) -> dict[str, Any]:
    """The JSON Schema of the Formular's data, from the cached definition (the Formular's
    large JSON columns need not be loaded)."""
    return dict(definition(formular).validator.schema)


def feldlabels_of(*, formular: Formular) -> dict[str, str]:
    """The label of each element of the Formular, by FIM id."""
    return definition(formular).labels


def antworten_abschnitte(*, formular: Formular, daten: dict[str, Any]) -> list[Abschnitt]:
    """The answers of submitted data, step by step with the Formular's labels (as on the
    review page), for the people who process the Antrag."""
    return zusammenfassung(definition(formular), daten if isinstance(daten, dict) else {})


def vorbefuellung_of(*, formular: Formular, buerger: Any) -> Vorbefuellt:
    """What a new draft of ``formular`` takes from the identity of ``buerger`` (a
    ``konten.Buerger``; None for anonymous visitors, who get nothing)."""
    if buerger is None:
        return Vorbefuellt()
    defn = definition(formular)
    felder = vorbefuellung(defn.schema, personendaten_of(buerger))
    angemeldet_am = getattr(buerger, "letzte_anmeldung_am", None)
    return Vorbefuellt.neu(
        felder=felder,
        schritte=defn.schritte,
        quelle=str(getattr(buerger, "aussteller", "") or ""),
        am=angemeldet_am.isoformat() if isinstance(angemeldet_am, datetime) else "",
    )


def entwurf_vorbefuellt(*, entwurf: Entwurf) -> Vorbefuellt:
    """What ``entwurf`` took from the identity when it was created."""
    return Vorbefuellt.aus_json(entwurf.vorbefuellung)


def rechtsnormen(*, texte: list[str]) -> list[str]:
    """The real legal norms among free-text references (a Leistung's Rechtsgrundlagen,
    one or several per text, separated by ";"), each once, none of another Land: the same
    filter as the legal basis shown in the forms (rechtsgrundlagen.py)."""
    from django.conf import settings

    from rathaus.standards.xdatenfelder import Bezug

    from .rechtsgrundlagen import rechtsgrundlagen

    bezuege = [Bezug(text=t) for t in texte]
    return [b.text for b in rechtsgrundlagen(bezuege, land=settings.RATHAUS_LAND)]


def antwort_formatter(*, formular: Formular) -> Callable[[str, Any], str]:
    """A function that writes one answer to the Formular's field with this FIM id as text,
    as the review page shows it ("Ja", the label of a code, 14.03.1987 ...); an answer to
    a field the Formular does not have as it is."""
    felder = {
        k.element.id: k.element
        for k, _pfad in iter_elements(definition(formular).schema.struktur)
        if isinstance(k.element, Datenfeld)
    }

    def formatieren(feld_id: str, wert: Any) -> str:
        feld = felder.get(feld_id)
        return antwort_text(feld, wert) if feld is not None else str(wert)

    return formatieren


def fim_ids_of(*, leistung: Leistung) -> frozenset[str] | None:
    """The FIM ids of the elements of every Formular (each version) of the Leistung;
    None when the Leistung has no Formular."""
    ids: set[str] = set()
    gefunden = False
    for formular in Formular.objects.filter(leistung=leistung):
        gefunden = True
        ids.update(definition(formular).labels)
    return frozenset(ids) if gefunden else None


def formulare_veroeffentlicht_filter(*, fim_id: str | None = None) -> QuerySet[Formular]:
    """Published Formulare by FIM id (then id), without their large JSON columns; with
    `fim_id` only the versions of that schema."""
    qs = formulare_veroeffentlicht().defer("struktur", "json_schema", "regeln")
    qs = qs.order_by("fim_id", "pk")
    return qs.filter(fim_id=fim_id) if fim_id else qs


def formular_ids_by_leistung(*, leistung_ids: list[int]) -> dict[int, int]:
    """For each of these Leistungen that has a published Formular: the id of its latest."""
    zeilen = (
        formulare_veroeffentlicht()
        .filter(leistung_id__in=leistung_ids)
        .order_by("veroeffentlicht_am", "pk")
        .values_list("leistung_id", "pk")
    )
    return dict(zeilen)  # ascending, so the latest one wins


def leistungen_mit_formular() -> QuerySet[Any]:
    """The Leistungen with a published Formular, as a subquery of their ids (`leistung_id`)."""
    return formulare_veroeffentlicht().filter(leistung__isnull=False).values("leistung_id")
