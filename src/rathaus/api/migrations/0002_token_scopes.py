"""Personal tokens get scopes (issue 10). A new token reads only; the tokens that exist
already keep what they could do until now, reading and writing: an integration that
writes with its token must not stop silently on the day of the update. Such a token
expires within at most 365 days anyway and is then replaced by one whose scopes were
chosen on purpose; `rathaus api_token_list` shows each token's scopes."""

from typing import Any

from django.db import migrations, models

import rathaus.api.models

BISHER = ["verfahren:lesen", "verfahren:schreiben"]


def bisherige_rechte(apps: Any, schema_editor: Any) -> None:
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.update(scopes=BISHER)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(
                default=rathaus.api.models.scopes_standard,
                help_text="verfahren:lesen (GET, HEAD, OPTIONS), verfahren:schreiben (alle anderen)",
                verbose_name="Berechtigungen",
            ),
        ),
        # Going back drops the column; nothing to undo here.
        migrations.RunPython(bisherige_rechte, migrations.RunPython.noop, elidable=True),
    ]
