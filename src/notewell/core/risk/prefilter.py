"""A cheap, exact pre-filter: only clauses holding a key word of some risk target go
through the language pipeline, the slow part of drafting."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from notewell.core.lexicons import read_data

_WORD = re.compile(r"[a-z0-9']+")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


Requirement = tuple[frozenset[str], ...]


@cache
def _risk_index() -> dict[str, tuple[Requirement, ...]]:
    """Key word -> the word requirements of the targets keyed on it.

    Each target is keyed on one token it cannot match without (the one with the rarest,
    longest words, so "to"/"of" are never keys); its requirement is every required
    token's words. A clause can hold a mention only if it meets some requirement of a
    key it contains: exact, and cheap (a few set lookups per clause).
    """
    index: dict[str, list[Requirement]] = {}
    for entries in read_data("risk_targets.yaml").values():
        for entry in entries:
            pattern = entry.get("pattern")
            if pattern is None:
                options = [{w} for w in _PLAIN_WORD.findall(entry["literal"].lower())]
            else:
                options = [
                    _token_words(token) for token in pattern if token.get("OP") in (None, "+")
                ]
            options = [words for words in options if words]  # "/" has no word to key on
            requirement = tuple(frozenset(words) for words in options)
            for key in min(options, key=_key_cost):
                index.setdefault(key, []).append(requirement)
    return {key: tuple(reqs) for key, reqs in index.items()}


@cache
def _risk_vocabulary() -> frozenset[str]:
    return frozenset(_risk_index())


_COMMON = frozenset(
    [
        "not",
        "never",
        "no",
        "to",
        "be",
        "it",
        "can",
        "could",
        "ca",
        "want",
        "wants",
        "wanted",
        "wanting",
        "go",
        "on",
        "up",
        "i",
        "she",
        "he",
        "they",
        "my",
        "her",
        "his",
        "their",
        "the",
        "a",
        "an",
        "of",
        "about",
        "like",
        "feel",
        "feels",
        "felt",
        "think",
        "thinking",
        "thought",
        "thoughts",
        "something",
        "someone",
        "things",
        "all",
        "would",
        "will",
        "wish",
        "hope",
        "hoping",
        "really",
        "even",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "is",
        "was",
        "were",
        "are",
        "in",
        "at",
        "with",
        "for",
        "and",
        "or",
        "so",
        "just",
        "kind",
        "life",
        "live",
        "living",
        "n't",
        "t",
        "s",
    ]
)


def _key_cost(words: set[str]) -> tuple[int, int]:
    # Prefer the token whose words are rare in notes, then the one with longer words.
    return (sum(w in _COMMON for w in words), -min(len(w) for w in words))


def _token_words(token: dict[str, Any]) -> set[str]:
    """The words one token can be; empty when it says nothing checkable about them."""
    words: set[str] = set()
    for attr, value in token.items():
        if attr not in ("LOWER", "ORTH", "TEXT", "NORM"):
            continue  # IS_ALPHA, OP and the like say nothing about the words
        if isinstance(value, dict) and "IN" not in value:
            return set()  # NOT_IN, REGEX: no word list to require
        values = value.get("IN", []) if isinstance(value, dict) else [value]
        for item in values:
            item = str(item).lower().replace("’", "'")
            if item.startswith(("'", "n'")) or not _PLAIN_WORD.search(item):
                return set()  # "n't", "'s": spaCy's pieces, not words of the text
            words.update(_WORD.findall(item) + _PLAIN_WORD.findall(item))
    return words


def _words(text: str) -> set[str]:
    # Both "can't" and "can", "t": patterns key on either form of a contraction.
    lower = text.lower().replace("’", "'")
    words = set(_WORD.findall(lower)) | set(_PLAIN_WORD.findall(lower))
    # spaCy splits "wasn't" into "was" + "n't" and "she's" into "she" + "'s".
    words |= {w[:-3] for w in words if w.endswith("n't")}
    words |= {w.split("'")[0] for w in words if "'" in w}
    return words


def may_mention_risk(text: str) -> bool:
    words = _words(text)
    index = _risk_index()
    return any(
        all(not required.isdisjoint(words) for required in requirement)
        for key in words.intersection(index)
        for requirement in index[key]
    )
