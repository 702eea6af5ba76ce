"""Sending notices. Written inside the caller's transaction; e-mail leaves only after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from phlov.notifications.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    subject: str,
    body: str = "",
    link: str = "",
    kind: str = Notification.Kind.OTHER,
    emails: Iterable[str] = (),
) -> list[Notification]:
    """Notify users (in the application, and by e-mail when they have an address) and
    bare e-mail addresses (e.g. an embassy's desk)."""

    made: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        made.append(
            Notification.objects.create(
                recipient=user, email=user.email or "", kind=kind, subject=subject[:200], body=body, link=link
            )
        )
    for address in emails:
        made.append(
            Notification.objects.create(email=address, kind=kind, subject=subject[:200], body=body, link=link)
        )
    pending = [n.pk for n in made if n.email]
    if pending:
        transaction.on_commit(lambda: send_pending_email(pending))
    return made


def send_pending_email(ids: Iterable[int]) -> None:
    for notification in Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True):
        try:
            send_mail(
                notification.subject,
                f"{notification.body}\n\n{notification.link}".strip(),
                None,
                [notification.email],
            )
        except Exception as error:  # a mail server down must not lose the in-app notice
            Notification.objects.filter(pk=notification.pk).update(email_error=str(error)[:300])
        else:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now(), email_error="")


def acknowledge(*, actor: Any, notification: Notification) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionError("only the recipient acknowledges a notification")
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        read_at=notification.read_at or now, acknowledged_at=notification.acknowledged_at or now
    )
