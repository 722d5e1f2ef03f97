"""Bad, foreign and hostile input to the Aussonderung: a clear error, nothing changed."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from rathaus.akten import aussonderung as a
from rathaus.akten import services
from rathaus.akten.models import Aussonderungsposten, Aussonderungsvorgang, Dokument, Loeschnachweis
from rathaus.core.models import Protokoll

from . import factories as f
from .aussonderung_helfer import ACTOR, XSD, Uhr, bewertung_0502, geschlossene_akte, import_0506

pytestmark = [pytest.mark.django_db, XSD]
P = Aussonderungsposten.Status

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xdomea:Aussonderung.Bewertungsverzeichnis.0502 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
&xxe;</xdomea:Aussonderung.Bewertungsverzeichnis.0502>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xdomea:Aussonderung.AussonderungImportBestaetigen.0506
 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">&b;</xdomea:Aussonderung.AussonderungImportBestaetigen.0506>"""


@pytest.fixture
def angebot(monkeypatch) -> tuple[Aussonderungsvorgang, dict[str, uuid.UUID], Uhr]:
    uhr = Uhr(monkeypatch)
    geschlossene_akte(art="B", betreff="Eins", kennzeichen="32.5", anlage=False)
    geschlossene_akte(art="B", betreff="Zwei", kennzeichen="32.5", anlage=False)
    uhr.jahre(3)
    vorgang, _ = a.aussonderung_anbieten(actor=ACTOR)
    ids = {p.akte.betreff: p.xdomea_id for p in vorgang.posten.select_related("akte")}
    return vorgang, ids, uhr


def _stand() -> tuple:
    return (
        Protokoll.objects.count(),
        sorted(Aussonderungsposten.objects.values_list("pk", "status")),
        sorted(Aussonderungsvorgang.objects.values_list("pk", "status", "eingaenge")),
        Dokument.objects.count(),
        Loeschnachweis.objects.count(),
    )


def _abgegeben(angebot) -> Aussonderungsvorgang:
    vorgang, ids, _uhr = angebot
    a.aussonderung_bewerten(
        inhalt=bewertung_0502(vorgang, dict.fromkeys(ids.values(), "A")), dateiname="b", actor=ACTOR
    )
    vorgang, _name, _zip = a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    return vorgang


@pytest.mark.parametrize(
    ("inhalt", "erwartet"),
    [
        (b"<kaputt", "not well-formed"),
        (b"", "not well-formed|empty"),
        (XXE, "DOCTYPE"),
        (b"<?xml version='1.0'?><foo xmlns='urn:fremd'/>", "foo|namespace|xdomea"),
    ],
    ids=["malformed", "empty", "xxe", "foreign-root"],
)
def test_hostile_0502_is_refused_naming_the_file(angebot, inhalt, erwartet):
    _vorgang, _ids, _uhr = angebot
    vorher = _stand()
    with pytest.raises(ValidationError, match=erwartet) as error:
        a.aussonderung_bewerten(inhalt=inhalt, dateiname="archiv/0502.xml", actor=ACTOR)
    assert "archiv/0502.xml" in error.value.messages[0]
    assert _stand() == vorher


def test_0502_of_a_foreign_process_is_refused(angebot):
    _vorgang, ids, _uhr = angebot
    fremd = Aussonderungsvorgang(prozess_id=uuid.uuid4())
    vorher = _stand()
    with pytest.raises(ValidationError, match="ProzessID"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(fremd, dict.fromkeys(ids.values(), "A")),
            dateiname="x",
            actor=ACTOR,
        )
    assert _stand() == vorher


def test_0502_with_unknown_or_missing_records_is_refused(angebot):
    vorgang, ids, _uhr = angebot
    vorher = _stand()
    unbekannt = {ids["Eins"]: "A", ids["Zwei"]: "V", uuid.uuid4(): "A"}
    with pytest.raises(ValidationError, match="BewertetesObjekt/xdomea:ID: nicht angeboten"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(vorgang, unbekannt), dateiname="x", actor=ACTOR
        )
    with pytest.raises(ValidationError, match="ohne Entscheidung"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(vorgang, {ids["Eins"]: "A"}), dateiname="x", actor=ACTOR
        )
    with pytest.raises(ValidationError, match="ohne Entscheidung"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(vorgang, {ids["Eins"]: "A", ids["Zwei"]: "B"}),
            dateiname="x",
            actor=ACTOR,
        )
    assert _stand() == vorher


def test_0502_for_an_akte_whose_retention_has_not_ended_is_refused(angebot):
    vorgang, ids, _uhr = angebot
    # An Akte not due is unknown to the offer ...
    jung = geschlossene_akte(art="B", jahre=30, betreff="Jung", anlage=False)
    fremde_id = a.xdomea_id("akte", jung.pk)
    vorher = _stand()
    with pytest.raises(ValidationError, match="nicht angeboten"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(vorgang, {**dict.fromkeys(ids.values(), "A"), fremde_id: "V"}),
            dateiname="x",
            actor=ACTOR,
        )
    # ... and an offered Akte reopened meanwhile is no longer due.
    chef = f.user(perms=("akten.reopen_akte",))
    eins = vorgang.posten.get(akte__betreff="Eins").akte
    services.akte_reopen(akte=eins, grund="Widerspruch", actor=chef)
    vorher = _stand()
    with pytest.raises(ValidationError, match="Aufbewahrungsfrist"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(vorgang, dict.fromkeys(ids.values(), "A")),
            dateiname="x",
            actor=ACTOR,
        )
    assert _stand() == vorher


