"""Reads of the antraege app; every read for a person is scoped to that person."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, TypeGuard

from django.core.files.storage import default_storage
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from rathaus.formulare.ablage import dateigroesse
from rathaus.formulare.selectors import dateifelder, entwuerfe_offen_of
from rathaus.formulare.selectors import entwurf_zum_absenden as _entwurf_zum_absenden
from rathaus.konten.lesezugang import Vertrauensniveau, hoechstes

from . import conf
from .dateien import ENDUNGEN, arten_text
from .models import Anlage, Antrag, Clientsystem, EntwurfAnlage, Quittung, StatusEintrag

if TYPE_CHECKING:
    from rathaus.formulare.models import Entwurf, Formular
    from rathaus.konten.models import Buerger

SCHLUESSEL_SALT = "rathaus.antraege.einreichen"


def idempotenzschluessel(*, entwurf: Entwurf) -> str:
    """The key the review form carries for this draft: the same draft, the same key.

    Derived from the draft's secret token, so it cannot be guessed for another draft.
    """
    return salted_hmac(
        SCHLUESSEL_SALT, f"{entwurf.pk}:{entwurf.token}", algorithm="sha256"
    ).hexdigest()[:40]


def _mit_status(qs: QuerySet[Antrag]) -> QuerySet[Antrag]:
    neuester = StatusEintrag.objects.filter(antrag=OuterRef("pk")).order_by("-zeitpunkt", "-id")
    return qs.annotate(status=Subquery(neuester.values("status")[:1]))


def antraege_of(*, buerger: Buerger) -> QuerySet[Antrag]:
    """The citizen's Anträge, newest first, with status history and receipt."""
    return _mit_status(
        Antrag.objects.filter(buerger=buerger)
        .select_related("leistung", "formular", "quittung")
        .prefetch_related(
            Prefetch("status_eintraege", queryset=StatusEintrag.objects.order_by("zeitpunkt", "id"))
        )
        .defer(
            "daten", "metadaten", "formular__struktur", "formular__json_schema", "formular__regeln"
        )
    )


def eingereichte_entwuerfe() -> QuerySet[Antrag, Any]:
    """The ids of the drafts that became an Antrag, as a subquery (``pk__in=``)."""
    return Antrag.objects.filter(entwurf_ref__isnull=False).values("entwurf_ref")


def entwuerfe_of(*, buerger: Buerger) -> QuerySet[Entwurf]:
    """The citizen's unexpired drafts that were not submitted yet."""
    return (
        entwuerfe_offen_of(buerger=buerger)
        .exclude(pk__in=eingereichte_entwuerfe())
        .select_related("formular")
        .defer("formular__struktur", "formular__json_schema", "formular__regeln", "daten")
        .order_by("-geaendert_am")
    )


def antrag_fuer(*, pk: int, buerger: Buerger | None, sitzung_ids: list[int]) -> Antrag | None:
    """An Antrag the requester may see: their own, or one submitted in this session."""
    antrag = (
        _mit_status(Antrag.objects.filter(pk=pk))
        .select_related("leistung", "formular", "buerger")
        .prefetch_related("anlagen", "status_eintraege")
        .first()
    )
    if antrag is None:
        return None
    if antrag.buerger_id is not None:
        return antrag if buerger is not None and buerger.pk == antrag.buerger_id else None
    return antrag if pk in sitzung_ids else None


def antrag_niveau(*, antrag: Antrag) -> Vertrauensniveau:
    """The level reading the Antrag asks for (konten.lesezugang): the one it was submitted
    with, never below its Formular's (a Formular raised later protects its earlier
    Anträge too)."""
    return hoechstes(antrag.vertrauensniveau, antrag.formular.vertrauensniveau)


def antrag_niveaus(
    *, buerger: Buerger, pks: Iterable[int] = (), aktenzeichen: Iterable[str] = ()
) -> tuple[dict[int, Vertrauensniveau], dict[str, Vertrauensniveau]]:
    """The levels (as :func:`antrag_niveau`) of the citizen's Anträge with these ids or
    these Aktenzeichen, by id and by Aktenzeichen; anyone else's are left out."""
    ids, zeichen = set(pks), {a for a in aktenzeichen if a}
    if not ids and not zeichen:
        return {}, {}
    zeilen = Antrag.objects.filter(
        Q(pk__in=ids) | Q(aktenzeichen__in=zeichen), buerger=buerger
    ).values_list("pk", "aktenzeichen", "vertrauensniveau", "formular__vertrauensniveau")
    nach_pk: dict[int, Vertrauensniveau] = {}
    nach_aktenzeichen: dict[str, Vertrauensniveau] = {}
    for pk, az, eigenes, vom_formular in zeilen:
        nach_pk[pk] = nach_aktenzeichen[az] = hoechstes(eigenes, vom_formular)
    return nach_pk, nach_aktenzeichen


