from django.urls import path

from members import privacy_views

app_name = "privacy"

urlpatterns = [
    path("members/me/privacy/", privacy_views.privacy_index, name="index"),
    path("members/me/export/", privacy_views.export, name="export"),
    path("members/me/delete/", privacy_views.delete_account, name="delete"),
    path("members/<slug:handle>/block/", privacy_views.block, name="block"),
    path("members/<slug:handle>/unblock/", privacy_views.unblock, name="unblock"),
]
