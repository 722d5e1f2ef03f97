"""A citizen's submitted Antrag whose Verfahren runs, made through the services: submit,
deliver the outbox to the E-Akte and the Verfahren, let a clerk ask for documents."""

from __future__ import annotations

from django.contrib.auth.models import User

from rathaus.antraege import services as antraege_services
from rathaus.antraege.models import Antrag
from rathaus.antraege.selectors import idempotenzschluessel
from rathaus.antraege.tests import helfer
from rathaus.core import outbox as core_outbox
from rathaus.core.models import Outbox
from rathaus.konten.models import Buerger
from rathaus.organisation.models import Rolle
from rathaus.verfahren import services
from rathaus.verfahren.models import Aufgabe, Verfahren

from . import factories as f


def sachbearbeitung(welt: helfer.Welt, name: str = "sb") -> User:
    return f.user(f"{name}-{welt.amt.slug}", (welt.amt, Rolle.SACHBEARBEITUNG))


def leitung(welt: helfer.Welt, name: str = "leitung") -> User:
    return f.user(f"{name}-{welt.amt.slug}", (welt.amt, Rolle.LEITUNG))


def eingereicht(welt: helfer.Welt, buerger: Buerger) -> Antrag:
    entwurf = helfer.entwurf(welt.formular, buerger=buerger)
    return antraege_services.antrag_submit(
        entwurf=entwurf,
        actor=buerger.user,
        idempotency_key=idempotenzschluessel(entwurf=entwurf),
        buerger=buerger,
    ).antrag


def zustellen(antrag: Antrag, *empfaenger: str) -> None:
    for row in Outbox.objects.filter(key=str(antrag.pk), consumer__in=empfaenger).order_by("pk"):
        assert core_outbox.outbox_deliver(outbox_id=row.pk) == "zugestellt", row.last_error


def antrag_mit_verfahren(welt: helfer.Welt, buerger: Buerger) -> tuple[Antrag, Verfahren]:
    """Submitted and delivered: the Vorgang in the E-Akte exists, the Verfahren waits for
    its Vollständigkeitsprüfung."""
    antrag = eingereicht(welt, buerger)
    zustellen(antrag, "eingang")
    return antrag, Verfahren.objects.get(antrag_id=antrag.pk)


def erledigen(verfahren: Verfahren, user: User, ergebnis: dict) -> Verfahren:
    aufgabe = Aufgabe.objects.get(verfahren=verfahren, status=Aufgabe.Status.OFFEN)
    services.aufgabe_complete(aufgabe=aufgabe, actor=user, ergebnis=ergebnis)
    return Verfahren.objects.get(pk=verfahren.pk)


def bescheid_worker() -> None:
    """The worker makes the Bescheid the co-signature asked for (outbox "verfahren.bescheid")."""
    offen = Outbox.objects.filter(topic="verfahren.bescheid", delivered_at__isnull=True)
    for row in offen.order_by("pk"):
        ergebnis = core_outbox.outbox_deliver(outbox_id=row.pk)
        row.refresh_from_db()
        assert ergebnis == "zugestellt", row.last_error


def nachfordern(
    verfahren: Verfahren, user: User, text: str = "Bitte reichen Sie den Lageplan nach."
) -> Verfahren:
    verfahren = erledigen(
        verfahren, user, {"vollstaendigkeit": "unvollstaendig", "nachforderung": text}
    )
    assert verfahren.status == Verfahren.Status.WARTET
    return verfahren


def wartend(welt: helfer.Welt, buerger: Buerger) -> tuple[Antrag, Verfahren, User]:
    """An Antrag whose Verfahren waits for the citizen's answer to a Nachforderung."""
    antrag, verfahren = antrag_mit_verfahren(welt, buerger)
    sb = sachbearbeitung(welt)
    return antrag, nachfordern(verfahren, sb), sb


def verlauf(antrag: Antrag) -> list[str]:
    return list(
        antrag.status_eintraege.order_by("zeitpunkt", "id").values_list("status", flat=True)
    )
