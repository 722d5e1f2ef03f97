"""The outbox, moved here from `antraege` (table renamed there, taken over here), its
consumer column named `consumer`; one `Zeitplan` row per periodic job."""

from django.db import migrations, models


def inhaltstyp_umziehen(apps, schema_editor):
    """Protokoll entries and admin links keep pointing at the moved model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="outbox").exists():
        ContentType.objects.filter(app_label="antraege", model="outbox").update(app_label="core")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_protokoll_hashkette"),
        ("antraege", "0004_outbox_nach_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Outbox",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("topic", models.CharField(max_length=100, verbose_name="Thema")),
                        ("key", models.CharField(max_length=100, verbose_name="Schlüssel")),
                        (
                            "empfaenger",
                            models.CharField(max_length=50, verbose_name="Empfänger (Handler)"),
                        ),
                        (
                            "payload",
                            models.JSONField(blank=True, default=dict, verbose_name="Nutzdaten"),
                        ),
                        (
                            "attempts",
                            models.PositiveIntegerField(default=0, verbose_name="Versuche"),
                        ),
                        (
                            "next_attempt_at",
                            models.DateTimeField(verbose_name="nächster Versuch"),
                        ),
                        (
                            "last_error",
                            models.TextField(blank=True, verbose_name="letzter Fehler"),
                        ),
                        (
                            "delivered_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="zugestellt am"
                            ),
                        ),
                        (
                            "erstellt_am",
                            models.DateTimeField(auto_now_add=True, verbose_name="erstellt am"),
                        ),
                    ],
                    options={
                        "verbose_name": "Outbox-Eintrag",
                        "verbose_name_plural": "Outbox",
                        "ordering": ["id"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("delivered_at__isnull", True)),
                                fields=["next_attempt_at"],
                                name="antraege_outbox_faellig",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("topic", "key", "empfaenger"),
                                name="antraege_outbox_einmal",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RemoveConstraint(model_name="outbox", name="antraege_outbox_einmal"),
        migrations.RenameField(model_name="outbox", old_name="empfaenger", new_name="consumer"),
        migrations.AddConstraint(
            model_name="outbox",
            constraint=models.UniqueConstraint(
                fields=("topic", "key", "consumer"), name="core_outbox_einmal"
            ),
        ),
        migrations.RenameIndex(
            model_name="outbox", new_name="core_outbox_faellig", old_name="antraege_outbox_faellig"
        ),
        migrations.CreateModel(
            name="Zeitplan",
            fields=[
                ("name", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("geplant_fuer", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "Zeitplan", "verbose_name_plural": "Zeitpläne"},
        ),
        migrations.RunPython(inhaltstyp_umziehen, migrations.RunPython.noop),
    ]