def antrag_pk_by_entwurf(*, entwurf_id: int) -> int | None:
    """Id of the Antrag submitted from this draft (the submit view's reload check)."""
    return Antrag.objects.filter(entwurf_ref=entwurf_id).values_list("pk", flat=True).first()


def antrag_by_schluessel(*, schluessel: str) -> Antrag | None:
    return Antrag.objects.filter(idempotenzschluessel=schluessel).first()


def antrag_vorhanden(*, schluessel: str, entwurf_id: int | None) -> Antrag | None:
    """The Antrag of this idempotency key, else the one submitted from this draft.

    One query for both (each column is unique, so at most two rows).
    """
    if entwurf_id is None:
        return antrag_by_schluessel(schluessel=schluessel)
    gefunden = list(
        Antrag.objects.filter(Q(idempotenzschluessel=schluessel) | Q(entwurf_ref=entwurf_id))[:2]
    )
    for antrag in gefunden:
        if antrag.idempotenzschluessel == schluessel:
            return antrag
    return gefunden[0] if gefunden else None


def entwurf_zum_absenden(*, pk: int, formular_id: int) -> Entwurf | None:
    """An unexpired draft of the published Formular ``formular_id``, in one query
    (formulare.selectors.entwurf_zum_absenden)."""
    return _entwurf_zum_absenden(pk=pk, formular_id=formular_id)


@dataclass(frozen=True)
class Feldgrenzen:
    fim_id: str
    bezeichnung: str
    pflicht: bool
    medientypen: tuple[str, ...]
    max_bytes: int

    @property
    def hinweis(self) -> str:
        """The limits in words, as the checks in ``dateien`` apply them."""
        return _(
            "Erlaubt: %(arten)s, höchstens %(groesse)s je Datei; alle Dateien des Antrags "
            "zusammen höchstens %(gesamt)s."
        ) % {
            "arten": arten_text(self.medientypen),
            "groesse": dateigroesse(self.max_bytes),
            "gesamt": dateigroesse(conf.max_antrag_bytes()),
        }


def dateifelder_mit_grenzen(*, formular: Formular) -> list[Feldgrenzen]:
    """The form's file fields with the limits that apply: the field's own (FIM media
    types and maximum size) within the settings' (``conf``); the smaller size wins."""
    out = []
    for f in dateifelder(formular=formular):
        typen = (
            tuple(t for t in f.media_types if t in conf.STANDARD_MEDIENTYPEN) or conf.medientypen()
        )
        groesse = min(x for x in (f.max_size, conf.max_datei_bytes()) if x)
        out.append(Feldgrenzen(f.fim_id, f.bezeichnung, f.pflicht, typen, groesse))
    return out


def dateifeld_zuordnung(
    *, formular: Formular, daten: Any, anlage_ids: set[str], ohne_gross_klein: bool = False
) -> dict[str, str]:
    """attachmentId → file field (fim_id), where the submitted `daten` name an attachment
    of `anlage_ids` in one of the form's file fields, at any depth (groups, lists).
    `ohne_gross_klein`: the data's ids are compared and returned in lower case (FIT-Connect's
    UUIDs); else exactly."""
    felder = {f.fim_id for f in dateifelder_mit_grenzen(formular=formular)}
    out: dict[str, str] = {}
    stapel = [daten]
    while stapel:
        knoten = stapel.pop()
        if isinstance(knoten, list):
            stapel.extend(knoten)
        elif isinstance(knoten, dict):
            for k, v in knoten.items():
                for w in v if isinstance(v, list) else [v]:
                    if k in felder and isinstance(w, str):
                        kennung = w.lower() if ohne_gross_klein else w
                        if kennung in anlage_ids:
                            out[kennung] = k
                stapel.append(v)
    return out


@dataclass(frozen=True)
class Uploadgrenzen:
    """The limits of the settings (``conf``) for a citizen's files outside a form (the
    answer to a Nachforderung), as a page states them."""

    medientypen: tuple[str, ...]
    max_datei_bytes: int
    accept: str  # the file input's accept attribute: media types and file name endings
    endungen: str  # the kinds for people, e.g. "JPG, PDF, PNG"


