"""The members of a group session and every form of their names a note may use.

The clinician gives the roster (a form's "members present", `--member`), or the notes
state it ("Members present: Dana R., Luis, Kat"). A member is named in the notes by the
full name, the given name or surname, initials ("K.O.", "KO"), an initial and surname,
or a short form of the given name ("Kat", "Kate" for Katherine); an alias in brackets
on the roster ("Katherine Oyelaran (Kit)") is one too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from notewell.core.errors import ConfigError, InputError

# Words a roster line may hold that are not names.
_NOT_NAMES = frozenset(
    [
        "and",
        "the",
        "all",
        "members",
        "member",
        "present",
        "absent",
        "group",
        "client",
        "clients",
        "pt",
        "patient",
        "facilitator",
        "therapist",
        "cofacilitator",
        "co-facilitator",
        "left",
        "early",
        "late",
    ]
)
_ROSTER_LINE = re.compile(
    r"(?im)^[ \t]*(?:group[ \t]+)?(?:members?(?:[ \t]+present)?|attendees|attendance|"
    r"participants(?:[ \t]+present)?|present|in[ \t]+attendance|roster|clients[ \t]+present)"
    r"[ \t]*(?:\(\d+\))?[ \t]*[:\-][ \t]*(?P<names>[^\n]+)$"
)


@dataclass(frozen=True, slots=True)
class Member:
    name: str  # as the roster gives it
    aliases: tuple[str, ...]  # longest first

    @property
    def pattern(self) -> re.Pattern[str]:
        return _alias_pattern(self.aliases)


@cache
def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    forms = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in aliases)
    # Case matters: "Will" is a member, "will" a verb; initials stand alone.
    # "Mr. Volkov" is one name: the title goes with it.
    title = r"(?:(?:Mr|Ms|Mrs|Mx|Miss|Dr)\.?\s+)?"
    return re.compile(rf"(?<![\w.]){title}(?:{forms})(?:'s|’s)?(?![\w])")


@cache
def _nicknames() -> dict[str, tuple[str, ...]]:
    text = resources.files(__package__).joinpath("data/nicknames.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    names = re.findall(r"(?m)^([^\s#][^:\n]*):", text)
    if len(names) != len(set(names)):
        duplicate = next(n for n in names if names.count(n) > 1)
        raise ConfigError(f"group nicknames.yaml: {duplicate!r} is listed twice")
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in data.items()
    ):
        raise ConfigError("group nicknames.yaml: expected 'Name: [short, forms]' entries")
    return {k.lower(): tuple(v) for k, v in data.items()}


def member(entry: str) -> Member:
    """A roster entry ("Katherine Oyelaran", "Dana R.", "T.R.", "Sam (Samira) Lee")."""
    raw = " ".join(entry.split())
    extra = [a.strip() for a in re.findall(r"[(\"“]([^)\"”]+)[)\"”]", raw)]
    name = re.sub(r"\s*[(\"“][^)\"”]*[)\"”]\s*", " ", raw).strip(" ,;")
    if not name or not re.search(r"[A-Za-z]", name):
        raise InputError(f"roster entry {entry!r} has no name")
    listed = name
    if name.count(",") == 1:  # "Abernathy, Quinn": surname first
        surname_part, given_part = (p.strip() for p in name.split(","))
        name = f"{given_part} {surname_part}".strip()
        extra.append(listed)
    words = [w for w in re.split(r"\s+", name) if w]
    aliases = {name, *extra}
    if len(words) > 1:
        # Records and templates write names in capitals, surname first: "FINCH, GERALD".
        aliases |= {f"{words[-1]}, {' '.join(words[:-1])}".upper(), name.upper()}
    given = words[0].rstrip(".")
    if len(words) == 1 and re.fullmatch(r"(?:[A-Z]\.?){2,3}", words[0]):
        letters = re.findall(r"[A-Z]", words[0])
        aliases |= _initial_forms(letters)
    else:
        if len(given) >= 2 and not re.fullmatch(r"[A-Z]\.?", given):
            aliases.add(given)
            aliases |= set(_nicknames().get(_unaccented(given).lower(), ()))
            if len(given) >= 6:
                aliases.add(given[:3])  # "Kat" for "Katherine"; "Sam" for "Samira"
        if len(words) > 1:
            surname = words[-1].rstrip(".")
            if len(surname) >= 2:
                aliases.add(surname)
                aliases.add(f"{given[0]}. {surname}")
            aliases.add(f"{given} {surname[0]}.")
            aliases.add(f"{given} {surname[0]}")
            aliases |= _initial_forms([w[0].upper() for w in (words[0], words[-1])])
    if len(words) > 2:
        aliases.add(" ".join(words[:2]))  # "María José" of "María José Hernández"
    for word in words[1:]:
        if "-" in word.strip("-"):  # "García-López": said "García López", or either part
            parts = [p for p in word.split("-") if len(p) >= 3]
            aliases |= {" ".join(parts), *parts}
    if len(words) > 1 and len(words[-1]) >= 4:
        # A surname spelled out in dictation: "K-O-W-A-L-S-K-I".
        aliases.add("-".join(words[-1].upper()))
    # Accents are often left out: "Maria" for "María".
    aliases |= {plain for a in aliases if (plain := _unaccented(a)) != a}
    cleaned = tuple(sorted({a for a in aliases if a}, key=lambda a: (-len(a), a)))
    return Member(name=listed, aliases=cleaned)


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _initial_forms(letters: list[str]) -> set[str]:
    joined = "".join(letters)
    return {".".join(letters) + ".", " ".join(f"{x}." for x in letters), joined}


def roster(entries: list[str]) -> tuple[Member, ...]:
    """Members from the roster's entries; a short form two members share names neither
    (the full names still do)."""
    members = [member(e) for e in entries if e.strip()]
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise InputError("the roster names a member twice")
    counts: dict[str, int] = {}
    for m in members:
        for alias in m.aliases:
            counts[alias] = counts.get(alias, 0) + 1
    return tuple(
        Member(m.name, tuple(a for a in m.aliases if counts[a] == 1 or a == m.name))
        for m in members
    )


def roster_from_text(text: str) -> tuple[list[str], tuple[int, int] | None]:
    """The member names a "Members present:" line states, and that line's span."""
    match = _ROSTER_LINE.search(text)
    if match is None:
        return [], None
    names = []
    for part in re.split(r"\s*(?:[,;/]|\band\b|&)\s*", match.group("names")):
        part = re.sub(r"\s*\((?:absent|late|left early|excused|no[- ]show)\)", "", part, flags=re.I)
        part = part.strip(" .")
        words = [w for w in part.split() if w.lower() not in _NOT_NAMES]
        if words and re.match(r"[A-Z]", words[0]) and len(words) <= 4:
            names.append(" ".join(words))
    return names, match.span()


