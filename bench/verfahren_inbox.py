"""Inbox of a clerk with 50,000 Verfahren in the database: p95 per page of 25 rows
(selector + evaluating every field as a template would), against a baseline of fetching
25 open Aufgaben of one unit by primary key order.

Target (Bearbeitung issue): p95 < 200 ms on PostgreSQL.
Run: `uv run python -m bench.verfahren_inbox` (DATABASE_URL selects PostgreSQL; use a
throw-away database: the data stays).
"""

from __future__ import annotations

import os
import random
import time
from datetime import timedelta

N_VERFAHREN = int(os.environ.get("BENCH_VERFAHREN", "50000"))
RUNS = 60


def _daten_anlegen(stamp: str) -> tuple[object, list[int], list[int]]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from rathaus.akten.tests import factories as akten_f
    from rathaus.antraege.models import Antrag
    from rathaus.katalog.models import Leistung
    from rathaus.organisation.models import Mitgliedschaft, Organisationseinheit, Rolle
    from rathaus.verfahren.models import Aufgabe, Verfahren
    from rathaus.verfahren.services import prozessmodell_fuer
    from rathaus.verfahren.tests import factories as verfahren_f

    rnd = random.Random(42)
    einheiten = Organisationseinheit.objects.bulk_create(
        Organisationseinheit(name=f"Bench-Amt {i}", slug=f"bench-{stamp}-{i}", art="amt")
        for i in range(20)
    )
    leistungen = Leistung.objects.bulk_create(
        Leistung(
            quelle=f"bench:{stamp}:{i}", name=f"Bench-Leistung {i:02d}", slug=f"bl-{stamp}-{i}"
        )
        for i in range(20)
    )
    leute = User.objects.bulk_create(User(username=f"bench-{stamp}-{i}") for i in range(40))
    clerk = leute[0]
    meine = einheiten[:2]
    Mitgliedschaft.objects.bulk_create(
        [
            Mitgliedschaft(user=clerk, organisationseinheit=oe, rolle=Rolle.SACHBEARBEITUNG)
            for oe in meine
        ]
        + [
            Mitgliedschaft(
                user=u, organisationseinheit=einheiten[i % 20], rolle=Rolle.SACHBEARBEITUNG
            )
            for i, u in enumerate(leute[1:], start=1)
        ]
    )
    modell = prozessmodell_fuer(leistung=leistungen[0])
    jetzt = timezone.now()
    # Every Verfahren has its Antrag (one-to-one) and a Vorgang; the inbox reads neither,
    # so the Anträge are bare rows and all share one Vorgang.
    formular = verfahren_f._formular()
    vorgang = akten_f.vorgang(betreff="Bench")
    for start in range(0, N_VERFAHREN, 5000):
        verfahren = []
        antraege = Antrag.objects.bulk_create(
            Antrag(
                aktenzeichen=f"B{stamp[-8:]}-{i:06d}",
                formular=formular,
                fim_id=formular.fim_id,
                kanal="web",
                daten={},
                daten_sha256="0" * 64,
                eingereicht_am=jetzt,
                idempotenzschluessel=f"bench:{stamp}:{i}",
                anfrage_sha256="0" * 64,
            )
            for i in range(start, min(N_VERFAHREN, start + 5000))
        )
        for i in range(start, min(N_VERFAHREN, start + 5000)):
            # 40 % of all Verfahren belong to the clerk's two units: a heavy inbox.
            oe = meine[i % 2] if rnd.random() < 0.4 else einheiten[rnd.randrange(2, 20)]
            eingang = jetzt - timedelta(days=rnd.randrange(0, 400), minutes=i % 1440)
            abgeschlossen = rnd.random() < 0.4
            verfahren.append(
                Verfahren(
                    aktenzeichen=f"B{stamp[-8:]}-{i:06d}",
                    antrag=antraege[i - start],
                    vorgang=vorgang,
                    leistung=leistungen[rnd.randrange(20)],
                    organisationseinheit=oe,
                    prozessmodell=modell,
                    zustand="{}",  # the inbox never reads the state
                    status="abgeschlossen" if abgeschlossen else "in_bearbeitung",
                    eingegangen_am=eingang,
                    abgeschlossen_am=eingang + timedelta(days=20) if abgeschlossen else None,
                )
            )
        Verfahren.objects.bulk_create(verfahren, batch_size=1000)
        aufgaben = []
        for v in verfahren:
            aufgaben.append(
                Aufgabe(
                    verfahren=v, task_id=f"{v.pk}-1", element_id="Vollstaendigkeitspruefung",
                    art="vollstaendigkeitspruefung", titel="Vollständigkeit prüfen",
                    rolle="sachbearbeitung", organisationseinheit_id=v.organisationseinheit_id,
                    status="erledigt", erledigt_am=v.eingegangen_am + timedelta(days=2),
                )
            )  # fmt: skip
            if v.status != "abgeschlossen":
                zugewiesen = rnd.random() < 0.3
                aufgaben.append(
                    Aufgabe(
                        verfahren=v, task_id=f"{v.pk}-2", element_id="Entscheidung",
                        art="entscheidung", titel="Prüfen und entscheiden", rolle="sachbearbeitung",
                        organisationseinheit_id=v.organisationseinheit_id,
                        bearbeiter=leute[rnd.randrange(40)] if zugewiesen else None,
                        faellig_am=(v.eingegangen_am + timedelta(days=rnd.randrange(3, 60))).date(),
                    )
                )  # fmt: skip
        Aufgabe.objects.bulk_create(aufgaben, batch_size=2000)
    return clerk, [oe.pk for oe in meine], [leistung.pk for leistung in leistungen]


