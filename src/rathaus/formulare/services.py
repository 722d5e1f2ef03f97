"""Writes of the formulare app, and the Python API the antraege app builds on.

Import: :func:`formular_import` turns FIM schema files into published, immutable Formular
versions. Filling in: :func:`schritt_parse` reads one submitted step, :func:`daten_merge`
puts it into a draft's data, :func:`entwurf_save` stores the draft, :func:`daten_validate`
checks complete data before the antraege app submits it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import models, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from rathaus.core.outbox import outbox_write
from rathaus.core.services import Actor, protokoll_write, protokoll_write_many
from rathaus.katalog.selectors import leistungen_list

from . import bindung, pruefung
from .ablage import Vorbereitet
from .definition import definition
from .eingabe import schritt_lesen
from .importer import Gelesen, ImportFehler, lesen
from .models import ENTWURF_GUELTIGKEIT, Entwurf, Formular, Vertrauensniveau
from .outbox import ENTWURF_LINK
from .selectors import entwurf_by_token, entwurf_link_token, vorbefuellung_of
from .vorbefuellt import Vorbefuellt

if TYPE_CHECKING:
    from rathaus.katalog.models import Leistung

__all__ = [
    "ENTWURF_LINK",
    "FormularUnveraenderlich",
    "ImportFehler",
    "SchrittUnbekannt",
    "daten_clean",
    "daten_merge",
    "daten_validate",
    "entwurf_link_email",
    "entwurf_link_send",
    "entwurf_lock",
    "entwurf_resume",
    "entwurf_save",
    "formular_import",
    "formular_update",
    "schritt_parse",
]


class FormularUnveraenderlich(Exception):
    """A published Formular version cannot be changed; import a new version instead."""


class SchrittUnbekannt(LookupError):
    """The form has no step with this number."""


# -- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportZeile:
    datei: Path
    formular: Formular
    neu: bool
    regeln_gesamt: int
    regeln_ausfuehrbar: int
    warnungen: tuple[str, ...]


def _leistung(gelesen: Gelesen, schluessel: str | None) -> Leistung | None:
    if schluessel:
        found = leistungen_list().filter(leika_schluessel=schluessel).first()
        if found is None:
            raise ImportFehler(_("Keine Leistung mit dem LeiKa-Schlüssel %s") % schluessel)
        return found
    for key in gelesen.schema.leistungsschluessel:
        found = leistungen_list().filter(leika_schluessel=key).first()
        if found is not None:
            return found
    return None


@transaction.atomic
def formular_import(
    *,
    dateien: list[Path],
    actor: Actor,
    leistung_schluessel: str | None = None,
    vertrauensniveau: str = Vertrauensniveau.BASIS,
    codelisten: list[Path] | None = None,
) -> list[ImportZeile]:
    """Import FIM schema files as published Formular versions, all or nothing.

    The same (FIM id, version) again is a no-op with an identical file and an
    :class:`ImportFehler` naming both files' hashes with a different one; a new version is
    added beside the old. The Formular is linked to the Leistung with ``leistung_schluessel``,
    else to the Leistung whose LeiKa key the schema names, if one exists. Referenced code
    lists are looked up in ``codelisten``, next to each file and in the shared data.
    """
    # every file is read before anything is written
    gelesen = [lesen(Path(d), codelisten=codelisten or ()) for d in dateien]
    zeilen: list[ImportZeile] = []
    neu: list[tuple[models.Model, dict[str, Any]]] = []
    jetzt = timezone.now()
    for g in gelesen:
        s = g.schema
        alt = Formular.objects.filter(fim_id=s.id, fim_version=s.version).first()
        if alt is not None:
            if alt.quelle_sha256 != g.sha256:
                raise ImportFehler(
                    f"{g.datei}: {s.id} {s.version} ist bereits mit anderem Inhalt veröffentlicht "
                    f"(sha256 {alt.quelle_sha256[:12]}…, diese Datei {g.sha256[:12]}…); "
                    "eine Änderung braucht eine neue Version"
                )
            zeilen.append(
                ImportZeile(g.datei, alt, False, g.regeln_gesamt, g.regeln_ausfuehrbar, ())
            )
            continue
        formular = Formular.objects.create(
            fim_id=s.id,
            fim_version=s.version,
            name=s.name[:500],
            bezeichnung=s.bezeichnung[:500],
            xdf_version=g.xdf_version,
            leistung=_leistung(g, leistung_schluessel),
            vertrauensniveau=vertrauensniveau,
            quelle_sha256=g.sha256,
            struktur=g.struktur,
            json_schema=g.json_schema,
            regeln=g.regeln,
            hinweise=g.hinweise,
            regeln_gesamt=g.regeln_gesamt,
            regeln_ausfuehrbar=g.regeln_ausfuehrbar,
            veroeffentlicht_am=jetzt,
        )
        neu.append((formular, {"datei": g.datei.name, "sha256": g.sha256}))
        zeilen.append(
            ImportZeile(g.datei, formular, True, g.regeln_gesamt, g.regeln_ausfuehrbar, g.warnungen)
        )
    protokoll_write_many(actor=actor, action="formular.import", entries=neu)
    return zeilen


@transaction.atomic
def formular_update(*, formular: Formular, actor: Actor, **aenderungen: Any) -> Formular:
    """Change an unpublished Formular; a published one is refused (import a new version)."""
    formular = Formular.objects.select_for_update().get(pk=formular.pk)
    if formular.veroeffentlicht_am is not None:
        raise FormularUnveraenderlich(
            _("%(formular)s ist veröffentlicht und kann nicht geändert werden.")
            % {"formular": formular}
        )
    for key, value in aenderungen.items():
        setattr(formular, key, value)
    formular.save()
    protokoll_write(
        actor=actor,
        action="formular.update",
        target=formular,
        details={"felder": sorted(aenderungen)},
    )
    return formular


# -- filling in ----------------------------------------------------------------------------


def schritt_parse(
    *,
    formular: Formular,
    schritt: int,
    post: QueryDict,
    bisher: dict[str, Any] | None = None,
    vorbefuellt: Mapping[str, Any] | None = None,
    dateien: Mapping[str, int] | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Read step ``schritt`` of a submitted form: (partial data, errors by input name).

    Only the step's own inputs are read (unknown names are ignored, hidden and locked
    fields keep their preset, a locked field without one the value in ``vorbefuellt``,
    taken from the identity), values are coerced to their FIM type, and the result is
    checked against the JSON Schema and the executable rules together with ``bisher``
    (the draft's data so far). ``dateien`` (file field id → number of files the draft
    will hold) answers the file fields. Raises :class:`SchrittUnbekannt` for a step out
    of range.
    """
    defn = definition(formular)
    try:
        s = defn.schritt(schritt)
    except IndexError as exc:
        raise SchrittUnbekannt(schritt) from exc
    eingabe = schritt_lesen(s, post, vorbefuellt)
    gesamt = daten_merge(formular=formular, daten=bisher or {}, schritt=schritt, teil=eingabe.daten)
    teil = {k: v for k, v in gesamt.items() if k in {kind.element.id for kind in s.kinder}}
    fehler = pruefung.fehler(
        defn, gesamt, nur=frozenset(k.element.id for k in s.kinder), dateien=dateien or {}
    )
    for name, messages in eingabe.fehler.items():
        fehler[name] = messages  # a value that could not be read outranks later checks
    return teil, fehler


