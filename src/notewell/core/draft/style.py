"""The clinician's style preferences: how the draft names people and how much it says.

Loaded from YAML text (the CLI reads `--style FILE` or the user's config file);
validated strictly so a misspelt key is an error that names it.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from notewell.core.errors import ConfigError

_PRONOUNS = {
    "they": {
        "subject": "they",
        "object": "them",
        "possessive": "their",
        "reflexive": "themselves",
        "be": "were",
    },
    "she": {
        "subject": "she",
        "object": "her",
        "possessive": "her",
        "reflexive": "herself",
        "be": "was",
    },
    "he": {
        "subject": "he",
        "object": "him",
        "possessive": "his",
        "reflexive": "himself",
        "be": "was",
    },
}


class StylePreferences(BaseModel):
    """Example YAML:

    client_term: client        # client | patient | member | initials
    client_initials: A.B.      # used when client_term is initials
    clinician_term: therapist  # therapist | clinician | writer | counselor
    pronouns: they             # they | she | he
    verbosity: concise         # concise | detailed
    section_titles: {Data: "D — Data"}
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_term: Literal["client", "patient", "member", "initials"] = "client"
    client_initials: str | None = None
    clinician_term: Literal["therapist", "clinician", "writer", "counselor"] = "therapist"
    pronouns: Literal["they", "she", "he"] = "they"
    verbosity: Literal["concise", "detailed"] = "concise"
    section_titles: dict[str, str] = Field(default_factory=dict)

    @field_validator("client_initials")
    @classmethod
    def _initials_short(cls, value: str | None) -> str | None:
        if value is not None and not (1 <= len(value.strip()) <= 8):
            raise ValueError("client_initials must be 1 to 8 characters")
        return value

    @property
    def client(self) -> str:
        """The client's name in the record, capitalised as at the start of a sentence."""
        if self.client_term == "initials":
            return self.client_initials or "Client"
        return self.client_term.capitalize()

    @property
    def clinician(self) -> str:
        return (
            "This writer" if self.clinician_term == "writer" else self.clinician_term.capitalize()
        )

    def pronoun(self, form: str) -> str:
        return _PRONOUNS[self.pronouns][form]

    def title(self, section: str) -> str:
        return self.section_titles.get(section, section)


def parse_style(text: str, source: str = "style file") -> StylePreferences:
    try:
        data: Any = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of preferences")
    try:
        return StylePreferences(**data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or "(top level)"
        raise ConfigError(f"{source}: {field}: {error['msg']}") from None
