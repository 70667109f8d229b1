import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded photos and story images land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