def _render(seite) -> int:
    """What a template does with a page: read and format every field of every row."""
    teile = []
    for z in seite.zeilen:
        teile.append(
            f"{z.aktenzeichen}|{z.titel}|{z.leistung}|{z.organisationseinheit}|{z.bearbeiter}|"
            f"{z.alter_tage}|{z.faellig_am:%d.%m.%Y}|{z.eingegangen_am:%d.%m.%Y}|{z.ueberfaellig}"
        )
    return len("".join(teile))


def run() -> dict[str, float]:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bench.common import percentile, summary
    from rathaus.verfahren.models import Aufgabe
    from rathaus.verfahren.selectors import InboxFilter, inbox

    stamp = timezone.now().strftime("%H%M%S")
    start = time.perf_counter()
    clerk, meine, leistungen = _daten_anlegen(stamp)
    dauer = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE verfahren_verfahren; ANALYZE verfahren_aufgabe")
    offen = Aufgabe.objects.filter(organisationseinheit_id__in=meine, status="offen").count()
    print(
        f"verfahren inbox [{connection.vendor}]: {N_VERFAHREN} Verfahren generated in {dauer:.1f}s; "
        f"the clerk's units hold {offen} open Aufgaben"
    )
    varianten = {
        "due date, page 1": ({}, "faellig", 1),
        "oldest first, page 1": ({}, "alter", 1),
        "Leistung filter": ({"leistung_id": leistungen[3]}, "faellig", 1),
        "unassigned only": ({"nur_unzugewiesen": True}, "neueste", 1),
        "only mine": ({"nur_meine": True}, "faellig", 1),
        "one unit, by Aktenzeichen": ({"organisationseinheit_id": meine[0]}, "aktenzeichen", 1),
        "page 40": ({}, "faellig", 40),
    }
    alle: list[float] = []
    ergebnisse: dict[str, float] = {}
    for name, (filter_kwargs, sort, page) in varianten.items():
        zeiten = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            seite = inbox(user=clerk, filters=InboxFilter(**filter_kwargs), sort=sort, page=page)
            _render(seite)
            zeiten.append((time.perf_counter() - t0) * 1000)
        alle += zeiten
        ergebnisse[name] = percentile(zeiten, 95)
        print(f"  {name:28s} {summary(zeiten)}  ({seite.anzahl} rows match)")

    basis = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        list(
            Aufgabe.objects.filter(organisationseinheit_id=meine[0], status="offen")
            .order_by("pk")
            .values("pk", "titel")[:25]
        )
        basis.append((time.perf_counter() - t0) * 1000)
    p95, base95 = percentile(alle, 95), percentile(basis, 95)
    print(f"  baseline (25 open Aufgaben of one unit by pk): {summary(basis)}")
    print(
        f"  all variants: {summary(alle)}; ratio p95 inbox / baseline: {p95 / base95:.1f}x   "
        f"target p95 < 200 ms: {'PASS' if p95 < 200 else 'FAIL'}"
    )
    return {"p95_ms": p95, "baseline_p95_ms": base95, **ergebnisse}


if __name__ == "__main__":
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        from bench.common import prepared_environment

        os.environ.update(prepared_environment())
    run()
