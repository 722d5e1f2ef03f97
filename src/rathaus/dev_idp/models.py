from __future__ import annotations

from django.db import models


class AuthorizationCode(models.Model):
    """An issued authorization code; only its hash is stored. Used once, then burnt."""

    code_hash = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=200)
    redirect_uri = models.CharField(max_length=1000)
    person = models.CharField(max_length=100)
    scope = models.CharField(max_length=500)
    nonce = models.CharField(max_length=500, blank=True)
    code_challenge = models.CharField(max_length=200, blank=True)
    code_challenge_method = models.CharField(max_length=10, blank=True)
    auth_time = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"code for {self.person} ({self.client_id})"


class AccessToken(models.Model):
    token_hash = models.CharField(max_length=64, unique=True)
    code = models.ForeignKey(AuthorizationCode, on_delete=models.CASCADE, related_name="tokens")
    person = models.CharField(max_length=100)
    scope = models.CharField(max_length=500)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"access token for {self.person}"
