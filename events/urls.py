from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/past/", views.event_past, name="past"),
    path("events/new/", views.event_create, name="create"),
    path("events/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("events/follow/<slug:slug>/", views.follow_organization, name="follow"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="edit"),
    path("events/<int:pk>/publish/", views.event_publish, name="publish"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("events/<int:pk>/register/", views.event_register, name="register"),
    path("events/<int:pk>/unregister/", views.event_unregister, name="unregister"),
    path("events/<int:pk>/attendees/", views.event_attendees, name="attendees"),
    path("events/<int:pk>/attendees.csv", views.event_attendees_csv, name="attendees_csv"),
    path("events/<int:pk>/event.ics", views.event_ics, name="ics"),
    path("members/me/calendar/", views.my_calendar, name="my_calendar"),
]
