"""The outbox moves to `rathaus.core` (its table is renamed, its rows stay); the sweep's
plan row goes to core's `Zeitplan`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("antraege", "0003_entwurf_anlage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("outbox", "core_outbox")],
            state_operations=[migrations.DeleteModel("Outbox")],
        ),
        migrations.DeleteModel("OutboxTakt"),
    ]
