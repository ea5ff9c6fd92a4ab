from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from partnerskap.core.models import LegalBasis
from partnerskap.documents import storage


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path) -> Path:
    """Blobs go to a fresh directory; jobs run when a test runs them (`run_jobs`)."""
    settings.PARTNERSKAP_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


def stored_blobs() -> list[str]:
    return [sha for sha, _ in storage.all_blobs()]


@pytest.fixture
def offl13(db) -> LegalBasis:
    return LegalBasis.objects.get(code="offl-13")


def user(username: str):
    return get_user_model().objects.get(username=username)
