"""Routing API: /routes by LeiKa key and ARS/AGS, with the signed destination."""

from __future__ import annotations

import re

from .basis import _Basis, _Fehler


class RoutingEndpunkte(_Basis):
    def routes(self, query: dict[str, str]) -> None:
        leika = query.get("leikaKey", "")
        if not re.fullmatch(r"99\d{12}", leika):
            raise _Fehler(400, "leikaKey")
        gebiet = query.get("ars") or query.get("ags") or ""
        if not gebiet:
            raise _Fehler(400, "ars oder ags")
        ts = self.testserver
        treffer = [
            r
            for r in ts.routes
            if r["leika"] == leika and gebiet.startswith(r["ars"][: len(gebiet)])
        ]
        self._antwort(
            200,
            {
                "count": len(treffer),
                "offset": 0,
                "totalCount": len(treffer),
                "routes": [
                    {
                        "destinationId": r["destinationId"],
                        "destinationSignature": ts.routing_signatur(r["destinationId"]),
                        "destinationName": r["name"],
                    }
                    for r in treffer
                ],
            },
        )
