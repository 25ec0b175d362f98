from django.urls import path

from sanxin.directory.views import home, memberships, offers, organizations, tokens

urlpatterns = [
    path("", home.home, name="home"),
    path("directory/", organizations.org_list, name="org_list"),
    path("directory/new/", organizations.org_create, name="org_create"),
    path("o/<slug:slug>/", organizations.org_detail, name="org_detail"),
    path("o/<slug:slug>/edit/", organizations.org_edit, name="org_edit"),
    path("o/<slug:slug>/confirm/", organizations.org_confirm, name="org_confirm"),
    path("o/<slug:slug>/history/", organizations.org_history, name="org_history"),
    path("alliances/<slug:slug>/members/", memberships.alliance_members, name="alliance_members"),
    path("alliances/<slug:slug>/invite/", memberships.alliance_invite, name="alliance_invite"),
    path("alliances/<slug:slug>/apply/", memberships.alliance_apply, name="alliance_apply"),
    path(
        "memberships/<int:pk>/<slug:action>/",
        memberships.membership_action,
        name="membership_action",
    ),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/new/", offers.offer_edit, name="offer_create"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/delete/", offers.offer_delete, name="offer_delete"),
    path("account/tokens/", tokens.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]

from sanxin.directory.views import exchange  # noqa: E402 - import/export views

urlpatterns += [
    path("directory/import/", exchange.org_import, name="org_import"),
    path("directory/export.<str:fmt>", exchange.org_export, name="org_export"),
]
