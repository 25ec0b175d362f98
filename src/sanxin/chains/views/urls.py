from django.urls import path

from sanxin.chains.views import chains, edit

urlpatterns = [
    path("", chains.chain_list, name="chain_list"),
    path("<slug:alliance>/<slug:slug>/", chains.chain_detail, name="chain_detail"),
    path("<slug:alliance>/<slug:slug>/edit/", edit.chain_edit, name="chain_edit"),
    path("<slug:alliance>/<slug:slug>/add-node/", edit.chain_node_add, name="chain_node_add"),
    path("<slug:alliance>/<slug:slug>/nodes/<slug:key>/", chains.chain_node, name="chain_node"),
    path(
        "<slug:alliance>/<slug:slug>/nodes/<slug:key>/edit/",
        edit.chain_node_edit,
        name="chain_node_edit",
    ),
    path(
        "<slug:alliance>/<slug:slug>/nodes/<slug:key>/delete/",
        edit.chain_node_delete,
        name="chain_node_delete",
    ),
    path(
        "<slug:alliance>/<slug:slug>/nodes/<slug:key>/leaders/",
        edit.chain_leader_mark,
        name="chain_leader_mark",
    ),
    path(
        "<slug:alliance>/<slug:slug>/nodes/<slug:key>/leaders/<slug:org>/remove/",
        edit.chain_leader_unmark,
        name="chain_leader_unmark",
    ),
]
