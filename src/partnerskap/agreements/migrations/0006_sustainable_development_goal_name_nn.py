"""The sustainable development goals' nynorsk names (issue 20: every page in nynorsk)."""

from django.db import migrations, models

NYNORSK = {
    1: "Utrydde fattigdom",
    2: "Utrydde svolt",
    3: "God helse og livskvalitet",
    4: "God utdanning",
    5: "Likestilling mellom kjønna",
    6: "Reint vatn og gode sanitærforhold",
    7: "Rein energi for alle",
    8: "Anstendig arbeid og økonomisk vekst",
    9: "Innovasjon og infrastruktur",
    10: "Mindre ulikskap",
    11: "Berekraftige byar og lokalsamfunn",
    12: "Ansvarleg forbruk og produksjon",
    13: "Stoppe klimaendringane",
    14: "Livet i havet",
    15: "Livet på land",
    16: "Fred, rettferd og velfungerande institusjonar",
    17: "Samarbeid for å nå måla",
}


def load(apps, schema_editor):
    Goal = apps.get_model("agreements", "SustainableDevelopmentGoal")
    for number, name in NYNORSK.items():
        Goal.objects.filter(number=number).update(name_nn=name)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_partnership_forfall_reminder_days")]

    operations = [
        migrations.AddField(
            model_name="sustainabledevelopmentgoal",
            name="name_nn",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Nynorsk)"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
