from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import auth
from django.http import HttpRequest, HttpResponse

from rathaus.konten.selectors import ist_buergersitzung

from . import sitzung
from .selectors import ist_mitarbeiter

logger = logging.getLogger(__name__)


class MitarbeiterSitzungMiddleware:
    """End a staff session 12 h after the login or after 30 min without a request.

    Runs after AuthenticationMiddleware. Citizen sessions (they carry a Vertrauensniveau,
    see konten.SitzungsgrenzeMiddleware) are left alone. A staff account logged in
    elsewhere (the admin site) gets its limits from its first request on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if request.user.is_authenticated and not ist_buergersitzung(session=session):
            now = sitzung.jetzt()
            if sitzung.ist_mitarbeitersitzung(session):
                if sitzung.abgelaufen(session, now=now):
                    logger.info("staff session expired")
                    auth.logout(request)
                    session[sitzung.ABGELAUFEN] = True
                else:
                    sitzung.aktivitaet_vermerken(session, now=now)
            elif ist_mitarbeiter(user=request.user):
                sitzung.sitzung_beginnen(session)
        return self.get_response(request)
