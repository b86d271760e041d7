from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPT = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"
ACCEPT_WITHOUT_HEIC = "image/jpeg,image/png"


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    taken_on = forms.DateField(
        label=_("Day the photo was taken"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    body_area = forms.CharField(
        label=_("Body area (optional)"),
        max_length=60,
        required=False,
        help_text=_("For example: inner elbows, neck, hands."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, today: date, heic: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["taken_on"].initial = today
        self.fields["taken_on"].widget.attrs["max"] = today.isoformat()
        image = self.fields["image"]
        if heic:
            image.help_text = _("JPEG, PNG or HEIC. Location and camera details are removed.")
        else:
            image.widget.attrs["accept"] = ACCEPT_WITHOUT_HEIC
            image.help_text = _("JPEG or PNG. Location and camera details are removed.")

    def clean_taken_on(self) -> date:
        value: date = self.cleaned_data["taken_on"]
        if value > self.today:
            raise forms.ValidationError(_("The day cannot be in the future."), code="future")
        return value
