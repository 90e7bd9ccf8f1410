"""Format files and style preferences are data with strict loaders."""

from __future__ import annotations

import pytest

from notewell.core.draft.style import parse_style
from notewell.core.errors import ConfigError, FormatError
from notewell.core.formats import BUILTIN_FORMATS, list_formats, load_format, parse_format


def test_when_builtins_load_then_each_has_sections():
    assert [f.name for f in list_formats()] == list(BUILTIN_FORMATS)
    assert load_format("SOAP").sections[0].name == "Subjective"


BAD_FORMATS = [
    ("not-yaml", "name: [x", "not valid YAML"),
    ("not-mapping", "- a\n- b\n", "expected a mapping"),
    ("unknown-key", "name: x\ncolour: red\nsections: [{name: A, elements: [plan]}]", "colour"),
    ("no-sections", "name: x\nsections: []", "sections"),
    ("unknown-element", "name: x\nsections: [{name: A, elements: [feelings]}]", "feelings"),
    ("section-key", "name: x\nsections: [{name: A, elements: [plan], order: 1}]", "order"),
    (
        "require-not-in-section",
        "name: x\nsections: [{name: A, elements: [plan], require: [{element: risk, prompt: p}]}]",
        "risk",
    ),
    (
        "duplicate-section",
        "name: x\nsections: [{name: A, elements: [plan]}, {name: A, elements: [risk]}]",
        "unique",
    ),
]


@pytest.mark.parametrize(
    ("text", "needle"), [b[1:] for b in BAD_FORMATS], ids=[b[0] for b in BAD_FORMATS]
)
def test_when_format_file_is_malformed_then_the_error_names_the_field(text, needle):
    with pytest.raises(FormatError, match=needle):
        parse_format(text)


def test_when_format_is_unknown_then_error_lists_known_ones():
    with pytest.raises(FormatError, match="soap, dap, birp, girp"):
        load_format("xyz")


def test_when_style_has_unknown_key_then_it_is_named():
    with pytest.raises(ConfigError, match="client_trem"):
        parse_style("client_trem: patient\n")
    with pytest.raises(ConfigError, match="pronouns"):
        parse_style("pronouns: it\n")


def test_when_style_uses_initials_then_client_is_named_by_them():
    assert parse_style("client_term: initials\nclient_initials: A.B.\n").client == "A.B."
