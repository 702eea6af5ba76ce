from __future__ import annotations

from django import template

from phlov.protection import vocab

register = template.Library()


@register.filter
def terms(values: list[str] | None, vocabulary: str) -> str:
    """Codes of a vocabulary, labelled in the reader's language."""

    return ", ".join(vocab.labels(vocabulary, list(values or []))) or "—"
