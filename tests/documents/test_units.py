"""File names and storage paths."""

from __future__ import annotations

import pytest

from partnerskap.documents import storage
from partnerskap.documents.filenames import content_disposition, sanitise_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Saksframlegg.pdf", "Saksframlegg.pdf"),
        ("rapport.PDF.exe", "rapport.PDF.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\kari\\Årsmelding 2022.docx", "Årsmelding 2022.pdf"),
        ("faktura\u202egpj.exe", "fakturagpj.pdf"),
        ('<script>"x"</script>.pdf', "script.pdf"),  # what follows the last «/»
        ("   ...   ", "dokument.pdf"),
        ("CON", "_CON.pdf"),
        ("a" * 400 + ".pdf", "a" * 146 + ".pdf"),
        ("navn\x00med\x1fkontroll.pdf", "navnmedkontroll.pdf"),
    ],
)
def test_names_are_sanitised_and_get_the_extension_of_the_content(name, expected):
    assert sanitise_filename(name, extension="pdf") == expected


def test_content_disposition_follows_rfc_6266():
    header = content_disposition('Møtebok «vår» "2022".pdf', inline=False)
    assert header.startswith('attachment; filename="Motebok var 2022.pdf"; ')
    assert header.endswith("filename*=UTF-8''M%C3%B8tebok%20%C2%ABv%C3%A5r%C2%BB%20%222022%22.pdf")


def test_storage_paths_are_content_addresses_only(settings, tmp_path):
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path)
    sha, created = storage.put(b"innhold")
    assert created
    assert storage.put(b"innhold") == (sha, False)
    assert storage.path_of(sha) == tmp_path / sha[:2] / sha[2:4] / sha
    with pytest.raises(ValueError, match="SHA-256"):
        storage.path_of("../../etc/passwd")
    assert [s for s, _ in storage.all_blobs()] == [sha]


def test_the_default_storage_is_under_var_not_the_web_root(settings):
    del settings.PARTNERSKAP_FILES_DIR
    assert storage.root() == settings.VAR_DIR / "files"
