from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from diaspora import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("bench/floor/", views.floor, name="bench_floor"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Each app's urls.py carries its own prefixes (/members/, /organizations/, /events/ ...).
    path("", include("members.urls")),
    path("", include("organizations.urls")),
    path("", include("campaigns.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
