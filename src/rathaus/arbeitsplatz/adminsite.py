"""The admin site behind the staff login.

The admin has no login form of its own: /admin/login/ sends to the workspace login
(name, password and code in one form, one answer for whichever is wrong, every failure
counted by django-axes and the name's backoff) and comes back to the admin page asked
for. A password posted to /admin/login/ is never read. Sessions without a verified second
factor stay outside, as with django-otp's OTPAdminSite.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from .zugang import weiter_url


class MitarbeiterAdminSite(OTPAdminSite):
    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:  # type: ignore[override]
        weiter = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        user = request.user
        if user.is_authenticated and user.is_verified():  # type: ignore[union-attr,attr-defined]
            if self.has_permission(request):
                return HttpResponseRedirect(weiter_url(request, weiter))
            # Logged in, but not for the admin: going back to the login would loop.
            return render(
                request,
                "arbeitsplatz/verboten.html",
                {
                    "meldung": _(
                        "Die Verwaltung ist nur für Beschäftigte mit Administrationsrechten."
                    )
                },
                status=403,
            )
        return HttpResponseRedirect(
            f"{reverse('arbeitsplatz:anmelden')}?{urlencode({'weiter': weiter})}"
        )
