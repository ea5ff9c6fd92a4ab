"""Every write to documents: uploads and versions (``uploads``), text extraction (``text``) and
generated PDFs (``generated``)."""

from partnerskap.documents.services.generated import (
    annual_report_pdf_store,
    minutes_pdf_store,
    notice_pdf_store,
)
from partnerskap.documents.services.text import (
    document_file_extract_text,
    document_file_retry_extraction,
)
from partnerskap.documents.services.uploads import (
    Checked,
    Owner,
    check_upload,
    document_public_variant_set,
    document_update,
    document_upload,
    document_version_add,
)

__all__ = [
    "Checked",
    "Owner",
    "annual_report_pdf_store",
    "check_upload",
    "document_file_extract_text",
    "document_file_retry_extraction",
    "document_public_variant_set",
    "document_update",
    "document_upload",
    "document_version_add",
    "minutes_pdf_store",
    "notice_pdf_store",
]
