"""Counts and articles in plain English: "1 step", "3 steps", "an 'evening massage' day".

Every surface (CLI, web pages, reports) says a number with its noun through ``count`` so that
"1 days" or "1 steps" cannot appear.
"""

from __future__ import annotations

VOWEL_SOUNDS = ("a", "e", "i", "o", "u")


def plural(noun: str, n: float, plural_form: str | None = None) -> str:
    """``noun`` for one, its plural otherwise ("step"/"steps", "check-in"/"check-ins")."""
    if n == 1:
        return noun
    if plural_form is not None:
        return plural_form
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in VOWEL_SOUNDS:
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: float, noun: str, plural_form: str | None = None) -> str:
    """``n`` with its noun: "1 step", "0 steps", "2.5 minutes"."""
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {plural(noun, n, plural_form)}"


def percent(p: float) -> str:
    """A probability as a whole percentage that never rounds a doubt away: 0.9988 is ">99%",
    not "100%", and 0.002 is "<1%"; only 0 and 1 themselves are "0%" and "100%"."""
    shown = f"{p:.0%}"
    if shown == "0%" and p > 0:
        return "<1%"
    if shown == "100%" and p < 1:
        return ">99%"
    return shown


def article(word: str) -> str:
    """ "a" or "an" before ``word`` (by its first letter; quotes are skipped)."""
    first = word.lstrip("'\"‘“ ").lower()[:1]
    return "an" if first in VOWEL_SOUNDS else "a"


def arm_day(arm: str) -> str:
    """An experiment day named by its arm: "an 'evening massage' day", "a 'none' day"."""
    return f"{article(arm)} '{arm}' day"
