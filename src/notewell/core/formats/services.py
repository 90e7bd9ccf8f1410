"""The services a practice documents (data/services.yaml): intake, group, crisis, ...

A service names the service type the extractor reports for it (the CPT suggestion's
key), the format it drafts in unless the clinician picks another, and whether it is
billed with a psychotherapy-section code. The clinician states it (`--service`) or the
input does ("Intake, 60 min"); with neither, a note is individual psychotherapy.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from notewell.core.errors import FormatError
from notewell.core.models import SessionFacts


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    title: str
    service_type: str
    format: str
    psychotherapy_code: bool  # billed with a CPT psychotherapy-section code (90791-90853)
    aliases: tuple[str, ...] = ()
    skip_rules: tuple[str, ...] = ()


@cache
def list_services() -> tuple[Service, ...]:
    """Every service, in the catalogue's order, strictly loaded."""
    text = resources.files(__package__).joinpath("data", "services.yaml").read_text("utf-8")
    try:
        raw = yaml.safe_load(text)
        if not isinstance(raw, list):
            raise FormatError("services.yaml: expected a list of services")
        services = tuple(Service.model_validate(entry) for entry in raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FormatError(f"services.yaml: {where}: {first['msg']}") from None
    from notewell.core.check.catalogue import rule_ids
    from notewell.core.formats import BUILTIN_FORMATS

    names: set[str] = set()
    for service in services:
        unknown = sorted(set(service.skip_rules) - set(rule_ids()))
        if unknown:
            raise FormatError(f"services.yaml: {service.id}: unknown rule {unknown[0]!r}")
        if service.format not in BUILTIN_FORMATS:
            raise FormatError(f"services.yaml: {service.id}: unknown format {service.format!r}")
        for name in (service.id, *service.aliases):
            if name in names:
                raise FormatError(f"services.yaml: {name!r} names two services")
            names.add(name)
    return services


def find_service(name: str) -> Service:
    """The service an id or alias names (case-insensitive; `_` and spaces as `-`)."""
    key = "-".join(name.strip().lower().replace("_", " ").split())
    for service in list_services():
        if key == service.id or key in service.aliases:
            return service
    known = ", ".join(s.id for s in list_services())
    raise FormatError(f"unknown service {name!r} (known: {known})")


def service_of_type(service_type: str | None) -> Service:
    """The service whose notes the extractor's service type describes (individual
    psychotherapy when the input names none)."""
    if service_type is not None:
        for service in list_services():
            if service.service_type == service_type:
                return service
        if service_type.startswith("family psychotherapy"):
            return find_service("family")
    return find_service("individual")


def stated_service_type(service: Service, detected: str | None) -> str:
    """The service type a note of `service` has: a family session keeps the input's
    "without client" (90846) when the input says the client was not present."""
    if service.id == "family" and detected == "family psychotherapy without client":
        return detected
    return service.service_type


def with_service(facts: SessionFacts, name: str | None) -> tuple[SessionFacts, Service]:
    """The facts as a note of the service the clinician named (`name`), or else of the
    one the input states; the service type is set so the CPT suggestion follows."""
    detected = facts.service.service_type
    if name is None:
        return facts, service_of_type(detected)
    service = find_service(name)
    service_type = stated_service_type(service, detected)
    return replace(facts, service=replace(facts.service, service_type=service_type)), service
