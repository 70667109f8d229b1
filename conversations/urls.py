from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.conversation_list, name="list"),
    path("messages/requests/", views.requests, name="requests"),
    path(
        "messages/requests/<int:pk>/<str:decision>/",
        views.answer_request,
        name="answer_request",
    ),
    path("messages/connect/<slug:handle>/", views.connect, name="connect"),
    path("messages/offer/<int:offer_pk>/", views.for_offer, name="for_offer"),
    path("messages/event/<int:event_pk>/write/", views.write_to_attendees, name="write_attendees"),
    path("messages/<int:pk>/", views.conversation_detail, name="detail"),
    path("messages/<int:pk>/poll/", views.conversation_poll, name="poll"),
    path("messages/message/<int:pk>/edit/", views.edit_message, name="edit_message"),
    path("messages/message/<int:pk>/delete/", views.delete_message, name="delete_message"),
]