def daten_merge(
    *, formular: Formular, daten: dict[str, Any], schritt: int, teil: dict[str, Any]
) -> dict[str, Any]:
    """``daten`` with step ``schritt`` replaced by ``teil``, in schema order, hidden parts
    removed and the rules' presets applied."""
    defn = definition(formular)
    try:
        ids = {k.element.id for k in defn.schritt(schritt).kinder}
    except IndexError as exc:
        raise SchrittUnbekannt(schritt) from exc
    merged = {k: v for k, v in daten.items() if k not in ids}
    merged.update({k: v for k, v in teil.items() if k in ids})
    order = [k.element.id for k in defn.schema.struktur]
    ordered = {k: merged[k] for k in order if k in merged}
    return pruefung.bereinigen(defn, ordered)


def daten_clean(*, formular: Formular, daten: dict[str, Any]) -> dict[str, Any]:
    """The data as the Formular's rules leave it: hidden parts removed, the rules' presets
    applied (what ``daten_validate`` checks)."""
    return pruefung.bereinigen(definition(formular), daten)


def daten_validate(
    *, formular: Formular, daten: dict[str, Any], dateien: Mapping[str, int] | None = None
) -> None:
    """Check complete form data; raises ValidationError({field_id: [messages]}).

    JSON Schema, required elements and every executable rule are checked; elements the
    rules hide are ignored. File fields hold no value in the data: with ``dateien`` (file
    field id → number of Anlagen, which the antraege app holds) a required one without a
    file is an error; without it file fields are not checked.
    """
    defn = definition(formular)
    bereinigt = pruefung.bereinigen(defn, daten if isinstance(daten, dict) else {})
    fehler = pruefung.fehler(defn, bereinigt, dateien=dateien)
    if not isinstance(daten, dict):
        fehler["_"] = [_("Die Angaben müssen ein Objekt sein.")]
    if fehler:
        by_id: dict[str, list[str]] = {}
        for name, messages in fehler.items():
            fim_id = next((t for t in reversed(name.split(".")) if not t.isdigit()), name)
            liste = by_id.setdefault(fim_id, [])
            liste.extend(m for m in messages if m not in liste)
        raise ValidationError(by_id)