# Words that open sentences and are never a member's short name.
_NOT_NICKNAMES = frozenset(
    [
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "oh",
        "ok",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
        "the",
        "this",
        "that",
        "then",
        "they",
        "them",
        "their",
        "there",
        "these",
        "those",
        "she",
        "her",
        "his",
        "him",
        "when",
        "what",
        "who",
        "why",
        "how",
        "per",
        "plan",
        "group",
        "grief",
        "goal",
        "goals",
        "member",
        "members",
        "client",
        "clients",
        "risk",
        "topic",
        "session",
        "today",
        "tonight",
        "next",
        "last",
        "all",
        "each",
        "both",
        "other",
        "others",
        "one",
        "two",
        "three",
        "after",
        "before",
        "during",
        "while",
        "also",
        "again",
        "mostly",
        "later",
        "still",
        "rest",
        "remaining",
        "everyone",
        "facilitator",
        "therapist",
        "writer",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "pt",
    ]
)
_DIMINUTIVE = ("ie", "y", "ey", "i", "o", "a", "sy", "s", "ee")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w])")


def with_short_names(members: tuple[Member, ...], text: str) -> tuple[Member, ...]:
    """The members with the short forms of their names the text uses ("Penny" for
    Penelope, "Bernie" for Bernard, "Seun" for Oluwaseun): a capitalised word that is a
    beginning or end of exactly one member's given name, or such a beginning with a
    pet-name ending, and that the text never uses as an ordinary lower-case word."""
    known = {a for m in members for a in m.aliases}
    lower_words = set(re.findall(r"(?<![\w'’])[a-z]+(?![\w])", text))
    extra: dict[str, list[str]] = {m.name: [] for m in members}
    for token in sorted(set(_CAPITALISED.findall(text))):
        if token in known or is_plain_word(token, text, lower_words):
            continue
        low = token.lower()
        owners = [m for m in members if _shortens(low, _given(m))]
        if len(owners) == 1:
            extra[owners[0].name].append(token)
    # Dictation corrects itself: "Chevonne correction Siobhan", "Brad lee sorry Bradley".
    for m in members:
        for match in _corrected(m).finditer(text):
            extra[m.name].append(match.group("said"))
    return tuple(
        Member(m.name, tuple(sorted({*m.aliases, *extra[m.name]}, key=lambda a: (-len(a), a))))
        for m in members
    )


def _corrected(member: Member) -> re.Pattern[str]:
    forms = "|".join(re.escape(a) for a in member.aliases)
    return re.compile(
        r"(?<![\w'’])(?P<said>[A-Z][a-z]+(?: [a-z]{2,4})?)\s*,?\s+(?:sorry|correction|i mean|"
        rf"I mean|no|scratch that)\s*,?\s+(?:{forms})(?![\w])"
    )


def _given(member: Member) -> str:
    name = member.name.split(",", 1)[1] if member.name.count(",") == 1 else member.name
    return (name.split() or [""])[0].rstrip(".").lower()


def _shortens(token: str, given: str) -> bool:
    if len(given) < 4 or token == given or not given.isalpha():
        return False
    if len(token) >= 2 and given.startswith(token):
        return True
    if len(token) >= 4 and given.endswith(token):
        return True
    for ending in _DIMINUTIVE:
        base = token[: -len(ending)]
        if not token.endswith(ending) or len(base) < 2:
            continue
        if given.startswith(base) or (
            len(base) >= 3 and base[-1] == base[-2] and given.startswith(base[:-1])
        ):
            return True
    return False


def is_plain_word(token: str, text: str, lower_words: set[str] | None = None) -> bool:
    """A capitalised word that is an ordinary word here: a sentence opener, or a word the
    text also writes in lower case."""
    if lower_words is None:
        lower_words = set(re.findall(r"(?<![\w'’])[a-z]+(?![\w])", text))
    low = token.lower()
    return low in _NOT_NICKNAMES or low in lower_words
