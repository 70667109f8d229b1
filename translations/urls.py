from django.urls import path

from translations import views

app_name = "translations"

urlpatterns = [
    path("translations/new/<str:kind_key>/<int:pk>/", views.translate, name="translate"),
    path("translations/asked-to-help/", views.asked_to_help, name="asked_to_help"),
    path("translations/<int:pk>/edit/", views.edit, name="edit"),
    path("translations/<int:pk>/review/", views.review, name="review"),
]
