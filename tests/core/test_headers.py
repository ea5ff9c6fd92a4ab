"""Issue 13, F5 and F8: every response carries a strict Content-Security-Policy and a
Permissions-Policy; public cacheable responses set no cookie; signed-in responses are
``private, no-store``.

Each identity crawls what it can reach on the demo, following the links it is given: the
anonymous reader the portal in both languages, feeds, calendars, the API with its docs and
OParl; the secretariat the back office (and the portal while signed in); the operator the
admin. Error pages (404, 500) and static files answered by whitenoise are checked beside."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, path, resolve

from partnerskap.config import urls as site_urls
from partnerskap.core.middleware import CachePolicyMiddleware

pytestmark = pytest.mark.django_db

PUBLIC_START = [
    "/",
    "/en/",
    "/sok/?q=m%C3%B8te",
    "/sitemap.xml",
    "/robots.txt",
    "/kalender.ics",
    "/feeds/innkallinger.atom",
    "/feeds/motebok.atom",
    "/feeds/oppfolging.atom",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/meetings/",
    "/oparl/v1/",
    "/oparl/v1/system/",
    "/finnes-ikke/",
    "/en/finnes-ikke/",
    "/sekretariat/logg-inn/",
]
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
JSON_URL = re.compile(r'"(?:https?://testserver)?(/[^"\s<>\\]*)"')
NEVER = ("/static/", "/i18n/", "/logg-ut/", "/logout/", "/delete/", "/admin/r/")

# No inline script, inline style, style attribute or event-handler attribute in any page: the
# policy would refuse them, so they would be broken, not just unsafe.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _policy(header: str) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in header.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def assert_strict_headers(url: str, response: HttpResponse) -> None:
    policy = _policy(response.get("Content-Security-Policy", ""))
    for name, value in DIRECTIVES.items():
        assert policy.get(name) == value, f"{url}: {name} is {policy.get(name)!r}"
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert "unsafe-eval" not in response["Content-Security-Policy"], url
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions, f"{url}: Permissions-Policy lacks {feature}"
    # The security headers that were there before stay.
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url
    if response.get("Content-Type", "").startswith("text/html"):
        assert response.get("X-Frame-Options") == "DENY", url


def _body(response: HttpResponse) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    return response.content.decode("utf-8", errors="replace")


def _links(url: str, response: HttpResponse, body: str) -> Iterable[str]:
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return []
    found = [urljoin(url, link.replace("&amp;", "&")) for link in LINK.findall(body)]
    if "json" in kind or "xml" in kind or "calendar" in kind:
        found += JSON_URL.findall(body)
        found += re.findall(r"https?://testserver(/[^\s\"'<>\\]*)", body)
    return found


def crawl(
    client: Client,
    start: list[str],
    *,
    within: tuple[str, ...] = ("/",),
    limit: int,
    fresh_visitor: bool = False,
) -> dict[str, tuple[HttpResponse, str]]:
    """GET every same-site link reachable from ``start`` under ``within`` (at most ``limit``
    addresses). ``fresh_visitor`` forgets cookies before every request, as a new reader
    would arrive."""
    queue = deque(start)
    seen: dict[str, tuple[HttpResponse, str]] = {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        if fresh_visitor:
            client.cookies.clear()
        response = client.get(url)
        body = _body(response)
        seen[url] = (response, body)
        if response.status_code != 200:
            continue
        for link in _links(url, response, body):
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(within) and not any(n in local for n in NEVER):
                queue.append(local)
    return seen


def _sign_in(client: Client, username: str) -> None:
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="django.contrib.auth.backends.ModelBackend",
    )


def _assert_no_inline_code(url: str, response: HttpResponse, body: str) -> None:
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    for pattern in (INLINE_SCRIPT, INLINE_STYLE):
        found = pattern.search(body)
        near = body[max(0, found.start() - 80) : found.end() + 80] if found else ""
        assert found is None, f"{url} has inline script, style or an event handler: {near}"


# --------------------------------------------------------------------------- F5: the headers


def test_f5_f8_every_public_response_has_the_policies_and_no_cookie_when_cacheable(client, demo):
    seen = crawl(client, PUBLIC_START, limit=300, fresh_visitor=True)
    assert len(seen) > 150
    kinds = {response.get("Content-Type", "").split(";")[0] for response, _ in seen.values()}
    assert {"text/html", "application/json", "application/atom+xml", "text/calendar"} <= kinds
    assert {response.status_code for response, _ in seen.values()} >= {200, 404}
    assert any(url.startswith("/oparl/") for url in seen)
    for url, (response, body) in seen.items():
        assert_strict_headers(url, response)
        _assert_no_inline_code(url, response, body)
    # F8: what a shared cache may keep sets no cookie. The portal's pages stay cacheable (the
    # fix is not to make them private): no CSRF token on pages without a form that posts.
    public = {u: r for u, (r, _) in seen.items() if "public" in r.get("Cache-Control", "")}
    for url in ("/", "/en/", "/sok/?q=m%C3%B8te", "/feeds/motebok.atom", "/api/v1/"):
        assert url in public, (
            f"{url} is not publicly cacheable: {seen[url][0].get('Cache-Control')}"
        )
    assert len(public) > 100
    for url, response in public.items():
        assert not response.cookies, f"{url} is public but sets {sorted(response.cookies)}"
    # Whatever sets a cookie (the sign-in page's CSRF token) is not cacheable at all.
    for url, (response, _) in seen.items():
        if response.cookies:
            assert response["Cache-Control"] == "private, no-store", url


def test_f5_f8_signed_in_responses_have_the_policies_and_are_private_no_store(client, demo):
    _sign_in(client, "sekretariat-radet")
    seen = crawl(client, ["/sekretariat/"], within=("/sekretariat/",), limit=120)
    seen |= crawl(client, ["/", "/en/", "/api/v1/meetings/", "/kalender.ics"], limit=20)
    _sign_in(client, "admin")
    admin = crawl(client, ["/admin/"], within=("/admin/",), limit=80)
    assert len(seen) > 50
    assert len(admin) > 10
    for url, (response, body) in {**seen, **admin}.items():
        assert_strict_headers(url, response)
        _assert_no_inline_code(url, response, body)
        assert response.get("Cache-Control") == "private, no-store", (
            f"{url}: {response.get('Cache-Control')}"
        )


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns: list[URLPattern | URLResolver] = [
    path("boom/", _boom),
    *site_urls.urlpatterns,
]


@pytest.mark.urls(__name__)
def test_f5_error_pages_carry_the_csp(demo):
    client = Client(raise_request_exception=False)
    for url, status in (("/boom/", 500), ("/finnes-ikke/", 404), ("/oparl/v1/x/", 404)):
        response = client.get(url)
        assert response.status_code == status, url
        assert_strict_headers(url, response)
    # A form posted without its CSRF token gets the site's own page, not Django's, which
    # has an inline style the policy refuses.
    refused = Client(enforce_csrf_checks=True).post("/sekretariat/logg-inn/", {"username": "x"})
    assert refused.status_code == 403
    assert_strict_headers("CSRF failure", refused)
    _assert_no_inline_code("CSRF failure", refused, refused.content.decode())
    assert "Skjemaet er utløpt" in refused.content.decode()


def test_f5_static_files_carry_the_csp(settings):
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        response = Client().get("/static/partnerskap/site.css")
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    response.close()
    assert response.status_code == 200
    assert response.get("Content-Type", "").startswith("text/css")
    assert_strict_headers("/static/partnerskap/site.css", response)


def test_f5_form_action_allows_the_single_sign_on_provider_when_configured(client, settings):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.no/oauth2/v2.0/authorize"
    policy = _policy(client.get("/robots.txt")["Content-Security-Policy"])
    assert policy["form-action"] == "'self' https://login.example.no"


# --------------------------------------------------------------------------- F8: caching


def test_f8_the_language_switch_is_a_link_to_the_same_page(client, demo):
    response = client.get("/sok/?q=m%C3%B8te")
    body = response.content.decode()
    assert 'href="/en/sok/?q=m%C3%B8te"' in body
    assert "csrfmiddlewaretoken" not in body
    english = client.get("/en/sok/?q=m%C3%B8te").content.decode()
    assert 'href="/sok/?q=m%C3%B8te"' in english
    # An address that is no page at all offers the other language's front page.
    nowhere = "/finnes/ikke/her/i/det/hele/tatt/"
    with pytest.raises(Resolver404):
        resolve(nowhere)
    assert 'href="/en/"' in client.get(nowhere).content.decode()


def test_f8_signing_in_is_private_no_store(client, demo):
    client.get("/sekretariat/logg-inn/")
    response = client.post(
        "/sekretariat/logg-inn/",
        {"username": "sekretariat-radet", "password": "partnerskap-demo"},
    )
    assert response.status_code == 302
    assert "sessionid" in response.cookies
    assert response["Cache-Control"] == "private, no-store"


def test_f8_a_token_request_is_private_no_store(client, demo):
    response = client.get("/api/v1/meetings/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response["Cache-Control"] == "private, no-store"


def test_f8_the_middleware_makes_a_public_answer_that_sets_a_cookie_private(rf):
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response["Cache-Control"] = "public, max-age=60"
        response["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
        response.set_cookie("tracking", "1")
        return response

    response = CachePolicyMiddleware(view)(rf.get("/"))
    assert response["Cache-Control"] == "private, no-store"
    assert "Expires" not in response

    def clean(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response["Cache-Control"] = "public, max-age=60"
        return response

    assert CachePolicyMiddleware(clean)(rf.get("/"))["Cache-Control"] == "public, max-age=60"


def test_f5_the_shared_policy_is_django_csps_own_and_follows_the_settings(client, settings):
    """The header built once and reused is exactly what django-csp builds, and a changed policy
    (or a sign-on provider configured later) is not answered with the old one."""
    from csp.utils import build_policy

    first = client.get("/robots.txt")["Content-Security-Policy"]
    own = build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    assert set(first.split("; ")) == set(own.split("; "))
    assert client.get("/robots.txt")["Content-Security-Policy"] == first
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.no/authorize"
    widened = client.get("/robots.txt")["Content-Security-Policy"]
    assert "https://login.example.no" in widened
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}
    }
    changed = client.get("/robots.txt")["Content-Security-Policy"]
    assert "img-src 'self'" in changed.split("; ")
    assert "data:" not in changed


def test_f5_a_response_with_its_own_policy_keeps_it(rf):
    """A view that brings its own policy (django-csp's decorators) is not given the shared one."""
    from django.http import HttpResponse

    from partnerskap.core.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse("x")
        response._csp_replace = {"img-src": ["https://kart.example.no"]}
        return response

    middleware = ContentSecurityPolicyMiddleware(view)
    own = middleware(rf.get("/kart/"))["Content-Security-Policy"]
    assert "img-src https://kart.example.no" in own
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("y"))(rf.get("/"))
    assert "img-src 'self' data:" in plain["Content-Security-Policy"]
