"""Downloads: every stored file leaves through ``file`` and its access check (L8).

A file the reader may not have is a 404, whether it is exempt, internal, on a closed item or
does not exist: the answer never tells an outsider that something is there. The response names
the type found in the content (never the uploader's claim), forbids sniffing, and gives the
name per RFC 6266. Public files may be cached briefly; restricted ones never.
"""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from partnerskap.core.access import Surface, exempt_access_record
from partnerskap.documents import storage
from partnerskap.documents.filenames import content_disposition
from partnerskap.documents.models import DocumentFile
from partnerskap.documents.selectors import file_is_public
from partnerskap.documents.validation import TYPES
from partnerskap.people.policy import can_read_exempt

logger = logging.getLogger(__name__)
PUBLIC_MAX_AGE = 60


@require_safe
def file(request: HttpRequest, pk: int) -> HttpResponseBase:
    stored = get_object_or_404(
        DocumentFile.objects.defer("text", "text_error").select_related("document__partnership"),
        pk=pk,
    )
    public = file_is_public(stored)
    if not public:
        if not can_read_exempt(request.user, stored.document):
            raise Http404
        # Served only on the strength of exempt access: an exempt document's file, an internal
        # variant, a document of a closed item or of an agenda not yet public (L3, L8).
        exempt_access_record(
            user=request.user,
            target=stored,
            surface=Surface.DOWNLOAD,
            label=f"{stored.document_id} v{stored.version} {stored.variant}",
            partnership_id=stored.document.partnership_id,
            path=request.path,
        )
    etag = f'"{stored.sha256}"'
    conditional = get_conditional_response(request, etag=etag)
    if conditional is None:
        try:
            blob = storage.open_blob(stored.sha256)
        except FileNotFoundError:
            logger.error("Blob %s of document file %s is missing", stored.sha256, stored.pk)
            raise Http404 from None
        response: HttpResponseBase = FileResponse(blob, content_type=stored.content_type)
        response["Content-Length"] = str(stored.size)
        response["Content-Disposition"] = content_disposition(
            stored.filename, inline=TYPES[stored.kind].inline
        )
    else:
        response = conditional
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
