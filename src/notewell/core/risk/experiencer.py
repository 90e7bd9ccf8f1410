"""Whose risk a mention is, from the agreement of English pronouns.

A note says "Client ... her" and then "he wants to kill himself": the client is a woman,
so the one who wants to die is someone else (her boyfriend). And "Client admitted ... he
told his wife he would slit her throat": the client is the actor and the harm is aimed
at a woman, so it is violence toward another person, not self-harm. Only a gender the
clause itself establishes for the client is used; "they" and names decide nothing.
"""

from __future__ import annotations

import re
from typing import Literal

from notewell.core.risk.vocabulary import structure_vocabulary

Gender = Literal["m", "f"]
Whose = Literal["other", "aimed_at_other"] | None

_PRONOUN_GENDER: dict[str, Gender] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_PRONOUN = re.compile(r"(?i)\b(he|him|his|himself|she|her|hers|herself)\b")
_SUBJECT = re.compile(r"(?i)\b(he|she)\b")
_REFLEXIVE = re.compile(r"(?i)\b(himself|herself)\b")
_POSSESSIVE = re.compile(r"(?i)\b(his|her)\b")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_FIRST_PERSON_SELF = re.compile(r"(?i)\b(myself|my self)\b")
_CLIENT = re.compile(r"(?i)\b(client|pt|patient|veteran|member)\b(?!'s)")


def unquoted(text: str) -> str:
    """The text with quoted words blanked (same length): "I" or "he" inside a quote is
    the speaker's, not the note's."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def client_gender(text: str) -> Gender | None:
    """The gender of the first pronoun after "client", with nobody else named between
    ("Client's mother said she ..." establishes nothing)."""
    text = unquoted(text)  # "he" in her words is another
    client = _CLIENT.search(text)
    if client is None:
        return None
    pronoun = _PRONOUN.search(text, client.end())
    if pronoun is None:
        return None
    between = text[client.end() : pronoun.start()]
    if structure_vocabulary().lists["other_people"].search(between):
        return None
    return _PRONOUN_GENDER[pronoun.group(1).lower()]


def whose(text: str, start: int, end: int) -> Whose:
    """`other` when the mention's actor cannot be the client; `aimed_at_other` when the
    client is the actor and the harm named is aimed at someone of another gender."""
    client = client_gender(text)
    if client is None:
        return None
    inside = text[start:end]
    if _FIRST_PERSON_SELF.search(inside):
        return None  # "I'll kill her and then myself": the speaker, the client, acts on self
    actors = list(_SUBJECT.finditer(text, 0, start))
    actor = _PRONOUN_GENDER[actors[-1].group(1).lower()] if actors else None
    if (reflexive := _REFLEXIVE.search(inside)) is not None:
        return "other" if _PRONOUN_GENDER[reflexive.group(1).lower()] != client else None
    if actor is not None and actor != client:
        return "other"
    possessive = _POSSESSIVE.search(inside)
    if possessive is not None and _PRONOUN_GENDER[possessive.group(1).lower()] != client:
        return "aimed_at_other"
    return None


# People words that name a gender ("her ex" names none).
_MEN = frozenset(
    [
        "father",
        "dad",
        "stepfather",
        "stepdad",
        "brother",
        "stepbrother",
        "half-brother",
        "son",
        "stepson",
        "husband",
        "ex-husband",
        "boyfriend",
        "ex-boyfriend",
        "uncle",
        "nephew",
        "grandfather",
        "grandpa",
        "fiance",
    ]
)
_WOMEN = frozenset(
    [
        "mother",
        "mom",
        "mum",
        "stepmother",
        "stepmom",
        "sister",
        "stepsister",
        "half-sister",
        "daughter",
        "stepdaughter",
        "wife",
        "ex-wife",
        "girlfriend",
        "ex-girlfriend",
        "aunt",
        "niece",
        "grandmother",
        "grandma",
        "fiancee",
    ]
)


def person_gender(words: str) -> Gender | None:
    """The gender a people word names, if it names one ("his father": m)."""
    for word in re.findall(r"[a-z-]+", words.lower()):
        if word in _MEN:
            return "m"
        if word in _WOMEN:
            return "f"
    return None
