from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    name = "phlov.synthetic"
    label = "synthetic"
    verbose_name = _("Synthetic data")

    def ready(self) -> None:
        from phlov.audit.services import register_action
        from phlov.synthetic.bulk import AUDIT_ACTION

        register_action(AUDIT_ACTION, _("generate synthetic data"))

    def generate(self, scale: str, seed: int = 0, progress: Any = None) -> Any:
        """The hook ``phlov demo --scale`` calls (the shared layer does not import this app)."""

        from phlov.synthetic.generator import generate

        return generate(scale, seed, progress)
