"""System operators: the only people the Django admin lets in.

Roles in the partnership (secretariat, chair, member, case officer) come from memberships and
work in the back office; none of them makes anyone an operator. An operator is an active
account with ``is_staff`` that is either a superuser or a member of the operator group.
``is_staff`` alone admits nobody. The group is created by code when it is first needed
(``operator_group()``, used by ``partnerskap operators``), not by a migration, and carries
every model permission, so an operator sees in the admin what a superuser sees.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission, User
from django.db import transaction

from partnerskap.core import audit
from partnerskap.core.audit import Actor

#: The name of the operator group (shown in the admin's user pages).
OPERATORS_GROUP = "Driftsoperatører"

#: Where the answer is kept on the user object, so a request asks the database once.
_MEMO = "_partnerskap_is_operator"


def is_operator(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """May this account use the Django admin?"""
    if user is None or not isinstance(user, User):
        return False
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    memo = user.__dict__.get(_MEMO)
    if memo is None:
        memo = user.groups.filter(name=OPERATORS_GROUP).exists()
        user.__dict__[_MEMO] = memo
    return bool(memo)


@transaction.atomic
def operator_group() -> Group:
    """The operator group, created when missing; its permissions are brought up to date
    (every model's), so a model added later is covered too."""
    group, _created = Group.objects.get_or_create(name=OPERATORS_GROUP)
    group.permissions.set(Permission.objects.all())
    return group


@transaction.atomic
def operator_grant(*, user: User, actor: Actor) -> User:
    """Make ``user`` an operator (staff and in the operator group)."""
    user.groups.add(operator_group())
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop(_MEMO, None)
    audit.record("core.operator.granted", actor=actor, target=user)
    return user


@transaction.atomic
def operator_revoke(*, user: User, actor: Actor) -> User:
    """Take the operator role away: out of the group, no longer staff. A superuser stays one
    (that flag is changed only deliberately, by another superuser)."""
    user.groups.remove(*Group.objects.filter(name=OPERATORS_GROUP))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    user.__dict__.pop(_MEMO, None)
    audit.record("core.operator.revoked", actor=actor, target=user)
    return user
