"""Every write of a public subscription: sign up (a confirmation e-mail goes out), confirm by
the link in it (double opt-in), unsubscribe by one click. Each is one transaction, audited
without the address (the audit log names the subscription by id and topic)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from partnerskap.agreements.selectors import partnerships_public
from partnerskap.core import audit, jobs, time
from partnerskap.core.errors import DomainError
from partnerskap.followup.selectors import proposals_public
from partnerskap.portal.selectors import areas_of
from partnerskap.subscriptions import limits, tasks, tokens
from partnerskap.subscriptions.models import SignUpAttempt, Subscription

Topic = Subscription.Topic


def _target(topic: str, target_id: int) -> dict[str, object]:
    """The fields of a subscription to ``topic`` ``target_id``, found only among what the
    public may see (the public selectors); anything else is «not found»."""
    missing = DomainError(
        "subscriptions.not_found", _("There is nothing public to follow at this address.")
    )
    if topic == Topic.PARTNERSHIP:
        partnership = partnerships_public().filter(pk=target_id).first()
        if partnership is None:
            raise missing
        return {"partnership": partnership}
    if topic == Topic.PROPOSAL:
        proposal = proposals_public().filter(pk=target_id).first()
        if proposal is None:
            raise missing
        return {"partnership": proposal.partnership, "proposal": proposal}
    if topic == Topic.AREA:
        for partnership in partnerships_public():
            area = areas_of(partnership=partnership).filter(pk=target_id).first()
            if area is not None:
                return {"partnership": partnership, "area": area}
    raise missing


def subscription_request(
    *, email: str, topic: str, target_id: int, client_ip: str, language: str
) -> Subscription:
    """Sign ``email`` up to follow ``topic`` ``target_id``: nothing is sent to the address
    but a confirmation e-mail until it is confirmed. Signing up again resends the
    confirmation (an already confirmed subscription stays as it is, and nothing says so: the
    page must not tell anyone who follows what)."""
    email = limits.normalised(email)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "subscriptions.email_invalid", _("Enter a valid e-mail address."), field="email"
        ) from None
    fields = _target(topic, target_id)
    with transaction.atomic():
        if limits.exceeded(email=email, ip=client_ip):
            raise DomainError(
                "subscriptions.limit",
                _("Too many sign-ups from this address or network. Try again tomorrow."),
            )
        limits.attempt_record(email=email, ip=client_ip)
        key = limits.address_key(email)
        target = f"{topic}:{target_id}"
        subscription = Subscription.objects.filter(address_key=key, target=target).first()
        created = subscription is None
        if subscription is None:
            subscription = Subscription(
                email=email, address_key=key, topic=topic, target=target, language=language
            )
            for name, value in fields.items():
                setattr(subscription, name, value)
            subscription.full_clean()
            subscription.save()
        audit.record(
            "subscriptions.subscription.requested",
            actor=None,
            target=subscription,
            data={"topic": topic, "new": created},
        )
        if subscription.confirmed_at is None:
            attempt = SignUpAttempt.objects.latest("pk").pk
            jobs.enqueue(tasks.mail_confirmation, subscription_id=subscription.pk, attempt=attempt)
    return subscription


def subscription_confirm(*, token: str) -> Subscription:
    """Confirm the subscription in a confirmation link (valid ``tokens.CONFIRM_VALID``)."""
    pk = tokens.read(tokens.CONFIRM, token, max_age=tokens.CONFIRM_VALID)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(pk=pk).first() if pk else None
        )
        if subscription is None:
            raise DomainError(
                "subscriptions.link_invalid",
                _(
                    "This confirmation link has expired or is no longer valid. Sign up again "
                    "on the page you wanted to follow."
                ),
            )
        if subscription.confirmed_at is None:
            subscription.confirmed_at = time.now()
            subscription.save(update_fields=["confirmed_at", "modified"])
            audit.record(
                "subscriptions.subscription.confirmed",
                actor=None,
                target=subscription,
                data={"topic": subscription.topic},
            )
    return subscription


def subscription_cancel(*, token: str) -> bool:
    """Unsubscribe: the subscription (and with it the address) is deleted. A link whose
    subscription is gone already changes nothing; returns whether one was deleted."""
    pk = tokens.read(tokens.UNSUBSCRIBE, token)
    if pk is None:
        raise DomainError("subscriptions.link_invalid", _("This unsubscribe link is not valid."))
    with transaction.atomic():
        subscription = Subscription.objects.filter(pk=pk).first()
        if subscription is None:
            return False
        audit.record(
            "subscriptions.subscription.cancelled",
            actor=None,
            data={"subscription": pk, "topic": subscription.topic},
        )
        subscription.delete()
    return True
