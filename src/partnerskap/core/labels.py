"""The translated labels of stored choices, for templates (``{{ value|label:"group" }}``).

Each app registers its choice groups from its own ``AppConfig.ready()``
(``labels.register(meeting_status=Meeting.Status, …)``), so ``core`` names no app's models.
Labels are built once per language (they are static).
"""

from __future__ import annotations

import functools

from django.db.models import Choices
from django.utils.translation import override

_groups: dict[str, type[Choices]] = {}


class UnknownLabelGroupError(KeyError):
    pass


def register(**groups: type[Choices]) -> None:
    """Make each choice class available by its group name. A name is one group: registering
    another class under a taken name is an error."""
    for name, choices in groups.items():
        if _groups.get(name, choices) is not choices:
            msg = f"The label group {name!r} is registered already"
            raise ValueError(msg)
        _groups[name] = choices
    _labels_in.cache_clear()


def groups() -> dict[str, type[Choices]]:
    return dict(_groups)


@functools.cache
def _labels_in(language: str | None) -> dict[str, dict[str, str]]:
    with override(language):
        return {
            name: {str(value): str(text) for value, text in choices.choices}
            for name, choices in _groups.items()
        }


def label(value: object, group: str, language: str | None) -> str:
    """The label of ``value`` in ``group`` in ``language``; an unknown value is shown as is."""
    try:
        labels = _labels_in(language)[group]
    except KeyError:
        msg = f"No label group {group!r}; register it in the app's ready()"
        raise UnknownLabelGroupError(msg) from None
    return labels.get(str(value), str(value))
