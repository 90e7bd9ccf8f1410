"""Notes typed in capitals ("DENIES SI. +HI: STATES ..."): read in lower case, with the
risk abbreviations kept as written, so "HI" stays the concept and "NO PLAN" reads as the
words it is. Same length, so offsets hold."""

from __future__ import annotations

import re
from functools import cache

from notewell.core.lexicons import read_data

_WORD = re.compile(r"[A-Za-z][A-Za-z'/.-]*")
# Abbreviations the narrative vocabulary matches by their exact spelling.
_TARGET_ABBREVIATIONS = ("OD", "OD'd", "ODed", "IPV", "DV")
_PRONOUN_I = re.compile(r"^I(?:'[A-Z]+)?$")  # "I", "I'M": the pronoun keeps its capital


@cache
def _abbreviations() -> frozenset[str]:
    terms = read_data("risk_structures.yaml")["terms"]
    exact = {str(t) for entry in terms.values() for t in entry.get("exact", [])}
    return frozenset(exact | set(_TARGET_ABBREVIATIONS))


def mostly_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def uncapped(text: str) -> str:
    if not mostly_capitals(text):
        return text
    keep = _abbreviations()
    return _WORD.sub(lambda m: _lower(m.group(), keep), text)


def _lower(word: str, keep: frozenset[str]) -> str:
    if word in keep:
        return word
    if _PRONOUN_I.match(word):
        return "I" + word[1:].lower()
    return word.lower()
