"""How form widgets are drawn.

Django ships each of its widget and form templates twice, for its own template language and
for Jinja2, with the same markup (Django's tests hold the two to it). Drawn with Jinja2 they
cost about half: a form of a dozen fields went from 10 to 5 ms a page (``bench/page_costs.py``).
Phlov's own widget templates (the place picker) stay in Django's language, with its
translations and includes.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates, Jinja2


class WidgetRenderer(DjangoTemplates):
    """Django's form templates (``django/forms/...``) through Jinja2, every other through the
    Django template engine."""

    _jinja = Jinja2()

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("django/forms/"):
            return self._jinja.get_template(template_name)
        return super().get_template(template_name)
