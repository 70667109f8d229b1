from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """New members without a complete profile go to onboarding first."""
        profile = getattr(request.user, "profile", None)
        if profile is None or not profile.is_complete:
            return reverse("members:onboarding")
        return super().get_login_redirect_url(request)
