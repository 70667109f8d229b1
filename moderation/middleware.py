from django.shortcuts import redirect
from django.urls import reverse

from core.permissions import has_two_factor


class StaffRequiresTwoFactorMiddleware:
    """Staff must activate a TOTP authenticator before any admin page answers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.admin_prefix)
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not has_two_factor(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
