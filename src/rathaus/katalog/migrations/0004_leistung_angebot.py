"""A Leistung's page claims only what the system offers.

`reifegrad` and `online_dienst_url` were typed in and could contradict the system: a
Personalausweis "online" that led to an appointment, a real online form with no claim at
all. The maturity now follows from an active Formular (katalog.models.reifegrad_of), the
"Online beantragen" button leads to that Formular, and the one kind of external link that
stays is what most of those links were: the appointment booking (`termin_url`). A link is
kept as such when its address names an appointment ("termin"); any other typed online
link is dropped, since the portal no longer claims online services it does not run.

`name_buerger` (Leistungsbezeichnung II) holds the citizen-friendly name beside the LeiKa
name.
"""

from typing import Any

from django.db import migrations, models


def _termin_links(apps: Any, schema_editor: Any) -> None:
    Leistung = apps.get_model("katalog", "Leistung")
    for leistung in Leistung.objects.exclude(online_dienst_url="").only("pk", "online_dienst_url"):
        if "termin" in leistung.online_dienst_url.lower():
            Leistung.objects.filter(pk=leistung.pk).update(termin_url=leistung.online_dienst_url)


def _termin_links_back(apps: Any, schema_editor: Any) -> None:
    Leistung = apps.get_model("katalog", "Leistung")
    for leistung in Leistung.objects.exclude(termin_url="").only("pk", "termin_url"):
        Leistung.objects.filter(pk=leistung.pk).update(online_dienst_url=leistung.termin_url)


class Migration(migrations.Migration):
    dependencies = [("katalog", "0003_suchindex_backends")]

    operations = [
        migrations.AddField(
            model_name="leistung",
            name="name_buerger",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Bürgerfreundlicher Name, z. B. „Personalausweis beantragen“; leer: der "
                    "Name aus dem Leistungskatalog"
                ),
                max_length=300,
                verbose_name="Leistungsbezeichnung II",
            ),
        ),
        migrations.AddField(
            model_name="leistung",
            name="termin_url",
            field=models.URLField(
                blank=True,
                help_text="Adresse der Online-Terminbuchung für diese Leistung",
                verbose_name="Terminvereinbarung",
            ),
        ),
        migrations.RunPython(_termin_links, _termin_links_back),
        migrations.RemoveField(model_name="leistung", name="online_dienst_url"),
        migrations.RemoveField(model_name="leistung", name="reifegrad"),
    ]
