"""Text helpers for Norwegian content."""

from __future__ import annotations

from django.utils.text import slugify

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})


def slugify_nb(text: str, *, max_length: int = 100) -> str:
    """A URL slug that keeps Norwegian letters readable: «miljø» → «miljo», not «milj»."""
    return slugify(text.translate(_NORWEGIAN_LETTERS))[:max_length].strip("-")
