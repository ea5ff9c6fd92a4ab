"""The search index: one row per public thing that can be found.

Rows are derived data, written only by ``partnerskap.search.indexer`` from the public
selectors, so nothing exempt can reach them (L3, L8). The full-text part lives beside the
table and differs per database (see the migration ``0002_full_text``):

* PostgreSQL: a stored generated ``document tsvector`` column (``norwegian`` configuration,
  title weighted A, body B) with a GIN index;
* SQLite: an FTS5 table ``search_searchentry_fts`` whose rowid is the entry's id, holding
  Norwegian Snowball stems made in Python, and a trigger that deletes its row with the entry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import CooperationArea, Partnership, Party
from partnerskap.meetings.models import Meeting


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", _("agenda item")
        PROPOSAL = "proposal", _("proposal")
        MINUTES = "minutes", _("minutes")
        DOCUMENT = "document", _("document")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The meeting whose re-indexing refreshes this entry."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    areas = models.ManyToManyField(
        CooperationArea,
        verbose_name=_("cooperation areas"),
        blank=True,
        through="SearchEntryArea",
        related_name="+",
    )
    parties = models.ManyToManyField(
        Party,
        verbose_name=_("parties"),
        blank=True,
        through="SearchEntryParty",
        related_name="+",
        help_text=_("For a proposal: the parties whose bodies received it."),
    )
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        indexes = [models.Index(fields=["partnership", "year"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}: {self.title}"


class SearchEntryArea(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(CooperationArea, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "area"], name="search_entry_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.area_id}"


class SearchEntryParty(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "party"], name="search_entry_party_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.party_id}"
