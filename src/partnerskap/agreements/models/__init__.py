"""Partnerships, their parties and elected bodies, the agreement's parts and versions (A1–A3,
A14, A17, A18), one module per sub-concept; every model is imported from here. Invariants that
the database can hold are constraints; the rest live in the services
(``partnerskap.agreements.services``)."""

from partnerskap.agreements.models.areas import CooperationArea, SustainableDevelopmentGoal
from partnerskap.agreements.models.parties import (
    ElectedBody,
    Party,
    PartySuccession,
    validate_organisation_number,
)
from partnerskap.agreements.models.partnerships import Partnership, PartnershipParty
from partnerskap.agreements.models.texts import (
    Agreement,
    AgreementPart,
    AgreementSection,
    AgreementVersion,
    Signature,
    VersionAdoption,
)

__all__ = [
    "Agreement",
    "AgreementPart",
    "AgreementSection",
    "AgreementVersion",
    "CooperationArea",
    "ElectedBody",
    "Partnership",
    "PartnershipParty",
    "Party",
    "PartySuccession",
    "Signature",
    "SustainableDevelopmentGoal",
    "VersionAdoption",
    "validate_organisation_number",
]
