"""``{% if user|is_operator %}``: show the way into the admin only to those it admits."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from partnerskap.core import operators

register = template.Library()


@register.filter
def is_operator(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return operators.is_operator(user)
