from django.urls import path

from moderation import views

urlpatterns = [
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
    path(
        "report/<str:content_type_key>/<int:object_id>/",
        views.report,
        name="report",
    ),
]
