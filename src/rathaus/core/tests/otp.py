"""Test helper: a staff login with a verified second factor (TOTP), as the admin site and
the staff workspace require it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def mit_zweitem_faktor(client: Client, user: User) -> Client:
    """Log `user` in on `client` with a confirmed TOTP device marked as verified."""
    geraet = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if geraet is None:
        geraet = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = geraet.persistent_id
    session.save()
    return client
