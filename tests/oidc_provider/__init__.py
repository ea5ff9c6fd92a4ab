"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in OIDC
mode, a separate Django project run in its own process on loopback (``tests/accounts/
test_oidc.py`` starts it). Nothing here is part of Partnerskap."""
