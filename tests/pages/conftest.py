import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default hasher costs a noticeable fraction of a second per member created.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
