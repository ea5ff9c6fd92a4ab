import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_sustainable_development_goals"),
        ("meetings", "0004_location_accessibility"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingrequest",
            name="asked_by",
            field=models.CharField(
                blank=True,
                help_text="The person who asked on the party's behalf, with their role.",
                max_length=200,
                verbose_name="who asked",
            ),
        ),
        migrations.AddField(
            model_name="meetingrequest",
            name="requesting_body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agreements.electedbody",
                verbose_name="body that asked",
            ),
        ),
    ]
