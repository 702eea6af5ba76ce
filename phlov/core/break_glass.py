"""Break-the-glass: opening a record outside one's scope, for a stated reason, for a while.

The access is audited, shown to the record's owner and the supervisors over it at once, and
ends by itself after ``PHLOV_BREAK_GLASS_HOURS`` (3 by default).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.services import record
from phlov.core.models import BreakGlassAccess
from phlov.core.policies import Action, policy_for
from phlov.notifications.models import Notification
from phlov.notifications.services import notify

MIN_REASON_LENGTH = 15


def break_glass(*, actor: Any, obj: models.Model, reason: str, link: str = "") -> BreakGlassAccess:
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Say why you need this record now, in at least %(n)d characters.") % {"n": MIN_REASON_LENGTH}
        )
    policy = policy_for(obj)
    # Only someone whose role works with this kind of record may ask (a labour officer cannot
    # open a victim's case by break-the-glass; a caseworker of another NGO can).
    if not policy.can_any(actor, Action.VIEW):
        raise PermissionDenied
    hours = settings.PHLOV_BREAK_GLASS_HOURS
    now = timezone.now()
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            user=actor,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        recipients = [u for u in policy.responsible_users(obj) if u.pk != actor.pk]
        organisation = getattr(actor, "organisation", None)
        notify(
            recipients=recipients,
            kind=Notification.Kind.BREAK_GLASS,
            subject=_("%(user)s opened a record of yours by break-the-glass")
            % {"user": actor.get_username()},
            body=_(
                "%(user)s (%(organisation)s) opened %(record)s outside their scope for %(hours)s hours. "
                "Reason given: %(reason)s"
            )
            % {
                "user": actor.get_username(),
                "organisation": organisation.name_en if organisation else "-",
                "record": f"{obj._meta.verbose_name} #{obj.pk}",
                "hours": hours,
                "reason": reason,
            },
            link=link,
        )
        record(
            actor=actor,
            action="break_glass",
            obj=obj,
            reason=reason,
            detail={"hours": hours, "notified": len(recipients)},
        )
    return access  # the actor's grants were renewed with the access (accounts/access.py)
