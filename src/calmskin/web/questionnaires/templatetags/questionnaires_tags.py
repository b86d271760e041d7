from typing import Any

from django import template

from calmskin.web.diary.models import Profile

register = template.Library()


@register.inclusion_tag("questionnaires/_due.html")
def questionnaires_due(profile: Profile) -> dict[str, Any]:
    """The "what is due" box for a profile already checked by the page's view."""
    from calmskin.web.questionnaires.views import due_context

    return due_context(profile)
