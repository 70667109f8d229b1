import re

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe

from core.media import serve_upload
from pages import impact_views, shell_views, views
from pages.sitemaps import SITEMAPS

# Trust & safety: the admin signs in through allauth (rate limits, MFA).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", shell_views.favicon, name="favicon"),
    path("manifest.webmanifest", shell_views.web_manifest, name="web_manifest"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("impact/", impact_views.impact_page, name="impact"),
    path(
        "impact/campaign/<slug:slug>/",
        impact_views.campaign_impact_partial,
        name="impact_campaign",
    ),
    path("impact/data.json", impact_views.impact_json, name="impact_json"),
    path("impact/<slug:dataset>.csv", impact_views.impact_csv, name="impact_csv"),
    path("bench/floor/", views.floor, name="bench_floor"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Each app's urls.py carries its own prefixes (/members/, /organizations/, /events/ ...).
    path("", include("members.urls")),
    path("", include("notifications.urls")),
    path("", include("organizations.urls")),
    path("", include("campaigns.urls")),
    path("", include("moderation.urls")),
    path("", include("members.privacy_urls")),
    path("", include("events.urls")),
    path("", include("conversations.urls")),
    path("", include("translations.urls")),
]

if not settings.AWS_STORAGE_BUCKET_NAME:
    # Uploads on local disk: served with safe headers (core.media), in production too.
    urlpatterns.append(
        re_path(
            r"^{}(?P<path>.+)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            serve_upload,
            name="media",
        )
    )
