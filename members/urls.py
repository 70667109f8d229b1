from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("members/me/welcome/", views.onboarding, name="onboarding"),
]
