"""Deleted objects (spec 2.8)."""

from __future__ import annotations

from partnerskap.oparl import schema
from partnerskap.oparl.addresses import Urls
from partnerskap.oparl.mapping.common import stamp
from partnerskap.oparl.models import Tombstone


def tombstone(row: Tombstone, *, urls: Urls) -> schema.Tombstone:
    return schema.Tombstone(
        id=urls.object(row.body_id, row.oparl_type, row.object_pk, row.kind),
        type=f"{schema.SCHEMA}{row.oparl_type}",
        created=stamp(row.created),
        modified=stamp(row.deleted_at),
    )
