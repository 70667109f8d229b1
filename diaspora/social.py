"""Social sign-in providers for the settings: each is on only when its client id and secret are
both set, so the sign-in page shows exactly the buttons that work."""


def social_providers(env) -> dict:
    """SOCIALACCOUNT_PROVIDERS for the providers configured in the environment."""
    providers = {}
    google = _app(env, "GOOGLE")
    if google:
        providers["google"] = {
            "APPS": [google],
            "SCOPE": ["profile", "email"],
            "AUTH_PARAMS": {"access_type": "online"},
            # Google says whether the address is verified: a verified one signs in to the
            # account that already has it.
            "EMAIL_AUTHENTICATION": True,
        }
    microsoft = _app(env, "MICROSOFT")
    if microsoft:
        microsoft["settings"] = {"tenant": env.str("MICROSOFT_TENANT", default="common")}
        providers["microsoft"] = {"APPS": [microsoft]}
    linkedin = _app(env, "LINKEDIN")
    if linkedin:
        # LinkedIn's "Sign In with LinkedIn using OpenID Connect".
        linkedin.update(
            provider_id="linkedin",
            name="LinkedIn",
            settings={"server_url": "https://www.linkedin.com/oauth"},
        )
        providers["openid_connect"] = {"APPS": [linkedin]}
    return providers


def _app(env, prefix) -> dict | None:
    client_id = env.str(f"{prefix}_CLIENT_ID", default="").strip()
    secret = env.str(f"{prefix}_CLIENT_SECRET", default="").strip()
    if not client_id or not secret:
        return None
    return {"client_id": client_id, "secret": secret, "key": ""}
