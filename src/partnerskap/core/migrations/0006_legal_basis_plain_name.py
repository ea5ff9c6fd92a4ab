"""A plain name beside each legal basis's paragraph («kommuneloven § 11-5 andre ledd bokstav a
– personalsak»), filled for the maintained list; the secretariat can correct it as data."""

from django.db import migrations, models

PLAIN_NAMES = {
    "kl-11-5-2-a": "personalsak",
    "kl-11-5-2-b": "taushetsplikt",
    "kl-11-5-3-a": "personvern",
    "kl-11-5-3-b": "tungtveiende offentlige interesser",
    "offl-13": "taushetsplikt",
    "offl-14": "organinterne dokumenter",
    "offl-15": "innhentet til intern saksforberedelse",
}


def fill(apps, schema_editor):
    LegalBasis = apps.get_model("core", "LegalBasis")
    for code, name in PLAIN_NAMES.items():
        LegalBasis.objects.filter(code=code, plain_name="").update(plain_name=name)


def empty(apps, schema_editor):
    apps.get_model("core", "LegalBasis").objects.filter(code__in=PLAIN_NAMES).update(
        plain_name=""
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_exempt_access_log")]
    operations = [
        migrations.AddField(
            model_name="legalbasis",
            name="plain_name",
            field=models.CharField(
                blank=True,
                help_text="What the ground is about, in plain words: «personalsak», «taushetsplikt».",
                max_length=100,
                verbose_name="plain name",
            ),
        ),
        migrations.RunPython(fill, empty),
    ]
