"""Two-factor sign-in in a real browser: a chair without an authenticator enrols (QR code and
the secret as text, confirm with a code, recovery codes once), signs out, and signs in again
with password and code; the pages are free of serious accessibility violations."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from partnerskap.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import collect_axe_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chair_enrols_an_authenticator_and_signs_in_with_it(site: str, page: Page):
    TOTPDevice.objects.filter(user__username="leder").delete()
    problems: dict[str, list[str]] = {}
    page.goto(f"{site}/sekretariat/moter/")
    page.locator("#id_username").fill("leder")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    collect_axe_problems(page, problems, "login")
    page.locator("#id_password").press("Enter")

    expect(page).to_have_url(re.compile(r"/sekretariat/logg-inn/tofaktor/\?next="))
    expect(page.locator(".qr-code svg")).to_be_visible()
    collect_axe_problems(page, problems, "enrol")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    # What a phone does: the secret typed in, the code read off the app.
    key = base64.b32decode(secret)
    page.locator("#id_code").fill(f"{TOTP(key).token():06d}")
    page.locator("#id_code").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Reservekodene dine")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    collect_axe_problems(page, problems, "recovery codes")
    page.get_by_role("link", name="Jeg har tatt vare på dem: fortsett").click()
    expect(page).to_have_url(f"{site}/sekretariat/moter/")

    page.goto(f"{site}/sekretariat/tofaktor/")
    expect(page.get_by_text("10 reservekoder igjen.")).to_be_visible()
    collect_axe_problems(page, problems, "manage")
    page.get_by_role("button", name="Logg ut").click()

    page.goto(f"{site}/sekretariat/logg-inn/")
    page.locator("#id_username").fill("leder")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/sekretariat/logg-inn/kode/"))
    page.locator("#id_code").fill("000000")
    page.locator("#id_code").press("Enter")
    expect(page.locator(".ds-validation-message")).to_contain_text("Koden er feil")
    collect_axe_problems(page, problems, "verify with an error")
    page.locator("#id_code").fill(codes[0])
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(f"{site}/sekretariat/")
    assert problems == {}


def test_sign_in_types_the_demo_code(site: str, page: Page):
    sign_in(page, site, "sekretariat-radet")
    page.context.clear_cookies()
    sign_in(page, site, "sekretariat-radet")  # twice within the same 30 seconds
    expect(page.get_by_role("heading", level=1)).to_be_visible()
