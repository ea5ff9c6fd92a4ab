"""Claims of the test provider's users: the e-mail address, verified unless the user's last
name is «unverified», and ``amr`` with «mfa» when the first name is «mfa» (as Entra ID says
when the sign-in used several factors)."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):  # type: ignore[misc]
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != "unverified",
            "amr": ["pwd", "mfa"] if user.first_name == "mfa" else ["pwd"],
        }
