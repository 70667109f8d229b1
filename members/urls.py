from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/me/welcome/", views.onboarding, name="onboarding"),
    path("members/me/edit/", views.edit_profile, name="edit"),
    path("members/<slug:handle>/", views.profile_detail, name="profile"),
]
