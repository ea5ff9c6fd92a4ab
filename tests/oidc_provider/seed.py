"""Run inside the provider (``python -m django shell``): its users and the Partnerskap client."""

import os

from django.contrib.auth.models import User
from oauth2_provider.models import Application

for username, first, last, email in [
    ("sigrid", "mfa", "", "leder@demo.partnerskap.invalid"),
    ("mona", "", "", "MEDLEM@demo.partnerskap.invalid"),
    ("ukjent", "mfa", "", "ukjent@kommune.invalid"),
    ("falsk", "mfa", "unverified", "nestleder@demo.partnerskap.invalid"),
]:
    User.objects.create_user(
        username, email=email, password="idp-pass", first_name=first, last_name=last
    )
Application.objects.create(
    name="Partnerskap",
    client_id="partnerskap",
    client_secret=os.environ["PROVIDER_CLIENT_SECRET"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=os.environ["PROVIDER_REDIRECT_URI"],
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=False,
)