# -- drafts --------------------------------------------------------------------------------


def entwurf_lock(*, entwurf: Entwurf) -> None:
    """Lock the draft's row until the caller's transaction ends (``select_for_update``):
    serialises the submission of a draft and changes of its files (double click, two tabs).
    Call it inside ``transaction.atomic``."""
    Entwurf.objects.select_for_update().filter(pk=entwurf.pk).values_list("pk", flat=True).first()


def _token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def entwurf_save(
    *,
    formular: Formular,
    entwurf: Entwurf | None,
    schritt: int,
    teil: dict[str, Any],
    actor: Actor,
    buerger: Any = None,
    naechster_schritt: int | None = None,
    dateien: Vorbereitet | None = None,
) -> Entwurf:
    """Store step ``schritt`` (already parsed and valid) in a new or existing draft.

    A new draft of a logged-in citizen (``buerger``) records what the identity fills in
    (once only, :func:`selectors.vorbefuellung_of`): the steps not saved yet start with
    those values; a saved step is never filled again. Each save extends the draft's life
    to 30 days from now. An anonymous draft saved by a logged-in citizen becomes theirs,
    with a new token: its resume links and the sessions bound to it no longer open it
    (see :mod:`bindung`). ``dateien`` (checked uploads of the step, see :mod:`ablage`) are
    stored in the same transaction: if they cannot be, nothing of the step is saved.
    """
    details: dict[str, Any] = {"schritt": schritt}
    if entwurf is None:
        entwurf = Entwurf(formular=formular, buerger=buerger, token=_token())
        daten: dict[str, Any] = {}
        vorbefuellt = vorbefuellung_of(formular=formular, buerger=buerger)
        if vorbefuellt:
            # names only: the values are the citizen's, the audit log needs no copy
            details["vorbefuellt"] = sorted(vorbefuellt.felder)
    else:
        entwurf = Entwurf.objects.select_for_update().get(pk=entwurf.pk, formular=formular)
        daten = entwurf.daten
        if entwurf.buerger_id is None and buerger is not None:
            entwurf.buerger = buerger
            entwurf.token = _token()
            details["uebernommen"] = True
        vorbefuellt = Vorbefuellt.aus_json(entwurf.vorbefuellung)
    entwurf.daten = daten_merge(formular=formular, daten=daten, schritt=schritt, teil=teil)
    entwurf.vorbefuellung = vorbefuellt.gespeichert(schritt).to_json()
    entwurf.aktueller_schritt = naechster_schritt or schritt
    entwurf.laeuft_ab_am = timezone.now() + ENTWURF_GUELTIGKEIT
    entwurf.save()
    protokoll_write(actor=actor, action="entwurf.save", target=entwurf, details=details)
    if dateien is not None:
        dateien.speichern(entwurf=entwurf, actor=actor)
    return entwurf


