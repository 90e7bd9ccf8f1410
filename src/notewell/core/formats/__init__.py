"""Note formats are data: each maps session elements to named sections.

Built-in formats live in `data/*.yaml`; a user-defined format is the same shape, loaded
from text the caller read (`parse_format`). Loading is strict: an unknown key or an
unknown element is an error that names it, so a typo never silently drops content.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml

from notewell.core.errors import FormatError
from notewell.core.models import ELEMENTS

_FORMAT_KEYS = {"name", "title", "description", "kind", "sections"}
_SECTION_KEYS = {"name", "elements", "require"}
_REQUIRE_KEYS = {"element", "prompt"}
# A format's kind decides what its sections may hold: progress and psychotherapy
# formats hold session elements, an intake holds the biopsychosocial topics
# (notewell.core.intake), a group note holds session elements for the group's note.
_KINDS = {"progress", "psychotherapy", "intake", "group"}


@dataclass(frozen=True, slots=True)
class Requirement:
    element: str
    prompt: str


@dataclass(frozen=True, slots=True)
class SectionSpec:
    name: str
    elements: tuple[str, ...]
    require: tuple[Requirement, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteFormat:
    name: str
    title: str
    description: str
    kind: str
    sections: tuple[SectionSpec, ...]

    def section_for(self, element: str) -> SectionSpec | None:
        """The first section that holds `element`, or None when the format drops it."""
        for section in self.sections:
            if element in section.elements:
                return section
        return None


BUILTIN_FORMATS: tuple[str, ...] = (
    "soap",
    "dap",
    "birp",
    "girp",
    "pirp",
    "pie",
    "psychotherapy",
    "intake",
    "group",
    "family",
    "crisis",
    "contact",
    "treatment-plan",
    "discharge",
)
# Formats a single client's progress note can be drafted in (a group note drafts one of
# these per member; the psychotherapy note is the private one).
NOTE_FORMATS: tuple[str, ...] = tuple(
    n for n in BUILTIN_FORMATS if n not in ("psychotherapy", "group", "intake")
)
# Formats a note in the record has: a member's note of a group session is in one of the
# NOTE_FORMATS, with the group's part before its own sections.
RECORD_FORMATS: tuple[str, ...] = tuple(
    n for n in BUILTIN_FORMATS if n not in ("psychotherapy", "group")
)


def list_formats() -> list[NoteFormat]:
    return [load_format(name) for name in BUILTIN_FORMATS]


@cache
def load_format(name: str) -> NoteFormat:
    """A built-in format by name (case-insensitive)."""
    key = name.strip().lower()
    if key not in BUILTIN_FORMATS:
        raise FormatError(f"unknown format {name!r} (known: {', '.join(BUILTIN_FORMATS)})")
    text = resources.files(__package__).joinpath("data", f"{key}.yaml").read_text("utf-8")
    return parse_format(text, source=f"built-in format {key}")


def parse_format(text: str, source: str = "format file") -> NoteFormat:
    """Parse and validate a format definition written in YAML."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FormatError(f"{source}: not valid YAML ({_yaml_problem(exc)})") from None
    return format_from_dict(data, source)


def format_from_dict(data: Any, source: str = "format file") -> NoteFormat:
    if not isinstance(data, dict):
        raise FormatError(f"{source}: expected a mapping with 'name' and 'sections'")
    _reject_unknown(data, _FORMAT_KEYS, source)
    name = _required_str(data, "name", source)
    kind = data.get("kind", "progress")
    if kind not in _KINDS:
        raise FormatError(f"{source}: 'kind' must be one of {sorted(_KINDS)}, not {kind!r}")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise FormatError(f"{source}: 'sections' must be a non-empty list")
    vocabulary = _element_vocabulary(kind)
    sections = tuple(
        _section_from_dict(item, f"{source}: sections[{i}]", vocabulary)
        for i, item in enumerate(raw_sections)
    )
    names = [s.name for s in sections]
    if len(set(names)) != len(names):
        raise FormatError(f"{source}: section names must be unique, got {names}")
    return NoteFormat(
        name=name.lower(),
        title=str(data.get("title") or name.upper()),
        description=str(data.get("description") or ""),
        kind=kind,
        sections=sections,
    )


def _element_vocabulary(kind: str) -> tuple[str, ...]:
    if kind == "intake":
        from notewell.core.intake.topics import INTAKE_ELEMENTS

        return INTAKE_ELEMENTS
    return ELEMENTS


def _section_from_dict(data: Any, where: str, vocabulary: tuple[str, ...]) -> SectionSpec:
    if not isinstance(data, dict):
        raise FormatError(f"{where}: expected a mapping with 'name' and 'elements'")
    _reject_unknown(data, _SECTION_KEYS, where)
    name = _required_str(data, "name", where)
    elements = data.get("elements")
    if not isinstance(elements, list) or not elements:
        raise FormatError(f"{where}: 'elements' must be a non-empty list of session elements")
    for element in elements:
        _check_element(element, f"{where}.elements", vocabulary)
    requirements = []
    for j, req in enumerate(data.get("require") or []):
        req_where = f"{where}.require[{j}]"
        if not isinstance(req, dict):
            raise FormatError(f"{req_where}: expected a mapping with 'element' and 'prompt'")
        _reject_unknown(req, _REQUIRE_KEYS, req_where)
        element = req.get("element")
        _check_element(element, f"{req_where}.element", vocabulary)
        if element not in elements:
            raise FormatError(f"{req_where}: element {element!r} is not in this section's elements")
        prompt = _required_str(req, "prompt", req_where)
        requirements.append(Requirement(element=cast(str, element), prompt=prompt))
    return SectionSpec(name=name, elements=tuple(elements), require=tuple(requirements))


def _check_element(element: Any, where: str, vocabulary: tuple[str, ...]) -> None:
    if element not in vocabulary:
        raise FormatError(f"{where}: unknown element {element!r} (known: {', '.join(vocabulary)})")


def _required_str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormatError(f"{where}: {key!r} is required and must be text")
    return value.strip()


def _reject_unknown(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise FormatError(
            f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "syntax error"
    if mark is not None:
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
    return str(problem)
