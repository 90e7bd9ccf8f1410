"""Checks of a form's own shape (not of the record's rules, which are the services')."""

from __future__ import annotations

from notewell.core.errors import InputError


def require_same_password(password: str, again: str) -> None:
    """A password is typed twice where it is chosen: a typo would lock the user out."""
    if password != again:
        raise InputError("the two passwords differ: type the same password twice")


def lines(text: str) -> list[str]:
    """A textarea with one item per line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
