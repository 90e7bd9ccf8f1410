"""The web app's access policy (`access_policy.yaml`): who may use each route, as data,
loaded strictly (a bad key or value is named). It documents the rules that live in
`notewell.services.access`; tests/web/test_access_matrix.py checks the app against it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from notewell.core.errors import NotewellError

POLICY_FILE = Path(__file__).with_name("access_policy.yaml")
ROLES = ("signed_out", "admin", "clinician", "supervisor", "biller")
OUTCOMES = ("public", "allow", "deny", "hidden", "login", "closed")
ROUTE_KEYS = {"doc", "form", "json", "fresh_session", *ROLES}
ROUTE_NAME = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S*)$")
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


class PolicyError(NotewellError):
    """The policy file is malformed; the message names the route and key."""


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    method: str
    path: str
    doc: str
    # role -> variant (or "" when the outcome is the same for every variant) -> outcome
    outcomes: dict[str, dict[str, str]]
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    fresh_session: bool = False

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def outcome(self, role: str, variants: dict[str, str]) -> str:
        """The outcome for `role` with the path parameters filled by `variants`
        (parameter -> variant)."""
        by_variant = self.outcomes[role]
        if "" in by_variant:
            return by_variant[""]
        return next(by_variant[v] for v in variants.values() if v in by_variant)


@dataclass(frozen=True, slots=True)
class AccessPolicy:
    objects: dict[str, tuple[str, ...]]  # path parameter -> the variants that fill it
    routes: dict[str, RoutePolicy] = field(default_factory=dict)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML mapping that repeats a key is an error, not a silent overwrite."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise PolicyError(f"access policy: {key!r} appears twice")
        seen.add(key)
    return dict(loader.construct_pairs(node))


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_policy(path: Path = POLICY_FILE) -> AccessPolicy:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise PolicyError(f"access policy: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) != {"objects", "routes"}:
        raise PolicyError("access policy: the file holds exactly `objects` and `routes`")
    objects = _objects(data["objects"])
    routes = {
        name: _route(name, body, objects)
        for name, body in _mapping(data["routes"], "routes").items()
    }
    return AccessPolicy(objects, routes)


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise PolicyError(f"access policy: {where} must be a mapping")
    return value


def _objects(value: object) -> dict[str, tuple[str, ...]]:
    objects = _mapping(value, "objects")
    for name, variants in objects.items():
        if (
            not isinstance(variants, list)
            or not variants
            or not all(isinstance(v, str) for v in variants)
        ):
            raise PolicyError(f"access policy: objects.{name} must be a list of variant names")
    return {name: tuple(variants) for name, variants in objects.items()}


def _route(name: str, value: object, objects: dict[str, tuple[str, ...]]) -> RoutePolicy:
    matched = ROUTE_NAME.match(name)
    if not matched:
        raise PolicyError(f"access policy: route {name!r} is not 'METHOD /path'")
    body = _mapping(value, name)
    unknown = set(body) - ROUTE_KEYS
    if unknown:
        raise PolicyError(f"access policy: {name}: unknown key {sorted(unknown)[0]!r}")
    missing = [role for role in ROLES if role not in body]
    if missing or not isinstance(body.get("doc"), str):
        raise PolicyError(f"access policy: {name}: missing {(missing or ['doc'])[0]!r}")
    method, path = matched.groups()
    parameters = PARAMETER.findall(path)
    for parameter in parameters:
        if parameter not in objects:
            raise PolicyError(f"access policy: {name}: no objects for parameter {parameter!r}")
    choices = [set(objects[p]) for p in parameters]
    outcomes = {role: _outcomes(name, role, body[role], choices) for role in ROLES}
    form = body.get("form")
    if form is not None and not all(
        isinstance(v, str) for v in _mapping(form, f"{name}.form").values()
    ):
        raise PolicyError(f"access policy: {name}: form values are strings")
    json = body.get("json")
    if json is not None:
        _mapping(json, f"{name}.json")
    fresh = body.get("fresh_session", False)
    if not isinstance(fresh, bool):
        raise PolicyError(f"access policy: {name}: fresh_session is true or false")
    return RoutePolicy(method, path, body["doc"], outcomes, form, json, fresh)


def _outcomes(name: str, role: str, value: object, choices: list[set[str]]) -> dict[str, str]:
    """One outcome, or one per variant of one of the route's path parameters."""
    if isinstance(value, str):
        by_variant = {"": value}
    else:
        by_variant = _mapping(value, f"{name}.{role}")
        if set(by_variant) not in choices:
            options = " or ".join(str(sorted(c)) for c in choices) or "none (no parameters)"
            raise PolicyError(
                f"access policy: {name}.{role}: name each variant of one parameter: {options}"
            )
    for outcome in by_variant.values():
        if outcome not in OUTCOMES:
            raise PolicyError(
                f"access policy: {name}.{role}: {outcome!r} is not one of {', '.join(OUTCOMES)}"
            )
    return by_variant
