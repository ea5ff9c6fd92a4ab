"""The OParl 1.1 object types as typed models, written from the specification (OParl/spec
v1.1.1: the prose chapters and ``schema/*.json``).

The mapping functions (``mapping``) build these objects, so a wrong type or a malformed
date is caught where it is made; the tests validate every object and list page the server
returns against them. They are stricter than the official JSON schema where the prose is:

* ``created`` and ``modified`` are required on every object, embedded ones included (spec
  3.1: «muss in allen Objekttypen angegeben werden»; new in 1.1);
* a date-time has the form ``yyyy-mm-ddThh:mm:ss±hh:mm`` and a date ``yyyy-mm-dd`` (spec 2.4);
* a URL is an absolute http(s) URL;
* unknown properties are refused, so a misspelt name cannot slip through.

Python names are snake_case; the JSON names (camelCase, as in the specification) are their
aliases. Optional properties are omitted from the output when empty (spec: «null»-Werte und
leere Listen), hence ``None`` defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from django.utils import timezone
from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic.alias_generators import to_camel

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _url(value: str) -> str:
    scheme, separator, rest = value.partition("://")
    if scheme not in {"http", "https"} or not separator or not rest or rest[0] in "/?#":
        msg = f"not an absolute http(s) URL: {value!r}"
        raise ValueError(msg)
    return value


def _date_time(value: str) -> str:
    if not _DATE_TIME.match(value):
        msg = f"not an OParl date-time (yyyy-mm-ddThh:mm:ss±hh:mm): {value!r}"
        raise ValueError(msg)
    dt.datetime.fromisoformat(value)  # a real moment, not 2024-13-40
    return value


def _date(value: str) -> str:
    if not _DATE.match(value):
        msg = f"not an OParl date (yyyy-mm-dd): {value!r}"
        raise ValueError(msg)
    dt.date.fromisoformat(value)
    return value


Url = Annotated[str, AfterValidator(_url)]
DateTime = Annotated[str, AfterValidator(_date_time)]
Date = Annotated[str, AfterValidator(_date)]


def date_time(value: dt.datetime) -> str:
    """A moment in the specification's form, in the server's time zone: 2024-03-15T10:00:00+01:00
    (whole seconds, a numeric offset, never «Z»)."""
    return value.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")


def date(value: dt.date) -> str:
    return value.isoformat()


class OParlModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        frozen=True,
    )


class Common(OParlModel):
    """Properties every object type has (spec 3.1). ``type`` is narrowed by every type to its
    own URL; declared here so that it follows ``id`` in the output, as in the
    specification's examples (order carries no meaning, but people read this)."""

    id: Url
    type: str
    created: DateTime
    modified: DateTime
    license: str | None = None
    web: Url | None = None
    deleted: Literal[False] | None = None


class Keyworded(Common):
    """Every type but System may carry keywords."""

    keyword: list[str] | None = None


