"""`rathaus fitconnect_testserver`: the local FIT-Connect test server for a development
installation, on 127.0.0.1 only. It creates the city's destination with fresh keys (written
as a private JWKS file readable only by the current user), a subscriber and a sender
client, prints the RATHAUS_FITCONNECT_* settings to start the site with, and serves until
Ctrl+C. With --demo N it sends N submissions of the first published Formular that has a
Leistung (data valid against its JSON Schema)."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from joserfc.jwk import RSAKey

from rathaus.fitconnect.testserver import Absender, FitConnectTestserver, daten_aus_schema


class Command(BaseCommand):
    help = "Lokaler FIT-Connect-Testserver (nur Entwicklung, nur 127.0.0.1)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--demo", type=int, default=0, help="so viele Einreichungen senden")

    def handle(self, *args: Any, port: int, demo: int, **options: Any) -> None:
        server = FitConnectTestserver(key_bits=4096)
        url = server.start(port=port)
        enc = RSAKey.generate_key(4096, parameters={"kid": "dev-enc-1", "alg": "RSA-OAEP-256"})
        sig = RSAKey.generate_key(4096, parameters={"kid": "dev-sig-1", "alg": "PS512"})
        secret = secrets.token_urlsafe(32)
        leika = self._leika()
        dest = server.destination_add(
            encryption_keys=[enc], signing_keys=[sig], leika=leika, callback_secret=secret
        )
        cid, csecret = server.client_add(f"subscribe:destination:{dest}")
        sid, ssecret = server.client_add("send:region:DE13")
        ordner = Path(settings.DATA_DIR) / "fitconnect-dev"
        ordner.mkdir(parents=True, exist_ok=True)
        datei = ordner / "schluessel.jwks.json"
        datei.write_text(
            json.dumps({"keys": [enc.as_dict(private=True), sig.as_dict(private=True)]})
        )
        os.chmod(datei, 0o600)
        werte = {
            "RATHAUS_FITCONNECT_DESTINATION_ID": dest,
            "RATHAUS_FITCONNECT_SCHLUESSEL_DATEIEN": str(datei),
            "RATHAUS_FITCONNECT_TOKEN_URL": f"{url}/token",
            "RATHAUS_FITCONNECT_CLIENT_ID": cid,
            "RATHAUS_FITCONNECT_CLIENT_SECRET": csecret,
            "RATHAUS_FITCONNECT_SENDER_CLIENT_ID": sid,
            "RATHAUS_FITCONNECT_SENDER_CLIENT_SECRET": ssecret,
            "RATHAUS_FITCONNECT_SUBMISSION_URL": url,
            "RATHAUS_FITCONNECT_ROUTING_URL": f"{url}/routing/v1",
            "RATHAUS_FITCONNECT_CALLBACK_SECRET": secret,
        }
        for k, v in werte.items():
            self.stdout.write(f"export {k}={v}")
        if demo:
            self._demo(server, dest, demo)
        self.stdout.write(f"FIT-Connect-Testserver läuft auf {url} (Strg+C beendet).")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()

    def _leika(self) -> list[str]:
        from rathaus.formulare.selectors import formulare_veroeffentlicht

        return sorted(
            {
                f.leistung.leika_schluessel
                for f in formulare_veroeffentlicht()
                if f.leistung and f.leistung.leika_schluessel
            }
        )[:500] or ["99000000000000"]

    def _demo(self, server: FitConnectTestserver, dest: str, anzahl: int) -> None:
        from rathaus.formulare.selectors import formulare_veroeffentlicht, json_schema_of

        formular = next(
            (f for f in formulare_veroeffentlicht() if f.leistung and f.leistung.leika_schluessel),
            None,
        )
        if formular is None:
            self.stderr.write("Kein veröffentlichtes Formular mit Leistung: keine Demo.")
            return
        leistung = formular.leistung
        assert leistung is not None and leistung.leika_schluessel
        schema = json_schema_of(formular=formular)
        absender = Absender(server)
        for _ in range(anzahl):
            g = absender.senden(
                destination_id=dest,
                daten=daten_aus_schema(schema),
                schema_uri=str(schema.get("$id", "")),
                leika=leistung.leika_schluessel,
                leistung_name=leistung.name,
            )
            self.stdout.write(f"Einreichung {g.submission_id} gesendet.")
