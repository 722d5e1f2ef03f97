"""Demo staff for `make run`: fixed accounts, one fixed (public!) TOTP key, open demo Akten.

Everything here is for demonstrations only: the password and the TOTP key are printed in
the README and the Makefile, so these accounts must never exist in a real installation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.akten import services as akten_services
from rathaus.akten.selectors import akte_exists, aktenplaneinheit_by_kennzeichen
from rathaus.core.services import protokoll_write
from rathaus.katalog.demo.laden import DEMO_ADMIN_USERNAME as DEMO_ADMIN
from rathaus.katalog.selectors import leistungen_list
from rathaus.organisation.selectors import Rolle, organisationseinheiten_list
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren.selectors import fristregel_exists
from rathaus.verfahren.services import fristregel_set

DEMO_PASSWORT = "rathaus-demo"
# 20 bytes, hex: b"RATHAUS-DEMO-UNSICHR" – public, so every demo code is predictable.
DEMO_TOTP_KEY = b"RATHAUS-DEMO-UNSICHR".hex()
DEMO_GERAET = "DEMO – fester, öffentlicher Schlüssel"


@dataclass(frozen=True)
class Demoperson:
    username: str
    vorname: str
    nachname: str
    einheit: str  # slug of the Organisationseinheit (katalog demo data)
    rolle: str
    wiedereroeffnen: bool = False
    admin: bool = False  # may enter the admin site (Fachadministration: Vorlagen, Modelle)
    gebuehren: bool = False  # may fix a fee within its range (zahlungen.festsetzen)


PERSONEN = (
    Demoperson("sb.buergerbuero", "Birte", "Bauer", "buergerbuero", Rolle.SACHBEARBEITUNG),
    Demoperson("sb.wohngeld", "Wiebke", "Wendt", "wohngeldstelle", Rolle.SACHBEARBEITUNG),
    Demoperson("leitung.ordnungsamt", "Ole", "Olsen", "ordnungsamt", Rolle.LEITUNG, True),
    Demoperson(
        "fachadmin", "Frieda", "Fischer", "hauptamt", Rolle.FACHADMINISTRATION, True, admin=True
    ),
    # The Abteilung Gewerbe processes the demo service with the real FIM form online.
    # The demo service's fee is a range fixed by the clerk with the decision.
    Demoperson("sb.gewerbe", "Gesa", "Gerdes", "gewerbeamt", Rolle.SACHBEARBEITUNG, gebuehren=True),
    Demoperson("leitung.gewerbe", "Lars", "Lange", "gewerbeamt", Rolle.LEITUNG, gebuehren=True),
)

# Deadline rules of demo services with an online form (LeiKa key, months of the statutory
# period; the demo assumes a Genehmigungsfiktion, § 42a VwVfG).
FRISTEN = (("99050053020000", 3),)

# Open Akten for the demo staff, under positions of the demo Aktenplan of
# `rathaus load_demo_akten` (Kennzeichen, federführende Einheit, Betreff).
AKTEN = (
    ("3.3.1", "buergerbuero", "Meldebescheinigungen 2026"),
    ("3.2.3", "ordnungsamt", "Sondernutzungen Altstadt 2026"),
    ("5.1", "wohngeldstelle", "Wohngeld Musterfrau, Erika"),
)


@dataclass
class Bericht:
    angelegt: list[str]
    vorhanden: list[str]
    akten: int | None  # None: demo Aktenplan missing


class DemoFehlt(Exception):
    pass


def _person(person: Demoperson, actor: str) -> bool:
    einheit = organisationseinheiten_list().filter(slug=person.einheit).first()
    if einheit is None:
        raise DemoFehlt(person.einheit)
    user, neu = User.objects.get_or_create(
        username=person.username,
        defaults={"first_name": person.vorname, "last_name": person.nachname},
    )
    if neu:
        user.set_password(DEMO_PASSWORT)
        user.is_staff = person.admin
        user.save(update_fields=["password", "is_staff"])
        protokoll_write(actor=actor, action="arbeitsplatz.demo.person", target=user)
    mitgliedschaft_add(user=user, organisationseinheit=einheit, rolle=person.rolle, actor=actor)
    if person.wiedereroeffnen:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="akten", codename="reopen_akte")
        )
    if person.gebuehren:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="zahlungen", codename="festsetzen")
        )
    _demo_geraet(user)
    return neu


def _demo_geraet(user: User) -> None:
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_GERAET, key=DEMO_TOTP_KEY, confirmed=True)


def _akten(actor: str) -> int | None:
    """One open Akte with a Vorgang per unit; None if the demo Aktenplan is missing."""
    neu = 0
    for kennzeichen, slug, betreff in AKTEN:
        position = aktenplaneinheit_by_kennzeichen(kennzeichen=kennzeichen)
        if position is None:
            return None
        if akte_exists(aktenplaneinheit=position, betreff=betreff):
            continue
        akte = akten_services.akte_create(
            aktenplaneinheit=position,
            betreff=betreff,
            federfuehrend=organisationseinheiten_list().get(slug=slug),
            actor=actor,
        )
        akten_services.vorgang_open(akte=akte, betreff="Allgemeiner Schriftverkehr", actor=actor)
        neu += 1
    return neu


@transaction.atomic
def demo_personal_load(*, actor: str) -> Bericht:
    """Create the demo staff (idempotent) and one open Akte per unit in the demo Aktenplan."""
    bericht = Bericht(angelegt=[], vorhanden=[], akten=0)
    for person in PERSONEN:
        (bericht.angelegt if _person(person, actor) else bericht.vorhanden).append(person.username)
    bericht.akten = _akten(actor)
    _fristen()
    # The demo admin account of `load_demo` needs the second factor for the admin site too.
    admin = User.objects.filter(username=DEMO_ADMIN).first()
    if admin is not None:
        _demo_geraet(admin)
    return bericht


def _fristen() -> None:
    fachadmin = User.objects.get(username="fachadmin")
    for leika, monate in FRISTEN:
        leistung = leistungen_list().filter(leika_schluessel=leika).first()
        if leistung is not None and not fristregel_exists(leistung_id=leistung.pk):
            fristregel_set(leistung=leistung, actor=fachadmin, gesetzliche_frist_monate=monate)


def demo_accounts_open() -> list[str]:
    """User names of accounts a stranger can enter with what the README prints: any
    account with the public demo TOTP key, and a demo account name with the demo password.
    Only reads (no password hash is upgraded); an unmigrated database has no accounts."""
    from django.contrib.auth.hashers import check_password
    from django.db import connection

    tabellen = set(connection.introspection.table_names())
    if not {User._meta.db_table, TOTPDevice._meta.db_table} <= tabellen:
        return []
    mit_schluessel = set(
        TOTPDevice.objects.filter(key__iexact=DEMO_TOTP_KEY).values_list(
            "user__username", flat=True
        )
    )
    namen = {p.username for p in PERSONEN} | {DEMO_ADMIN}
    mit_passwort = {
        name
        for name, passwort in User.objects.filter(username__in=namen - mit_schluessel)
        .values_list("username", "password")
        .iterator()
        if check_password(DEMO_PASSWORT, passwort)
    }
    return sorted(mit_schluessel | mit_passwort)


def demo_code(username: str) -> str:
    """The current code of a demo account; ValidationError for any other account."""
    from django_otp.oath import TOTP

    geraet = TOTPDevice.objects.filter(
        user__username=username, confirmed=True, key=DEMO_TOTP_KEY
    ).first()
    if username not in {p.username for p in PERSONEN} | {DEMO_ADMIN} or geraet is None:
        raise ValidationError(f"{username} ist kein Demo-Konto mit Demo-Schlüssel.")
    totp = TOTP(geraet.bin_key, geraet.step, geraet.t0, geraet.digits, geraet.drift)
    return f"{totp.token():0{geraet.digits}d}"
