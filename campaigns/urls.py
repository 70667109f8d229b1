from django.urls import path

from campaigns import feeds, views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="list"),
    path(
        "campaigns/fellows/invitation/<str:token>/",
        views.fellow_invitation,
        name="fellow_invitation",
    ),
    path("campaigns/fellows/<slug:slug>/", views.fellow_detail, name="fellow"),
    path("campaigns/fellows/<slug:slug>/edit/", views.fellow_edit, name="fellow_edit"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/join/", views.join, name="join"),
    path("campaigns/<slug:slug>/leave/", views.leave, name="leave"),
    path("campaigns/<slug:slug>/ambassador/", views.ambassador_request, name="ambassador"),
    path("campaigns/<slug:slug>/stories/", views.campaign_stories, name="stories"),
    path("stories/new/", views.story_new, name="story_new"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("stories/<int:pk>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:pk>/delete/", views.story_delete, name="story_delete"),
    path("campaigns/<slug:slug>/stories/feed/", feeds.CampaignStoriesFeed(), name="stories_feed"),
    path(
        "stories/by/<slug:handle>/feed/",
        feeds.AuthorStoriesFeed(),
        name="stories_by_author_feed",
    ),
    path("stories/by/<slug:handle>/", views.stories_by_author, name="stories_by_author"),
]
