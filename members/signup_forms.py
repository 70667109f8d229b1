"""The sign-up form: allauth's, costing the same whether or not the address has an account.

With ACCOUNT_PREVENT_ENUMERATION allauth answers a taken address like a new one (an email says
the account exists), but skipped the password hash a new account costs: ~20 ms against ~300 ms
told which addresses have accounts. The taken-address path hashes the password too (and throws
the hash away), so both paths cost one hash.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the cost of a new account
        return super().try_save(request)
