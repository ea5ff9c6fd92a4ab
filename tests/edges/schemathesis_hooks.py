"""schemathesis hooks for tests/edges/test_schemathesis.py (``SCHEMATHESIS_HOOKS``).

``cursor`` is opaque: only a value the server wrote into a ``next`` link is valid, which no
schema can state. A schema-valid cursor that schemathesis made up is replaced by a real one of
that list (``PARTNERSKAP_CURSORS``, JSON path → cursor); schemathesis revalidates the case
after the hook, so what it expects stays right. Cursors outside the schema (empty, too long,
not a string) are sent as generated, and must be refused."""

from __future__ import annotations

import json
import os
from typing import Any

import schemathesis

CURSORS: dict[str, str] = json.loads(os.environ.get("PARTNERSKAP_CURSORS", "{}"))
MAX_CURSOR_LENGTH = 512


@schemathesis.hook
def before_call(_ctx: Any, case: Any, _kwargs: dict[str, Any]) -> None:
    query = case.query
    if not isinstance(query, dict) or "cursor" not in query:
        return
    value = query["cursor"]
    real = CURSORS.get(case.operation.path)
    if real and isinstance(value, str) and 1 <= len(value) <= MAX_CURSOR_LENGTH:
        query["cursor"] = real
