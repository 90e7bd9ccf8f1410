"""The fresh draft's source view: the input cut at span boundaries, private reflections
replaced by one placeholder. SYNTHETIC text."""

from __future__ import annotations

import pytest

from notewell.web.provenance import segments

TEXT = "Low mood. Used CR. I wonder why. Plan weekly."


@pytest.mark.parametrize(
    ("spans", "private", "expected"),
    [
        pytest.param([], [], [(TEXT, False, False)], id="no-spans-one-plain-segment"),
        pytest.param(
            [(0, 9), (10, 18)],
            [],
            [
                ("Low mood.", True, False),
                (" ", False, False),
                ("Used CR.", True, False),
                (" I wonder why. Plan weekly.", False, False),
            ],
            id="covered-and-plain-alternate",
        ),
        pytest.param(
            [(0, 18), (10, 18)],
            [],
            [
                ("Low mood. ", True, False),
                ("Used CR.", True, False),
                (" I wonder why. Plan weekly.", False, False),
            ],
            id="overlapping-spans-cut-at-each-boundary",
        ),
        pytest.param(
            [(33, 45)],
            [(19, 25), (25, 32)],
            [
                ("Low mood. Used CR. ", False, False),
                ("", False, True),
                (" ", False, False),
                ("Plan weekly.", True, False),
            ],
            id="private-stretch-is-one-placeholder-and-its-text-is-gone",
        ),
        pytest.param(
            [(-5, 3), (40, 999)],
            [],
            [("Low", True, False), (TEXT[3:40], False, False), (TEXT[40:], True, False)],
            id="spans-clipped",
        ),
    ],
)
def test_segments(
    spans: list[tuple[int, int]],
    private: list[tuple[int, int]],
    expected: list[tuple[str, bool, bool]],
) -> None:
    found = segments(TEXT, spans, private)
    assert [(s.text, s.covered, s.private) for s in found] == expected
    assert "wonder" not in "".join(s.text for s in found if s.private)
    for s in found:
        if not s.private:
            assert TEXT[s.start : s.end] == s.text
