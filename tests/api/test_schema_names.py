"""Every schema class the API documents has a name of its own.

django-ninja names OpenAPI components after the class, so two apps each defining ``OrgRef``
would silently share one component: the clients (and schemathesis) would then validate one
app's answers against the other's fields.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import sanxin


def _api_modules():
    for info in pkgutil.walk_packages(sanxin.__path__, "sanxin."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.startswith("api"):
            yield importlib.import_module(info.name)


def test_no_two_api_schemas_share_a_name():
    defined = defaultdict(set)
    for module in _api_modules():
        for name, obj in vars(module).items():
            ours = inspect.isclass(obj) and obj.__module__ == module.__name__
            if ours and issubclass(obj, Schema):
                defined[name].add(module.__name__)
    assert {name: sorted(mods) for name, mods in defined.items() if len(mods) > 1} == {}