@transaction.atomic
def entwurf_resume(*, token: str, actor: Actor) -> Entwurf | None:
    """Use the resume link ``token``: the draft it names, with a new token, or None if the
    link is forged, used, revoked or expired.

    Each link works once: the new token ends this link, every other link of the draft and
    every session still bound to the old token. The caller binds the draft to the session
    of whoever used the link; a new link can be requested from there.
    """
    entwurf = entwurf_by_token(token=token)
    if entwurf is None:
        return None
    neu = _token()
    # compare-and-set: of two requests with the same link, one wins
    if not Entwurf.objects.filter(pk=entwurf.pk, token=entwurf.token).update(token=neu):
        return None
    entwurf.token = neu
    protokoll_write(actor=actor, action="entwurf.resume", target=entwurf)
    return entwurf


# RFC 5321 § 4.5.3.1: at most 64 characters before the @ and 254 in all (a forward path).
EMAIL_MAX = 254
EMAIL_LOKAL_MAX = 64


def _empfaenger_pruefen(email: str) -> str:
    """The address, if an email can go to it; refused whole, never shortened (a shortened
    address may be another person's)."""
    fehler = ValidationError(
        _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."),
        code="email",
    )
    if len(email) > EMAIL_MAX or len(email.partition("@")[0]) > EMAIL_LOKAL_MAX:
        raise ValidationError({"email": fehler})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": fehler}) from None
    return email


@transaction.atomic
def entwurf_link_send(*, entwurf: Entwurf, email: str, link_base: str, actor: Actor) -> None:
    """Queue the email with the resume link of a draft to ``email``.

    The outbox sends it after the commit and retries with backoff, so a mail server that is
    down never fails the request. ``link_base`` is the absolute URL of the resume view
    without the token. The row holds a fingerprint of the draft's token, not the token:
    if the token has changed by the time the email is sent (the draft was resumed through
    another link or claimed meanwhile), no email goes out. Raises ``ValidationError``
    (field ``email``) for an address no email can go to.
    """
    adresse = _empfaenger_pruefen(email)
    outbox_write(
        topic=ENTWURF_LINK,
        # one row per request: each "Link senden" is its own email
        key=f"{entwurf.pk}.{secrets.token_hex(8)}",
        payload={
            "entwurf": entwurf.pk,
            "email": adresse,
            "link_base": link_base,
            "sprache": translation.get_language() or settings.LANGUAGE_CODE,
            "fingerabdruck": bindung.fingerabdruck(entwurf.token),
        },
        context=entwurf,
    )
    protokoll_write(actor=actor, action="entwurf.link_send", target=entwurf)


def entwurf_link_email(
    *, entwurf_id: int, email: str, link_base: str, sprache: str, fingerabdruck: str
) -> EmailMessage | None:
    """The email with a fresh resume link, or None if the draft is gone or expired, or its
    token is no longer the one ``fingerabdruck`` (from :func:`entwurf_link_send`) names.

    Built when the outbox delivers it, so the link is signed then and the stored row holds
    no link. Without the check, a link asked for by someone who has since lost the draft
    (its link was used by another person) would bring him the new token.
    """
    entwurf = (
        Entwurf.objects.filter(pk=entwurf_id, laeuft_ab_am__gt=timezone.now())
        .select_related("formular")
        .first()
    )
    if entwurf is None or not constant_time_compare(
        fingerabdruck, bindung.fingerabdruck(entwurf.token)
    ):
        return None
    link = f"{link_base}{entwurf_link_token(entwurf=entwurf)}/"
    with translation.override(sprache):
        text = render_to_string(
            "formulare/email_link.txt",
            {
                "formular": entwurf.formular,
                "link": link,
                "ablauf": timezone.localtime(entwurf.laeuft_ab_am),
            },
        )
        betreff = _("Ihr gespeicherter Antrag: %(titel)s") % {"titel": entwurf.formular.titel}
    # a title is one line; Django refuses a header with a line break
    betreff = " ".join(betreff.split())[:150]
    return EmailMessage(subject=betreff, body=text, to=[_empfaenger_pruefen(email)])