def test_same_0502_twice_is_idempotent_a_different_one_refused(angebot):
    vorgang, ids, _uhr = angebot
    datei = bewertung_0502(vorgang, {ids["Eins"]: "A", ids["Zwei"]: "V"})
    a.aussonderung_bewerten(inhalt=datei, dateiname="x", actor=ACTOR)
    vorher = _stand()
    a.aussonderung_bewerten(inhalt=datei, dateiname="x", actor=ACTOR)
    assert _stand() == vorher
    with pytest.raises(ValidationError, match="bereits bewertet"):
        a.aussonderung_bewerten(
            inhalt=bewertung_0502(vorgang, dict.fromkeys(ids.values(), "A")),
            dateiname="x",
            actor=ACTOR,
        )
    assert _stand() == vorher


@pytest.mark.parametrize("inhalt", [b"<kaputt", XXE.replace(b"0502", b"0506"), LAUGHS])
def test_hostile_0506_is_refused(angebot, inhalt):
    _abgegeben(angebot)
    vorher = _stand()
    with pytest.raises(ValidationError, match=r"0506\.xml"):
        a.aussonderung_bestaetigen(inhalt=inhalt, dateiname="0506.xml", actor=ACTOR)
    assert _stand() == vorher


def test_confirmation_for_a_record_never_handed_over_deletes_nothing(angebot):
    vorgang = _abgegeben(angebot)
    ids = dict(vorgang.posten.values_list("akte__betreff", "xdomea_id"))
    vorher = _stand()
    with pytest.raises(ValidationError, match="IDSGO: nie abgegeben"):
        a.aussonderung_bestaetigen(
            inhalt=import_0506(vorgang.prozess_id, {ids["Eins"]: "Nr. 1", uuid.uuid4(): "Nr. 2"}),
            dateiname="x",
            actor=ACTOR,
        )
    assert _stand() == vorher


def test_confirmation_before_hand_over_or_foreign_is_refused(angebot):
    vorgang, ids, _uhr = angebot
    vorher = _stand()
    with pytest.raises(ValidationError, match="noch nichts abgegeben"):
        a.aussonderung_bestaetigen(
            inhalt=import_0506(vorgang.prozess_id, {ids["Eins"]: "Nr. 1"}),
            dateiname="x",
            actor=ACTOR,
        )
    with pytest.raises(ValidationError, match="ProzessID"):
        a.aussonderung_bestaetigen(
            inhalt=import_0506(uuid.uuid4(), {ids["Eins"]: "Nr. 1"}), dateiname="x", actor=ACTOR
        )
    assert _stand() == vorher


def test_a_part_refused_keeps_the_whole_akte(angebot):
    vorgang = _abgegeben(angebot)
    from rathaus.standards import xdomea

    container = xdomea.read_aussonderung_0503(vorgang.aussonderung_xml.encode())
    eins = next(o for o in container.schriftgutobjekte if o.betreff == "Eins")
    dokument_id = xdomea.iter_schriftgutobjekte((eins,))[-1].id
    vorgang, nachweise = a.aussonderung_bestaetigen(
        inhalt=import_0506(vorgang.prozess_id, {eins.id: "Nr. 1", dokument_id: None}),
        dateiname="x",
        actor=ACTOR,
    )
    assert nachweise == []
    assert vorgang.posten.get(akte__betreff="Eins").status == P.ABGELEHNT


def test_changed_content_is_not_handed_over(angebot, _private_media):
    vorgang, ids, _uhr = angebot
    a.aussonderung_bewerten(
        inhalt=bewertung_0502(vorgang, dict.fromkeys(ids.values(), "A")), dateiname="b", actor=ACTOR
    )
    version = Dokument.objects.filter(vorgang__akte__betreff="Zwei").first().versionen.get()
    pfad = _private_media / version.blob.speichername
    pfad.write_bytes(pfad.read_bytes() + b"manipuliert")
    vorher = _stand()
    with pytest.raises(ValidationError, match="verändert"):
        a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    assert _stand() == vorher
    pfad.unlink()
    with pytest.raises(ValidationError, match="fehlt"):
        a.aussonderung_abgeben(vorgang=vorgang, actor=ACTOR)
    assert _stand() == vorher


def test_command_reports_the_file_and_writes_nothing(angebot, tmp_path):
    datei = tmp_path / "boese.xml"
    datei.write_bytes(XXE)
    with pytest.raises(CommandError, match=r"boese\.xml.*DOCTYPE"):
        call_command("aussonderung", "bewertung", str(datei))
    with pytest.raises(CommandError, match="nicht lesbar"):
        call_command("aussonderung", "bestaetigung", str(tmp_path / "fehlt.xml"))
    with pytest.raises(CommandError, match="Keine bewertete"):
        call_command("aussonderung", "abgeben", "--out", str(tmp_path / "aus"))
    assert not (tmp_path / "aus").exists()
