"""The System, the bodies (one per public partnership) and their legislative term."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from partnerskap.agreements.models import Partnership
from partnerskap.oparl import schema
from partnerskap.oparl.addresses import LISTS, Urls
from partnerskap.oparl.mapping.common import day, label, stamp


def system(*, urls: Urls, created: dt.datetime, modified: dt.datetime) -> schema.System:
    return schema.System(
        id=urls.system(),
        body=urls.bodies(),
        name="Partnerskap",
        website=urls.web_home(),
        web=urls.web_home(),
        created=stamp(created),
        modified=stamp(modified),
    )


def body(partnership: Partnership, *, urls: Urls) -> schema.Body:
    pk = partnership.pk
    lists = {prop: urls.list(pk, segment) for prop, (_type, segment) in LISTS.items()}
    return schema.Body(
        id=urls.body(pk),
        system=urls.system(),
        name=partnership.name,
        classification=label(Partnership._meta.verbose_name),
        organization=lists["organization"],
        person=lists["person"],
        meeting=lists["meeting"],
        paper=lists["paper"],
        agenda_item=lists["agendaItem"],
        consultation=lists["consultation"],
        file=lists["file"],
        membership=lists["membership"],
        location_list=lists["locationList"],
        legislative_term_list=lists["legislativeTermList"],
        legislative_term=[legislative_term(partnership, urls=urls)],
        web=urls.web("partnership", partnership.slug),
        created=stamp(partnership.created),
        modified=stamp(partnership.modified),
    )


def legislative_term(partnership: Partnership, *, urls: Urls) -> schema.LegislativeTerm:
    """The agreement period (A18) is the body's one legislative term."""
    return schema.LegislativeTerm(
        id=urls.legislative_term(partnership.pk),
        body=urls.body(partnership.pk),
        name=_("Agreement period %(start)d–%(end)d")
        % {"start": partnership.period_start.year, "end": partnership.period_end.year},
        start_date=day(partnership.period_start),
        end_date=day(partnership.period_end),
        created=stamp(partnership.created),
        modified=stamp(partnership.modified),
    )
