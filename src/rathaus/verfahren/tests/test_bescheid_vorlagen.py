"""Bescheidvorlagen: placeholders checked on save (hostile input refused, nothing saved),
the default from the data migration, activation rules, Antrag answers by FIM id, admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from rathaus.antraege import services as antraege_services
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox, Protokoll
from rathaus.core.tests.otp import mit_zweitem_faktor
from rathaus.organisation.models import Rolle
from rathaus.organisation.services import mitgliedschaft_add
from rathaus.verfahren.bescheid import platzhalter
from rathaus.verfahren.bescheid.vorlagen import (
    bescheidvorlage_create,
    bescheidvorlage_update,
    vorlage_fuer,
)
from rathaus.verfahren.models import Bescheid, BescheidVorlage, Verfahren

from . import bescheid_helfer as h
from . import factories as f

pytestmark = pytest.mark.django_db

GUT = {
    "bezeichnung": "Hundesteuer",
    "text_bewilligt": "Für {{antragsteller}} wird {{leistung}} bewilligt.",
    "text_abgelehnt": "{{ entscheidung }}: {{begruendung}}",
    "text_gebuehr": "",
    "rechtsbehelfsbelehrung": "Widerspruch innerhalb eines Monats bei {{kommune}}.",
}


def _anlegen(actor, leistung=None, **aenderungen):
    return bescheidvorlage_create(leistung=leistung, actor=actor, **{**GUT, **aenderungen})


def _stand() -> tuple:
    return (
        list(BescheidVorlage.objects.order_by("pk").values()),
        Protokoll.objects.count(),
    )


def test_default_vorlage_exists_after_migrate_with_a_complete_rechtsbehelfsbelehrung():
    standard = BescheidVorlage.objects.get(leistung__isnull=True)
    # Migration 0004 replaced the first texts, which glued the LeiKa name into the tenor.
    assert standard.aktiv and standard.version == 2
    assert standard.text_bewilligt.startswith("Ihr Antrag {{gegenstand}} vom {{eingegangen_am}}")
    assert standard.text_bewilligt.endswith("wird bewilligt.")
    assert "{{leistung}}" not in standard.text_bewilligt + standard.text_abgelehnt
    belehrung = standard.rechtsbehelfsbelehrung
    for teil in (
        "Widerspruch",
        "innerhalb eines Monats nach seiner Bekanntgabe",
        "schriftlich",
        "elektronischer Form",
        "zur Niederschrift",
        "Hansestadt Stralsund, Der Oberbürgermeister",
    ):
        assert teil in belehrung, teil
    platzhalter.pruefen({"t": standard.text_bewilligt, "a": standard.text_abgelehnt})
    assert vorlage_fuer(leistung=f.leistung()) == standard


@pytest.mark.parametrize(
    ("feld", "wert", "meldung"),
    [
        ("text_bewilligt", "Hallo {{unbekannt}}", "{{unbekannt}}"),
        ("text_abgelehnt", "{{ Aktenzeichen }}", "{{Aktenzeichen}}"),
        ("text_bewilligt", "{{aktenzeichen", "nicht mit"),
        ("text_bewilligt", "{{{{aktenzeichen}}}}", "kein bekannter Platzhalter"),
        ("text_bewilligt", "{{__class__}}", "{{__class__}}"),
        ("text_bewilligt", "{{leistung.name}}", "{{leistung.name}}"),
        ("text_bewilligt", "{{antrag}}", "{{antrag}}"),
        ("text_bewilligt", "{{antrag.X1}}", "{{antrag.X1}}"),
        ("text_bewilligt", "{{antrag.F1.G2}}", "{{antrag.F1.G2}}"),
        ("text_bewilligt", "{{antrag.F1;DROP}}", "kein bekannter Platzhalter"),
        ("text_bewilligt", "{{" + "x" * 5000 + "}}", "…"),
        ("text_gebuehr", "{{betrag}} EUR", "{{betrag}}"),
        ("rechtsbehelfsbelehrung", "{{frist}}", "{{frist}}"),
        ("rechtsbehelfsbelehrung", "   \n ", "nicht leer"),
        ("text_abgelehnt", "", "nicht leer"),
        ("bezeichnung", "", "nicht leer"),
        ("bezeichnung", "Zwei\nZeilen", "Steuerzeichen"),
        ("text_bewilligt", "mit\x00NUL", "Steuerzeichen"),
        ("text_bewilligt", "bewilligt\u202etlleg", "Steuerzeichen"),
        ("text_bewilligt", "x" * 20_001, "zu lang"),
        ("text_bewilligt", 42, "Text"),
    ],
)
def test_bad_vorlage_is_refused_naming_field_and_placeholder_and_nothing_saved(feld, wert, meldung):
    admin = f.fachadmin()
    vorher = _stand()
    with pytest.raises(ValidationError) as fehler:
        _anlegen(admin, f.leistung(), **{feld: wert})
    assert feld in fehler.value.message_dict
    assert any(meldung in m for m in fehler.value.message_dict[feld])
    # The Leistung above is new (its Aktenplan assignment wrote a Protokoll entry).
    assert _stand()[0] == vorher[0]
    assert not Protokoll.objects.filter(aktion__startswith="verfahren.bescheidvorlage").exists()


def test_update_with_unknown_placeholder_changes_nothing():
    admin = f.fachadmin()
    vorlage = _anlegen(admin, f.leistung())
    vorher = _stand()
    with pytest.raises(ValidationError) as fehler:
        bescheidvorlage_update(vorlage=vorlage, actor=admin, **{**GUT, "text_bewilligt": "{{x}}"})
    assert "{{x}}" in fehler.value.message_dict["text_bewilligt"][0]
    assert _stand() == vorher


@pytest.mark.parametrize("wer", ["sachbearbeitung", "leitung", "system", "anonym"])
def test_only_fachadministration_maintains_vorlagen(wer):
    from django.contrib.auth.models import AnonymousUser

    team = f.Team()
    actor = {
        "sachbearbeitung": team.sb1,
        "leitung": team.leitung1,
        "system": "system",
        "anonym": AnonymousUser(),
    }[wer]
    vorlage = BescheidVorlage.objects.get(leistung__isnull=True)
    vorher = _stand()
    with pytest.raises(PermissionDenied):
        _anlegen(actor, f.leistung())
    with pytest.raises(PermissionDenied):
        bescheidvorlage_update(vorlage=vorlage, actor=actor, **GUT)
    assert _stand()[0] == vorher[0]


def test_activation_replaces_the_active_vorlage_and_the_default_stays_active():
    admin = f.fachadmin()
    leistung = f.leistung()
    erste = _anlegen(admin, leistung)
    zweite = _anlegen(admin, leistung, bezeichnung="Neu")
    erste.refresh_from_db()
    assert (erste.aktiv, zweite.aktiv) == (False, True)
    assert vorlage_fuer(leistung=leistung) == zweite
    zweite = bescheidvorlage_update(vorlage=zweite, actor=admin, **{**GUT, "aktiv": False})
    assert vorlage_fuer(leistung=leistung) == BescheidVorlage.objects.get(leistung__isnull=True)
    assert zweite.version == 2

    standard = BescheidVorlage.objects.get(leistung__isnull=True)
    with pytest.raises(ValidationError) as fehler:
        bescheidvorlage_update(vorlage=standard, actor=admin, **{**GUT, "aktiv": False})
    assert "aktiv" in fehler.value.message_dict
    entwurf = _anlegen(admin, None, bezeichnung="Entwurf", aktiv=False)  # another is active
    assert not entwurf.aktiv
    neu = _anlegen(admin, None, bezeichnung="Neue Standardvorlage")
    standard.refresh_from_db()
    assert not standard.aktiv and vorlage_fuer(leistung=leistung) == neu
    entry = Protokoll.objects.filter(aktion="verfahren.bescheidvorlage.create").first()
    assert entry.details["abgeloest"] == [standard.pk]
    BescheidVorlage.objects.update(aktiv=False)  # e.g. a manual database change
    with pytest.raises(ValidationError, match="Standardvorlage"):
        _anlegen(admin, None, bezeichnung="Noch ein Entwurf", aktiv=False)


def test_unchanged_update_writes_nothing():
    admin = f.fachadmin()
    vorlage = _anlegen(admin, f.leistung())
    vorher = _stand()
    assert bescheidvorlage_update(vorlage=vorlage, actor=admin, **GUT).version == 1
    assert _stand() == vorher


# --- Antrag answers by FIM id ----------------------------------------------------------


def _verfahren_aus_antrag(welt, buerger):
    entwurf = helfer.entwurf(welt.formular, buerger=buerger)
    antrag = antraege_services.antrag_submit(
        entwurf=entwurf,
        actor=buerger.user,
        buerger=buerger,
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
    ).antrag
    for empfaenger in ("eingang",):
        row = Outbox.objects.get(consumer=empfaenger, key=str(antrag.pk))
        assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt"
    return antrag, Verfahren.objects.get(antrag_id=antrag.pk)


def test_antrag_answers_by_fim_id_and_the_bescheid_joins_the_antrag_in_its_vorgang(tmp_path):
    welt = helfer.welt(tmp_path)
    admin = f.fachadmin()
    with pytest.raises(ValidationError) as fehler:
        _anlegen(admin, welt.leistung, text_bewilligt="{{antrag.F12345678}}")
    assert "F12345678" in fehler.value.message_dict["text_bewilligt"][0]
    with pytest.raises(ValidationError):
        _anlegen(admin, welt.leistung, text_bewilligt="{{antrag.G99000000002.F12345678}}")
    _anlegen(
        admin,
        welt.leistung,
        text_bewilligt=(
            "Name: {{antrag.F99000000001}}, Vorname: {{antrag.G99000000001.F99000000002}}, "
            "geboren {{antrag.F99000000003}}, Zustimmung: {{antrag.F99000000011}}, "
            "leer: [{{antrag.G99000000002.F99000000001}}]"
        ),
    )
    buerger = helfer.buerger()
    antrag, v = _verfahren_aus_antrag(welt, buerger)
    team = h.team()
    for user in (team.sb1, team.leitung1):
        rolle = Rolle.SACHBEARBEITUNG if user == team.sb1 else Rolle.LEITUNG
        mitgliedschaft_add(
            user=user, organisationseinheit=v.organisationseinheit, rolle=rolle, actor="t"
        )
    v = h.entscheiden(v, team)
    bescheid = Bescheid.objects.get(verfahren=v)
    text = h.pdf_text(h.pdf_bytes(bescheid))
    assert "Name: Musterfrau, Vorname: Erika, geboren 17.05.1980, Zustimmung: Ja" in text
    assert "leer: []" in text
    erstellt = Protokoll.objects.get(aktion="verfahren.bescheid.erstellt", objekt_id=str(v.pk))
    assert erstellt.details["leere_platzhalter"] == ["antrag.G99000000002.F99000000001"]
    # One Vorgang for the Antrag and its Bescheid: the one the E-Akte consumer opened.
    antrag_dokument = bescheid.dokument.vorgang.dokumente.get(art="eingang")
    assert antrag_dokument.betreff == f"Antrag {antrag.aktenzeichen}"


def test_platzhalter_werte_in_nested_and_repeated_groups():
    daten = {
        "G1": [{"F1": "a", "G2": {"F3": "x"}}, {"F1": "b", "G2": {"F3": ""}}],
        "F9": None,
        "G3": {"F1": "c", "F3": ["y", "z"]},
    }
    pfad = platzhalter.AntragPfad
    # Without a path: every occurrence anywhere, in the order of the data.
    assert platzhalter.antrag_werte(daten, pfad((), "F1")) == ["a", "b", "c"]
    assert platzhalter.antrag_werte(daten, pfad(("G3",), "F1")) == ["c"]
    assert platzhalter.antrag_werte(daten, pfad(("G1", "G2"), "F3")) == ["x"]
    assert platzhalter.antrag_werte(daten, pfad((), "F3")) == ["x", "y", "z"]
    assert platzhalter.antrag_werte(daten, pfad((), "F9")) == []
    assert platzhalter.antrag_werte("kaputt", pfad((), "F1")) == []


# --- Admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = User.objects.create_user("fachadmin", password=None, is_staff=True)
    mitgliedschaft_add(
        user=user, organisationseinheit=f.organisationseinheit("IT"),
        rolle=Rolle.FACHADMINISTRATION, actor="t",
    )  # fmt: skip
    mit_zweitem_faktor(client, user)
    return client


def _formular(**aenderungen):
    return {**GUT, "leistung": "", "aktiv": "on", **aenderungen}


def test_admin_saves_through_the_service_and_shows_placeholder_errors(admin_client):
    leistung = f.leistung()
    url = "/admin/verfahren/bescheidvorlage/add/"
    antwort = admin_client.post(url, _formular(leistung=leistung.pk, text_bewilligt="{{boese}}"))
    assert antwort.status_code == 200
    assert "„{{boese}}“ ist kein bekannter Platzhalter" in antwort.content.decode()
    assert not BescheidVorlage.objects.filter(leistung=leistung).exists()

    antwort = admin_client.post(url, _formular(leistung=leistung.pk))
    assert antwort.status_code == 302
    vorlage = BescheidVorlage.objects.get(leistung=leistung)
    eintrag = Protokoll.objects.get(aktion="verfahren.bescheidvorlage.create")
    assert eintrag.akteur_name == "fachadmin" and eintrag.objekt_id == str(vorlage.pk)

    aendern = f"/admin/verfahren/bescheidvorlage/{vorlage.pk}/change/"
    seite = admin_client.get(aendern).content.decode()
    assert "{{antrag.&lt;FIM-ID&gt;}}" in seite  # the documented placeholders
    antwort = admin_client.post(aendern, _formular(text_abgelehnt="Abgelehnt: {{begruendung}}"))
    assert antwort.status_code == 302
    vorlage.refresh_from_db()
    assert (vorlage.version, vorlage.leistung) == (2, leistung)
    assert vorlage.text_abgelehnt == "Abgelehnt: {{begruendung}}"
    assert (
        admin_client.post(f"/admin/verfahren/bescheidvorlage/{vorlage.pk}/delete/").status_code
        == 403
    )


def test_admin_refuses_staff_without_fachadministration(client):
    mit_zweitem_faktor(client, User.objects.create_superuser("it", password=None))
    assert client.get("/admin/verfahren/bescheidvorlage/").status_code == 403
    assert client.post("/admin/verfahren/bescheidvorlage/add/", _formular()).status_code == 403
    assert BescheidVorlage.objects.count() == 1


def test_default_vorlage_is_installed_again_where_none_exists():
    """A database emptied after migrating (e.g. a test flush) still makes Bescheide."""
    BescheidVorlage.objects.all().delete()
    vorlage = vorlage_fuer(leistung=f.leistung())
    assert vorlage is not None and vorlage.leistung is None and vorlage.aktiv
    assert "Widerspruch" in vorlage.rechtsbehelfsbelehrung
    assert Protokoll.objects.filter(aktion="verfahren.bescheidvorlage.create").count() == 1
    assert vorlage_fuer(leistung=f.leistung()).pk == vorlage.pk  # installed once
