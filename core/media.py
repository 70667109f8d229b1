"""Uploads on local disk, served by Django when no bucket is configured (a small site on one
machine); behind a busy site the proxy serves MEDIA_ROOT instead (README, "Production").

Uploads are images (avatars, logos, photos), but a file is served as what its name says only
when that is a raster image; anything else is a download, never rendered by the browser."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
# Uploaded names never change (storage adds a suffix rather than overwrite): cache for long.
CACHE_SECONDS = 7 * 24 * 3600


@require_safe
def serve_upload(request, path):
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as error:
        raise Http404 from error
    if not full_path.is_file() or any(part.startswith(".") for part in Path(path).parts):
        raise Http404
    content_type, encoding = mimetypes.guess_type(full_path.name)
    inline = content_type in INLINE_TYPES and encoding is None
    response = FileResponse(
        full_path.open("rb"),
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=full_path.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    # Even if a browser rendered one, it could run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
