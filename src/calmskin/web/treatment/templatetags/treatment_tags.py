from typing import Any

from django import template

from calmskin.web.diary.models import Profile

register = template.Library()


@register.inclusion_tag("treatment/_status.html")
def treatment_status(profile: Profile) -> dict[str, Any]:
    """The biologic's next dose, or the label's advice when a dose is late, for a profile already
    checked by the page's view (the diary dashboard)."""
    from calmskin.web.treatment import selectors, services

    treatment = selectors.current_treatment(profile)
    if treatment is None:
        return {"treatment": None, "profile": profile}
    today = profile.local_today()
    result = services.adherence_of(treatment, today, horizon_days=60)
    return {
        "profile": profile,
        "treatment": treatment,
        "next_due": result.next_due,
        "overdue": result.overdue,
        "advice": services.advice_for_overdue(treatment, result, today),
    }
