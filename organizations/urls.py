from django.urls import path, re_path

from organizations import matching_views, views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.directory, name="directory"),
    path("organizations/new/", views.organization_create, name="create"),
    path("organizations/invitations/<str:token>/", views.invitation, name="invitation"),
    path("organizations/<slug:slug>/", views.organization_detail, name="detail"),
    path("organizations/<slug:slug>/edit/", views.organization_edit, name="edit"),
    path("organizations/<slug:slug>/team/", views.team, name="team"),
    path("organizations/<slug:slug>/team/invite/", views.invite, name="invite"),
    path(
        "organizations/<slug:slug>/team/invitations/<int:pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "organizations/<slug:slug>/team/<int:pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organizations/<slug:slug>/team/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("organizations/<slug:slug>/leave/", views.leave, name="leave"),
    path("organizations/<slug:slug>/join/", views.join_request, name="join"),
    re_path(
        r"^organizations/(?P<slug>[-\w]+)/join-requests/(?P<pk>\d+)/(?P<decision>accept|decline)/$",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("organizations/<slug:slug>/offers/", views.offers_dashboard, name="offers"),
    path("organizations/<slug:slug>/ventures/new/", views.venture_create, name="venture_create"),
    path("ventures/<slug:slug>/", views.venture_detail, name="venture"),
    path("ventures/<slug:slug>/edit/", views.venture_edit, name="venture_edit"),
    path("ventures/<slug:slug>/needs/new/", views.need_create, name="need_create"),
    path("needs/", views.need_board, name="board"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/for-you/", matching_views.needs_for_you, name="needs_for_you"),
    path("needs/<int:pk>/suggested/", matching_views.need_suggestions, name="need_suggestions"),
    path(
        "needs/<int:pk>/suggested/<int:user_id>/invite/",
        matching_views.invite_suggested_member,
        name="need_invite_member",
    ),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/status/", views.need_status, name="need_status"),
    path("needs/<int:pk>/offer/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer_answer"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("members/me/offers/", views.my_offers, name="my_offers"),
    path("check-ins/<int:pk>/", views.check_in, name="check_in"),
    path("collaborations/<int:pk>/thank/", views.collaboration_thank, name="collaboration_thank"),
]
