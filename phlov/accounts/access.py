"""Access stamps: each change to what users may do gives them a new ``User.access_stamp``.

The policies read a user's grants on every request. A process keeps a copy for each user
(``core.policies``) and uses it only while the stamp in the user row, read by the request
anyway, is the one it was read under. The stamps change here, in the transaction of the
change itself, so that no other process can serve the old grants once the change is committed.

Changes covered: role assignments (created, changed, ended, deleted, their provinces), roles
(permissions, field groups, modules), organisations (moved, which changes the scope of every
assignment below), break-the-glass accesses. Time-bound changes (an assignment that starts or
expires, an access that runs out) need no write: the copy is kept only until the next of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from phlov.accounts.models import Organisation, Role, RoleAssignment, User, new_access_stamp
from phlov.core.models import BreakGlassAccess
from phlov.core.policies import forget_grants


def renew_access_stamps(user_ids: Iterable[int], *, held: Any = None) -> None:
    """Give the users a new stamp; ``held`` is an in-memory user among them, renewed too."""

    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    stamp = new_access_stamp()
    User.objects.filter(pk__in=ids).update(access_stamp=stamp)
    if held is not None and held.pk in ids:
        held.access_stamp = stamp
        forget_grants(held)


def _held_user(instance: Any) -> Any:
    """The user object the instance was built with, when it has one (the caller's copy)."""

    return instance.user if type(instance).user.is_cached(instance) else None


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
@receiver(post_save, sender=BreakGlassAccess)
@receiver(post_delete, sender=BreakGlassAccess)
def _own_access_changed(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    renew_access_stamps([instance.user_id], held=_held_user(instance))


@receiver(m2m_changed, sender=RoleAssignment.provinces.through)
def _assignment_provinces_changed(
    sender: type[models.Model], instance: Any, action: str, reverse: bool, **kwargs: Any
) -> None:
    # Provinces have no way back to assignments (related_name "+"): only this side changes.
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        renew_access_stamps([instance.user_id], held=_held_user(instance))


# A role still held cannot be deleted (PROTECT): only its changes matter.
@receiver(post_save, sender=Role)
def _role_changed(sender: type[models.Model], instance: Role, **kwargs: Any) -> None:
    renew_access_stamps(RoleAssignment.objects.filter(role=instance).values_list("user_id", flat=True))


@receiver(pre_save, sender=Organisation)
def _note_organisation_path(sender: type[models.Model], instance: Organisation, **kwargs: Any) -> None:
    # The subtree below moves after this save (Organisation.save): its rows still hold the old
    # path when post_save runs.
    instance._phlov_old_path = (  # type: ignore[attr-defined]
        Organisation.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
        if instance.pk
        else ""
    )


@receiver(post_save, sender=Organisation)
def _organisation_changed(sender: type[models.Model], instance: Organisation, **kwargs: Any) -> None:
    # Every assignment scoped at the organisation or anywhere below has a new path. A new
    # organisation's first save has no path yet.
    paths = {p for p in (instance.path, getattr(instance, "_phlov_old_path", "")) if p}
    if not paths:
        return
    below = Q()
    for path in paths:
        below |= Q(organisation__path__startswith=path)
    renew_access_stamps(RoleAssignment.objects.filter(below).values_list("user_id", flat=True))
