"""Template helpers: per-language fields, language links."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from sanxin.common import countries
from sanxin.common.i18n import localized
from sanxin.common.page_cache import flash_messages_html, flash_messages_marker

register = template.Library()


@register.simple_tag(takes_context=True)
def flash_messages(context) -> str:
    """The flash messages waiting for this request; in a page drawn for the page cache, a
    marker filled with the reader's own messages each time the page is served."""
    request = context.get("request")
    marker = flash_messages_marker(request)
    return marker if marker is not None else flash_messages_html(request)


NATIVE_NAMES = {"en": "English", "zh-hans": "简体中文", "vi": "Tiếng Việt"}


@register.filter
def tr(obj, base: str) -> str:
    """``{{ org|tr:"situation" }}``: the field in the current language, else another one."""
    return localized(obj, base)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def country_name(code: str) -> str:
    """The country's name in the active language (``sanxin.common.countries``)."""
    return countries.country_name(code)


@register.filter
def open_data_citations(records) -> list[str]:
    """The distinct open-data citations (``source_dataset``) of the records shown, in order."""
    return list(dict.fromkeys(r.source_dataset for r in records or () if r.source_dataset))


@register.filter
def field_label(entry, field: str) -> str:
    """The translated label of ``field`` of the audited object's model (the raw name if the
    model or field is unknown, e.g. a field removed since)."""
    from django.apps import apps  # noqa: PLC0415
    from django.core.exceptions import FieldDoesNotExist  # noqa: PLC0415

    try:
        model_field = apps.get_model(entry.object_type)._meta.get_field(field)
    except (LookupError, ValueError, FieldDoesNotExist):
        return field
    # a reverse relation ("capacities", "contacts") has no label of its own: its model's
    label = getattr(model_field, "verbose_name", None)
    if label is None and getattr(model_field, "related_model", None) is not None:
        label = model_field.related_model._meta.verbose_name_plural
    return str(label or field)
