"""The intake record (Eingang) and real foreign keys from a Verfahren to its Antrag and its
Vorgang, in place of the integer, the generic reference and the Aktenzeichen string."""

import django.db.models.deletion
from django.db import migrations, models


def verweise_fuellen(apps, schema_editor):
    """Link every Verfahren to its Antrag and its Vorgang. Refused, naming the Verfahren,
    where either cannot be found (a Verfahren whose E-Akte filing is still pending: deliver
    the outbox first, `rathaus outbox`, then migrate again): nothing is changed then."""
    Verfahren = apps.get_model("verfahren", "Verfahren")
    Antrag = apps.get_model("antraege", "Antrag")
    Vorgang = apps.get_model("akten", "Vorgang")
    fehlt = []
    for v in Verfahren.objects.all().iterator():
        antrag_pk = v.antrag_objekt_id or v.antrag_id
        antrag = Antrag.objects.filter(pk=antrag_pk).first()
        if v.vorgang_id:
            vorgang = Vorgang.objects.filter(pk=v.vorgang_id).first()
        else:
            vorgang = Vorgang.objects.filter(verfahren_ref=v.aktenzeichen).order_by("pk").first()
        if antrag is None or vorgang is None:
            fehlt.append(f"{v.aktenzeichen} ({'Antrag' if antrag is None else 'Vorgang'})")
            continue
        v.antrag_neu_id, v.vorgang_neu_id = antrag.pk, vorgang.pk
        v.save(update_fields=["antrag_neu", "vorgang_neu"])
    if fehlt:
        raise RuntimeError(
            "Verfahren ohne auffindbaren Antrag oder Vorgang: "
            + ", ".join(fehlt[:20])
            + ". Zuerst die Outbox zustellen (rathaus outbox), dann erneut migrieren."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("akten", "0006_suchindex_toast"),
        ("antraege", "0004_outbox_nach_core"),
        ("organisation", "0003_erste_anlaufstelle"),
        ("verfahren", "0004_widerspruchsfrist_standardvorlage"),
    ]

    operations = [
        migrations.CreateModel(
            name="Eingang",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "erstellt_am",
                    models.DateTimeField(auto_now_add=True, verbose_name="erstellt am"),
                ),
                ("geaendert_am", models.DateTimeField(auto_now=True, verbose_name="geändert am")),
                (
                    "erledigt",
                    models.JSONField(blank=True, default=dict, verbose_name="erledigte Schritte"),
                ),
                (
                    "abgeschlossen_am",
                    models.DateTimeField(blank=True, null=True, verbose_name="abgeschlossen am"),
                ),
                (
                    "antrag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="antraege.antrag",
                        verbose_name="Antrag",
                    ),
                ),
                (
                    "organisationseinheit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.organisationseinheit",
                        verbose_name="Organisationseinheit",
                    ),
                ),
                (
                    "vorgang",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="akten.vorgang",
                        verbose_name="Vorgang (E-Akte)",
                    ),
                ),
            ],
            options={"verbose_name": "Antragseingang", "verbose_name_plural": "Antragseingänge"},
        ),
        migrations.AddField(
            model_name="verfahren",
            name="antrag_neu",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="antraege.antrag",
            ),
        ),
        migrations.AddField(
            model_name="verfahren",
            name="vorgang_neu",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="akten.vorgang",
            ),
        ),
        migrations.RunPython(verweise_fuellen, migrations.RunPython.noop),
        migrations.RemoveField(model_name="verfahren", name="antrag_typ"),
        migrations.RemoveField(model_name="verfahren", name="antrag_objekt_id"),
        migrations.RemoveField(model_name="verfahren", name="antrag_id"),
        migrations.RemoveField(model_name="verfahren", name="vorgang_id"),
        migrations.RenameField(model_name="verfahren", old_name="antrag_neu", new_name="antrag"),
        migrations.RenameField(model_name="verfahren", old_name="vorgang_neu", new_name="vorgang"),
        migrations.AlterField(
            model_name="verfahren",
            name="antrag",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="verfahren",
                to="antraege.antrag",
                verbose_name="Antrag",
            ),
        ),
        migrations.AlterField(
            model_name="verfahren",
            name="vorgang",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="verfahren",
                to="akten.vorgang",
                verbose_name="Vorgang (E-Akte)",
            ),
        ),
    ]