def uploadgrenzen() -> Uploadgrenzen:
    typen = conf.medientypen()
    return Uploadgrenzen(
        medientypen=typen,
        max_datei_bytes=conf.max_datei_bytes(),
        accept=",".join([*typen, *(e for t in typen for e in ENDUNGEN.get(t, ()))]),
        endungen=", ".join(sorted({ENDUNGEN[t][0].lstrip(".").upper() for t in typen})),
    )


def entwurf_anlagen(*, entwurf: Entwurf) -> list[EntwurfAnlage]:
    """The files stored for a draft, oldest first."""
    return list(EntwurfAnlage.objects.filter(entwurf=entwurf).order_by("id"))


def anlage_oeffnen(*, anlage: Anlage) -> IO[bytes]:
    """The stored content of an Anlage; the caller checked that the requester may see it."""
    return default_storage.open(anlage.speichername, "rb")


def quittung_oeffnen(*, quittung: Quittung) -> IO[bytes]:
    return default_storage.open(quittung.speichername, "rb")


def antrag_eingereicht(*, pk: int) -> Antrag:
    """A submitted Antrag with what filing and notifying it need (the outbox consumers)."""
    return (
        Antrag.objects.select_related("leistung", "formular", "buerger")
        .prefetch_related("anlagen")
        .get(pk=pk)
    )


def antrag_fuer_bearbeitung(*, pk: int) -> Antrag | None:
    """An Antrag with its Formular and Anlagen for the back office; the caller (the
    Verfahren's selectors) has checked that the user may see its Verfahren."""
    return (
        Antrag.objects.filter(pk=pk)
        .select_related("formular", "leistung", "buerger")
        .prefetch_related("anlagen")
        .first()
    )


# --- client systems ---------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class TokenPruefung:
    """The client system a token belongs to, or (`clientsystem` None) why it is refused."""

    clientsystem: Clientsystem | None
    fehler: str = ""


def _zeit(zeitpunkt: datetime) -> str:
    return timezone.localtime(zeitpunkt).isoformat(timespec="seconds")


def clientsystem_by_token(*, token: str, now: datetime | None = None) -> TokenPruefung:
    """The active client system whose current token is `token` (not expired, not revoked),
    or whose previous token it is while the overlap of a rotation lasts; otherwise the
    reason for the 401 (expired and replaced tokens say so, the holder may know)."""
    now = now or timezone.now()
    h = token_hash(token)
    client = (
        Clientsystem.objects.filter(Q(token_sha256=h) | Q(vorheriger_token_sha256=h))
        .order_by("pk")
        .first()
    )
    if client is None or not client.aktiv:
        return TokenPruefung(None, _("Unbekanntes oder gesperrtes Token."))
    if client.token_sha256 == h:
        if client.token_widerrufen_am is not None:
            return TokenPruefung(None, _("Das Token wurde widerrufen."))
        if client.gueltig_bis <= now:
            return TokenPruefung(
                None,
                _("Das Token ist abgelaufen (gültig bis %(zeit)s); bitte ein neues anfordern.")
                % {"zeit": _zeit(client.gueltig_bis)},
            )
        return TokenPruefung(client)
    bis = client.vorheriger_token_gueltig_bis
    if bis is not None and now < bis:
        return TokenPruefung(client)
    return TokenPruefung(
        None,
        _("Das Token wurde durch ein neues ersetzt und gilt seit %(zeit)s nicht mehr.")
        % {"zeit": _zeit(bis or client.gueltig_bis)},
    )


def ist_clientsystem(auth: object) -> TypeGuard[Clientsystem]:
    """Whether a request's authentication (``request.auth``) is a client system's token
    (ClientsystemAuthentication puts the Clientsystem there; other schemes put other things)."""
    return isinstance(auth, Clientsystem)


def antraege_je_leistung_und_monat() -> QuerySet[Any, Any]:
    """Counts of submitted Anträge by Leistung, month of submission and channel (the
    digitisation report, berichte): aggregates only, no row of a person leaves here."""
    return (
        Antrag.objects.annotate(monat=TruncMonth("eingereicht_am"))
        .values("leistung_id", "monat", "kanal")
        .annotate(anzahl=Count("pk"))
        .order_by("leistung_id", "monat", "kanal")
    )
