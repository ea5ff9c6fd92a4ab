"""Which written form a partnership's generated documents are in (språklova): its chosen
``Partnership.written_form``, bokmål or nynorsk; a neutral (språknøytral) partnership's follow the
site's default language when that is a Norwegian form, else bokmål. The documents are never in
English: they are the partnership's archived records."""

from __future__ import annotations

from django.conf import settings

from partnerskap.agreements.models import Partnership

NORWEGIAN = ("nb", "nn")


def document_language(partnership: Partnership) -> str:
    form = str(partnership.written_form)
    if form in NORWEGIAN:
        return form
    default = str(settings.LANGUAGE_CODE)
    return default if default in NORWEGIAN else "nb"
