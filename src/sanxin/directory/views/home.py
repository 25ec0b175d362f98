"""Home: the alliances at a glance."""

from django.shortcuts import render

from sanxin.common.page_cache import cached_per_viewer
from sanxin.directory.domain.queries import alliance_glance
from sanxin.directory.views.helpers import viewer


@cached_per_viewer
def home(request):
    return render(request, "directory/home.html", {"glance": alliance_glance(viewer(request))})
