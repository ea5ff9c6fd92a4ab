# A notice issued again after the meeting changed: its version and the reason.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="version",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="Raised each time the notice is issued again after the meeting changed.",
                verbose_name="version",
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="change_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the notice was issued again: what changed about the meeting.",
                verbose_name="reason for the change",
            ),
        ),
    ]