class Location(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Location"] = "https://schema.oparl.org/1.1/Location"
    description: str | None = None
    geojson: dict[str, object] | None = None
    street_address: str | None = None
    room: str | None = None
    postal_code: str | None = None
    sub_locality: str | None = None
    locality: str | None = None
    # Back-references, only when the object is not embedded.
    bodies: list[Url] | None = None
    organizations: list[Url] | None = None
    persons: list[Url] | None = None
    meetings: list[Url] | None = None
    papers: list[Url] | None = None


class File(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/File"] = "https://schema.oparl.org/1.1/File"
    name: str | None = None
    file_name: str | None = None
    mime_type: str | None = None
    date: Date | None = None
    size: int | None = None
    sha1_checksum: str | None = None
    sha512_checksum: str | None = None
    text: str | None = None
    access_url: Url
    download_url: Url | None = None
    external_service_url: Url | None = None
    master_file: Url | None = None
    derivative_file: list[Url] | None = None
    file_license: Url | None = None
    meeting: list[Url] | None = None
    agenda_item: list[Url] | None = None
    paper: list[Url] | None = None


class LegislativeTerm(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/LegislativeTerm"] = (
        "https://schema.oparl.org/1.1/LegislativeTerm"
    )
    body: Url | None = None
    name: str | None = None
    start_date: Date | None = None
    end_date: Date | None = None


class System(Common):
    type: Literal["https://schema.oparl.org/1.1/System"] = "https://schema.oparl.org/1.1/System"
    license: Url | None = None
    oparl_version: Literal["https://schema.oparl.org/1.1/"] = "https://schema.oparl.org/1.1/"
    other_oparl_versions: list[Url] | None = None
    body: Url
    name: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    website: Url | None = None
    vendor: Url | None = None
    product: Url | None = None


class Body(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Body"] = "https://schema.oparl.org/1.1/Body"
    license: Url | None = None
    system: Url | None = None
    short_name: str | None = None
    name: str
    website: Url | None = None
    license_valid_since: DateTime | None = None
    oparl_since: DateTime | None = None
    ags: str | None = None
    rgs: str | None = None
    equivalent: list[Url] | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    organization: Url
    person: Url
    meeting: Url
    paper: Url
    legislative_term: list[LegislativeTerm]
    agenda_item: Url | None = None
    consultation: Url | None = None
    file: Url | None = None
    location_list: Url | None = None
    legislative_term_list: Url | None = None
    membership: Url | None = None
    classification: str | None = None
    location: Location | None = None


class Organization(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Organization"] = (
        "https://schema.oparl.org/1.1/Organization"
    )
    body: Url | None = None
    name: str | None = None
    membership: list[Url] | None = None
    meeting: Url | None = None
    consultation: Url | None = None
    short_name: str | None = None
    post: list[str] | None = None
    sub_organization_of: Url | None = None
    organization_type: str | None = None
    classification: str | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    website: Url | None = None
    location: Location | None = None
    external_body: Url | None = None


class Membership(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Membership"] = (
        "https://schema.oparl.org/1.1/Membership"
    )
    person: Url | None = None
    organization: Url | None = None
    role: str | None = None
    voting_right: bool | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    on_behalf_of: Url | None = None


class Person(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Person"] = "https://schema.oparl.org/1.1/Person"
    body: Url | None = None
    name: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    form_of_address: str | None = None
    affix: str | None = None
    title: list[str] | None = None
    gender: str | None = None
    phone: list[str] | None = None
    email: list[str] | None = None
    location: Url | None = None
    location_object: Location | None = None
    status: list[str] | None = None
    membership: list[Membership] | None = None
    life: str | None = None
    life_source: str | None = None


class AgendaItem(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/AgendaItem"] = (
        "https://schema.oparl.org/1.1/AgendaItem"
    )
    meeting: Url | None = None
    number: str | None = None
    order: int
    name: str | None = None
    public: bool | None = None
    consultation: Url | None = None
    result: str | None = None
    resolution_text: str | None = None
    resolution_file: File | None = None
    auxiliary_file: list[File] | None = None
    start: DateTime | None = None
    end: DateTime | None = None


class Meeting(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Meeting"] = "https://schema.oparl.org/1.1/Meeting"
    name: str | None = None
    meeting_state: str | None = None
    cancelled: bool | None = None
    start: DateTime | None = None
    end: DateTime | None = None
    location: Location | None = None
    organization: list[Url] | None = None
    participant: list[Url] | None = None
    invitation: File | None = None
    results_protocol: File | None = None
    verbatim_protocol: File | None = None
    auxiliary_file: list[File] | None = None
    agenda_item: list[AgendaItem] | None = None


class Consultation(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Consultation"] = (
        "https://schema.oparl.org/1.1/Consultation"
    )
    paper: Url | None = None
    agenda_item: Url | None = None
    meeting: Url | None = None
    organization: list[Url] | None = None
    authoritative: bool | None = None
    role: str | None = None


class Paper(Keyworded):
    type: Literal["https://schema.oparl.org/1.1/Paper"] = "https://schema.oparl.org/1.1/Paper"
    body: Url | None = None
    name: str | None = None
    reference: str | None = None
    date: Date | None = None
    paper_type: str | None = None
    related_paper: list[Url] | None = None
    superordinated_paper: list[Url] | None = None
    subordinated_paper: list[Url] | None = None
    main_file: File | None = None
    auxiliary_file: list[File] | None = None
    location: list[Location] | None = None
    originator_person: list[Url] | None = None
    under_direction_of: list[Url] | None = None
    originator_organization: list[Url] | None = None
    consultation: list[Consultation] | None = None


OBJECT_TYPES: dict[str, type[Common]] = {
    f"{SCHEMA}{model.__name__}": model
    for model in (
        System,
        Body,
        LegislativeTerm,
        Organization,
        Person,
        Membership,
        Meeting,
        AgendaItem,
        Paper,
        Consultation,
        File,
        Location,
    )
}


class Tombstone(OParlModel):
    """A deleted object (spec 2.8): ``id``, ``type`` and ``created`` stay, ``modified`` is the
    moment of deletion, ``deleted`` is true, and nothing else is left."""

    id: Url
    type: str = Field(pattern=r"^https://schema\.oparl\.org/1\.1/[A-Za-z]+$")
    created: DateTime
    modified: DateTime
    deleted: Literal[True] = True


class Pagination(OParlModel):
    total_elements: int | None = Field(default=None, ge=0)
    elements_per_page: int | None = Field(default=None, ge=1)
    current_page: int | None = Field(default=None, ge=1)
    total_pages: int | None = Field(default=None, ge=1)


class Links(OParlModel):
    first: Url | None = None
    prev: Url | None = None
    self_: Url | None = Field(default=None, alias="self")
    next: Url | None = None
    last: Url | None = None
    web: Url | None = None


def _tag(value: object) -> str:
    """The discriminator of a list entry: «Tombstone» for a deleted object, else its type."""
    if isinstance(value, dict):
        if value.get("deleted"):
            return "Tombstone"
        return str(value.get("type", "")).removeprefix(SCHEMA)
    return type(value).__name__


AnyObject = Annotated[
    Annotated[System, Tag("System")]
    | Annotated[Body, Tag("Body")]
    | Annotated[LegislativeTerm, Tag("LegislativeTerm")]
    | Annotated[Organization, Tag("Organization")]
    | Annotated[Person, Tag("Person")]
    | Annotated[Membership, Tag("Membership")]
    | Annotated[Meeting, Tag("Meeting")]
    | Annotated[AgendaItem, Tag("AgendaItem")]
    | Annotated[Paper, Tag("Paper")]
    | Annotated[Consultation, Tag("Consultation")]
    | Annotated[File, Tag("File")]
    | Annotated[Location, Tag("Location")]
    | Annotated[Tombstone, Tag("Tombstone")],
    Discriminator(_tag),
]


class ListPage(OParlModel):
    """One page of an external object list (spec 2.5): data, pagination and links; ``next``
    is required on every page but the last."""

    data: list[AnyObject]
    pagination: Pagination
    links: Links
