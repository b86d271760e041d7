"""``{% once_field %}``: the hidden one-time token of a form (see calmskin.web.lib.once)."""

from django import template
from django.utils.html import format_html

from calmskin.web.lib.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_field() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
