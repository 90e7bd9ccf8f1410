"""The standardized measures as data (`data/measures.yaml`), strictly loaded.

Pydantic with `extra="forbid"`: a misspelt key is an error naming it. The loader also
checks what the scoring relies on: the bands cover every possible total exactly once,
a risk item or a cluster names items the measure has.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from notewell.core.errors import ConfigError
from notewell.core.models import RISK_TYPES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MissingRule(_Strict):
    max_missing: int = Field(ge=0)
    rule: str = Field(min_length=1)


class Band(_Strict):
    min: int
    max: int
    label: str = Field(min_length=1)

    def holds(self, total: int) -> bool:
        return self.min <= total <= self.max


class ChangeThresholds(_Strict):
    """Points of change that count as reliable (and, where published, meaningful)."""

    reliable: int = Field(ge=1)
    meaningful: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> ChangeThresholds:
        if self.meaningful is not None and self.meaningful < self.reliable:
            raise ValueError("'meaningful' change must be at least the 'reliable' change")
        return self


class RiskItem(_Strict):
    item: int = Field(ge=1)
    risk_type: str
    prompt: str = Field(min_length=1)

    @field_validator("risk_type")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in RISK_TYPES:
            raise ValueError(f"unknown risk type {value!r} (known: {', '.join(RISK_TYPES)})")
        return value


class ClusterGroup(_Strict):
    code: str = Field(pattern=r"^[A-Z]$")
    name: str
    items: tuple[int, int]  # first and last item, inclusive
    needed: int = Field(ge=1)


class Clusters(_Strict):
    symptom_at: int = Field(ge=1)
    groups: tuple[ClusterGroup, ...] = Field(min_length=1)


class Measure(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+$")
    name: str
    title: str
    assesses: str
    names: tuple[str, ...] = Field(min_length=1)
    item_range: tuple[int, int]
    answers: tuple[str, ...]
    items: tuple[str, ...] = Field(min_length=1)
    missing: MissingRule
    bands: tuple[Band, ...] = Field(min_length=1)
    change: ChangeThresholds
    risk_items: tuple[RiskItem, ...] = ()
    clusters: Clusters | None = None

    def __hash__(self) -> int:
        # Ids are unique (the loader checks): hashing every field of the model, as
        # pydantic would, made each cached per-measure pattern lookup slow.
        return hash(self.id)

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def max_total(self) -> int:
        return self.item_range[1] * self.item_count

    def band(self, total: int) -> Band:
        return next(b for b in self.bands if b.holds(total))

    def worded_answer(self, text: str) -> int | None:
        """The answer whose wording comes last in `text` ("Several days" -> 1), or None."""
        lowered = text.lower()
        found = [
            (lowered.rfind(wording), number)
            for number, wording in enumerate(self.answers, self.item_range[0])
            if wording in lowered
        ]
        return max(found)[1] if found else None

    def item_number(self, key: str) -> int | None:
        """The item a form's label names: "9", "Q9", "item 9", "#9", or a cluster code
        ("D2" is the PCL-5's item 9); None when it names no item of this measure."""
        key = key.strip().rstrip(".):").strip()
        plain = re.fullmatch(r"(?i)(?:q|item\s*|question\s*|#\s*)?(\d{1,2})", key)
        if plain:
            number = int(plain.group(1))
            return number if 1 <= number <= self.item_count else None
        coded = re.fullmatch(r"([A-Z])(\d)", key)
        if coded and self.clusters is not None:
            for group in self.clusters.groups:
                first, last = group.items
                if group.code == coded.group(1) and 1 <= int(coded.group(2)) <= last - first + 1:
                    return first + int(coded.group(2)) - 1
        return None

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        low, high = self.item_range
        if not 0 <= low < high:
            raise ValueError(f"item_range {list(self.item_range)} must be two rising numbers")
        if len(self.answers) != high - low + 1:
            raise ValueError(f"'answers' needs one wording per answer {low}-{high}")
        if self.missing.max_missing >= self.item_count:
            raise ValueError("'max_missing' must leave at least one answered item")
        expected = low * self.item_count
        for band in sorted(self.bands, key=lambda b: b.min):
            if band.min != expected or band.max < band.min:
                raise ValueError(f"bands must cover {expected}-{self.max_total} without gaps")
            expected = band.max + 1
        if expected != self.max_total + 1:
            raise ValueError(f"bands must end at the highest total, {self.max_total}")
        for risk in self.risk_items:
            if risk.item > self.item_count:
                raise ValueError(f"risk item {risk.item} is not one of the {self.item_count}")
        if self.clusters is not None:
            for group in self.clusters.groups:
                first, last = group.items
                if not 1 <= first <= last <= self.item_count:
                    raise ValueError(
                        f"cluster {group.name!r} names items outside 1-{self.item_count}"
                    )
        return self


class _MeasureFile(_Strict):
    other_scales: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = Field(min_length=1)


def parse_measures(text: str, source: str = "measures file") -> dict[str, Measure]:
    """Measures by id, from YAML text; a malformed file is a `ConfigError` naming the field."""
    return _parse(text, source)[0]


def _parse(text: str, source: str) -> tuple[dict[str, Measure], tuple[str, ...]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML ({exc})") from None
    try:
        parsed = _MeasureFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "file"
        raise ConfigError(f"{source}: {where}: {error['msg']}") from None
    by_id: dict[str, Measure] = {}
    for measure in parsed.measures:
        if measure.id in by_id:
            raise ConfigError(f"{source}: measure id {measure.id!r} appears twice")
        by_id[measure.id] = measure
    return by_id, parsed.other_scales


@cache
def _packaged() -> tuple[dict[str, Measure], tuple[str, ...]]:
    text = resources.files(__package__).joinpath("data", "measures.yaml").read_text("utf-8")
    return _parse(text, "measures.yaml")


def measures() -> dict[str, Measure]:
    """The packaged measures (PHQ-9, GAD-7, PCL-5), by id."""
    return _packaged()[0]


def other_scales() -> tuple[str, ...]:
    """Other scales notes name beside these (`other_scales`): their scores are theirs."""
    return _packaged()[1]


def find_measure(name: str) -> Measure:
    """A measure by id or any of its names ('phq9', 'PHQ-9', 'phq 9')."""
    key = _key(name)
    for measure in measures().values():
        if key == measure.id or any(key == _key(n) for n in measure.names):
            return measure
    known = ", ".join(m.name for m in measures().values())
    raise ConfigError(f"unknown measure {name!r} (known: {known})")


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())
