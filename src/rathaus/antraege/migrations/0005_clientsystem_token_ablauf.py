"""Tokens of client systems expire and can be rotated (issue 10). A client system that
exists already keeps its token for 365 days from this migration (the default validity of a
new token), not from its creation: an older system would otherwise stop at once, without
warning. The admin list shows the date; `rathaus clientsystem_token_rotate` replaces it."""

from datetime import datetime, timedelta

from django.db import migrations, models
from django.utils import timezone


def ein_jahr_ab_jetzt() -> datetime:
    return timezone.now() + timedelta(days=365)


class Migration(migrations.Migration):
    dependencies = [
        ("antraege", "0004_outbox_nach_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientsystem",
            name="gueltig_bis",
            field=models.DateTimeField(
                default=ein_jahr_ab_jetzt, editable=False, verbose_name="Token gültig bis"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="clientsystem",
            name="token_widerrufen_am",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="Token widerrufen am"
            ),
        ),
        migrations.AddField(
            model_name="clientsystem",
            name="vorheriger_token_gueltig_bis",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="vorheriges Token gültig bis"
            ),
        ),
        migrations.AddField(
            model_name="clientsystem",
            name="vorheriger_token_praefix",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=12,
                verbose_name="Präfix des vorherigen Tokens",
            ),
        ),
        migrations.AddField(
            model_name="clientsystem",
            name="vorheriger_token_sha256",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=64
            ),
        ),
    ]
