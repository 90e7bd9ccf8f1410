"""A cheap, exact pre-filter: only clauses holding a key word of some risk target go
through the language pipeline, the slow part of drafting."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from notewell.core.lexicons import read_data

_WORD = re.compile(r"[a-z0-9']+")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


@cache
def _risk_vocabulary() -> frozenset[str]:
    """Key words of the risk targets: a clause containing none of them has no mention.

    Each target contributes the words of one token it cannot match without (the one
    with the longest words, so "to"/"of" are never keys): a cheap, exact pre-filter.
    """
    keys: set[str] = set()
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
            keys |= min(options, key=_key_cost)
    return frozenset(keys)


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
    words: set[str] = set()
    for attr, value in token.items():
        if attr not in ("LOWER", "ORTH", "TEXT", "NORM"):
            continue  # IS_ALPHA, OP and the like say nothing about the words
        values = value.get("IN", []) if isinstance(value, dict) else [value]
        for item in values:
            words.update(_WORD.findall(str(item).lower()))
    return words


def _words(text: str) -> set[str]:
    # Both "can't" and "can", "t": patterns key on either form of a contraction.
    lower = text.lower().replace("’", "'")
    return set(_WORD.findall(lower)) | set(_PLAIN_WORD.findall(lower))


def may_mention_risk(text: str) -> bool:
    return not _risk_vocabulary().isdisjoint(_words(text))
