"""The sign-in backend: Django's own, with the user of each request read with its organisation
and the id of its confirmed TOTP device, in one plain statement."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Field, Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from phlov.accounts.models import Organisation, User


class UserBackend(ModelBackend):
    """Every audited request names the actor's organisation in its audit event, and every
    request of a user with a second factor checks that the session's device still exists and is
    confirmed: reading both with the user saves two statements on each such request
    (``accounts.middleware.OTPMiddleware`` uses the device id).

    The statement is written once per database from the models' own fields, not built by the
    ORM on each request: building it cost about a millisecond, a tenth of a typical page
    (docs/benchmarks.md, "Session 8")."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user_id = User._meta.pk.to_python(user_id)
        except (ValidationError, TypeError):
            return None  # a session naming no valid id reads as signed out
        user = read_user(user_id, using=router.db_for_read(User))
        return user if user is not None and self.user_can_authenticate(user) else None


def read_user(user_id: int, *, using: str) -> User | None:
    """The user with its organisation (cached on the instance, or None) and
    ``confirmed_totp_id``, the id of its first confirmed TOTP device (or None)."""

    plan = _plan(using)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, [user_id])
        found = cursor.fetchone()
    if found is None:
        return None
    row = plan.convert(found, connection)
    user_values = row[: len(plan.user_fields)]
    org_values = row[len(plan.user_fields) : -1]
    user = User.from_db(using, plan.user_attnames, user_values)
    organisation = (
        Organisation.from_db(using, plan.org_attnames, org_values) if org_values[0] is not None else None
    )
    User._meta.get_field("organisation").set_cached_value(user, organisation)
    user.confirmed_totp_id = row[-1]  # type: ignore[attr-defined]
    return user


class _Plan:
    def __init__(self, using: str) -> None:
        connection = connections[using]
        quote = connection.ops.quote_name
        self.user_fields: list[Field[Any, Any]] = list(User._meta.concrete_fields)
        self.org_fields: list[Field[Any, Any]] = list(Organisation._meta.concrete_fields)
        self.user_attnames = [f.attname for f in self.user_fields]
        self.org_attnames = [f.attname for f in self.org_fields]
        users, orgs, devices = (quote(m._meta.db_table) for m in (User, Organisation, TOTPDevice))

        def column(model: type[Model], name: str) -> str:
            field = model._meta.get_field(name)
            assert isinstance(field, Field)
            return quote(str(field.column))

        columns = [f"u.{quote(str(f.column))}" for f in self.user_fields]
        columns += [f"o.{quote(str(f.column))}" for f in self.org_fields]
        # The first confirmed device, as django-otp's own lookup orders them. Only the models'
        # own table and column names go into the text; the id is a parameter.
        columns.append(
            f"(SELECT d.{column(TOTPDevice, 'id')} FROM {devices} d"  # noqa: S608
            f" WHERE d.{column(TOTPDevice, 'user')} = u.{column(User, 'id')}"
            f" AND d.{column(TOTPDevice, 'confirmed')} ORDER BY d.{column(TOTPDevice, 'id')} LIMIT 1)"
        )
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {users} u LEFT OUTER JOIN {orgs} o"  # noqa: S608
            f" ON o.{column(Organisation, 'id')} = u.{column(User, 'organisation')}"
            f" WHERE u.{column(User, 'id')} = %s"
        )
        # The database's values become Python's as the ORM would make them (SQLite keeps
        # dates as text and booleans as integers): the ORM's own converters, by column.
        compiler = User._default_manager.none().query.get_compiler(using)
        expressions = [f.get_col("u") for f in self.user_fields] + [f.get_col("o") for f in self.org_fields]
        self._converters = compiler.get_converters([*expressions, None])

    def convert(self, row: tuple[Any, ...], connection: Any) -> tuple[Any, ...]:
        values = list(row)
        for index, (converters, expression) in self._converters.items():
            for converter in converters:
                values[index] = converter(values[index], expression, connection)
        return tuple(values)


@cache
def _plan(using: str) -> _Plan:
    return _Plan(using)
