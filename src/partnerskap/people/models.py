"""People and their roles. Roles come from memberships with a party, never from ad-hoc groups.

Personal data is kept to what the work needs (L10): a name, a work e-mail address and a title.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerskap.agreements.models import Party
from partnerskap.core.models import TimeStampedModel


class Language(models.TextChoices):
    """A person's own language, each named in itself (the site's ``LANGUAGES``)."""

    BOKMAL = "nb", "Norsk bokmål"
    NYNORSK = "nn", "Norsk nynorsk"
    ENGLISH = "en", "English"


def default_language() -> str:
    return str(settings.LANGUAGE_CODE)


class Person(TimeStampedModel):
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("E.g. «ordfører i Asker».")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=default_language,
        help_text=_("The language of the back office and of the e-mails this person receives."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Role(models.TextChoices):
    CHAIR = "chair", _("chair (leder)")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair (nestleder)")
    MEMBER = "member", _("member")
    SUBSTITUTE = "substitute", _("substitute")
    SECRETARIAT = "secretariat", _("secretariat")
    CASE_OFFICER = "case_officer", _("case officer")
    OBSERVER = "observer", _("observer")


#: Roles that only one person holds at a time in a party.
SINGLE_HOLDER_ROLES = (Role.CHAIR, Role.DEPUTY_CHAIR)


class Membership(TimeStampedModel):
    """A person's role with a party for a period: the delegation to the partnership meetings,
    the council's chair and deputy chair, and each party's secretariat and case officers."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    substitute_order = models.PositiveSmallIntegerField(
        _("order among the substitutes"),
        null=True,
        blank=True,
        help_text=_("Substitutes are called in this order (1 first); only for substitutes."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["party__name", "role", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_validity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(substitute_order__isnull=True) | Q(role="substitute"),
                name="membership_order_only_for_substitutes",
            ),
            # One open-ended chair and one open-ended deputy per party; overlapping closed
            # periods are refused by ``membership_create`` (portable across databases).
            models.UniqueConstraint(
                fields=["party", "role"],
                condition=Q(role__in=["chair", "deputy_chair"], valid_to__isnull=True),
                name="membership_one_current_chair_or_deputy_per_party",
            ),
            models.UniqueConstraint(
                fields=["person", "party", "role", "valid_from"],
                name="membership_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.party}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class SignInIdentity(TimeStampedModel):
    """A person's account at an identity provider (single sign-on by OpenID Connect): the
    provider's issuer and its stable subject identifier (``sub``). Made at the first sign-in
    that matched the person by a verified e-mail address; later sign-ins match by it alone."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="sign_in_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="signinidentity_unique_issuer_subject"
            ),
            models.UniqueConstraint(
                fields=["person", "issuer"], name="signinidentity_one_per_person_and_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.issuer}"
