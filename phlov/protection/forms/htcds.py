"""Form of the HTCDS import page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class HtcdsUploadForm(forms.Form):
    file = forms.FileField(label=_("HTCDS 2.0 spreadsheet (.xlsx)"))
