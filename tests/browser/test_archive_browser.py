"""L9 in the browser: the demo's operator asks for a Noark 5 extraction in the admin
(«Arkivuttrekk»), the job runs, and the operator downloads the zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from partnerskap.archive import tasks
from partnerskap.archive.models import ArchiveExport
from partnerskap.core.worker import run_pending
from tests.browser.conftest import sign_in


def test_l9_the_operator_starts_an_extraction_and_downloads_it(
    site: str, page: Page, tmp_path: Path
):
    sign_in(page, site, "admin")
    page.goto(f"{site}/admin/archive/archiveexport/add/")
    page.locator("#id_partnership").select_option(index=1)
    page.locator("#id_period_start").fill("2021-01-01")
    page.locator("#id_period_end").fill("2021-12-31")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"archive-add-{width}.png"), full_page=True)
    page.locator("input[name=_save]").click()
    expect(page.locator("#result_list")).to_be_visible()
    export = ArchiveExport.objects.get()
    assert export.status == ArchiveExport.Status.QUEUED

    assert run_pending(task_paths={tasks.write_export.module_path}, in_process=True) == 1
    page.reload()
    link = page.locator("#result_list a[download]")
    expect(link).to_have_count(1)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"archive-list-{width}.png"), full_page=True)
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename.startswith("arkivuttrekk-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
    assert "avleveringspakke/arkivuttrekk.xml" in names
    assert "avleveringspakke/arkivstruktur.xml" in names
    assert (tmp_path / "archive-list-360.png").stat().st_size > 5_000
