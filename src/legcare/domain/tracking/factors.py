"""The person's own factors: yes/no or 0-10, named by them ("stress", "period", "new shoes").

Names are validated (letters, digits, spaces and ``- ' &``; 1-40 characters) and unique per
person whatever their case. ``merge_near_duplicates`` groups names that say the same thing in
more or fewer words ("caffeine" and "caffeine after midday"), so insights test one factor, not
two correlated copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from legcare.errors import InvalidInput

NAME_MAX = 40
_NAME = re.compile(r"^[\w][\w '&-]*$")
_WORD = re.compile(r"[^\W_]+")
# Words that do not change what a factor is about; dropped before comparing names.
FILLER_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "my", "some", "any", "day", "today", "yesterday"}
)


class FactorKind(StrEnum):
    YES_NO = "yes_no"
    SCALE = "scale_0_10"


@dataclass(frozen=True, slots=True)
class Factor:
    """One of the person's own factors."""

    name: str
    kind: FactorKind

    @property
    def key(self) -> str:
        """The case-folded name: what uniqueness is judged on."""
        return factor_key(self.name)


@dataclass(frozen=True, slots=True)
class FactorGroup:
    """Names judged to be one factor; ``name`` is the shortest (the group's label)."""

    name: str
    members: tuple[str, ...]


def factor_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_factor_kind(raw: str) -> FactorKind:
    aliases = {"yes_no": "yes_no", "yesno": "yes_no", "flag": "yes_no", "scale": "scale_0_10"}
    value = aliases.get(raw.strip().lower(), raw.strip().lower())
    try:
        return FactorKind(value)
    except ValueError:
        raise InvalidInput(
            f"factor kind {raw!r} is not known; allowed: yes_no (yes or no) or scale (0-10)"
        ) from None


def new_factor(name: str, kind: FactorKind, existing: Iterable[str] = ()) -> Factor:
    """A validated factor; ``existing`` are the names the person (and the diary) already has."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("factor name is empty; allowed: 1 to 40 characters, e.g. 'stress'")
    if len(clean) > NAME_MAX:
        raise InvalidInput(f"factor name has {len(clean)} characters; allowed: at most {NAME_MAX}")
    if not _NAME.match(clean):
        raise InvalidInput(
            f"factor name {clean!r} has characters that are not allowed; allowed: letters, "
            "digits, spaces and - ' &"
        )
    key = factor_key(clean)
    for other in existing:
        if factor_key(other) == key:
            raise InvalidInput(
                f"a factor named {other!r} already exists; allowed: a name not used yet "
                "(names are compared whatever their case)"
            )
    return Factor(name=clean, kind=kind)


def check_factor_value(factor: Factor, value: int | bool) -> int:
    """The value stored for ``factor``: 0/1 for yes/no, 0-10 for a scale."""
    if factor.kind is FactorKind.YES_NO:
        if isinstance(value, bool) or value in (0, 1):
            return int(value)
        raise InvalidInput(f"{factor.name}: {value!r}; allowed: yes or no (1 or 0)")
    if isinstance(value, bool) or not 0 <= value <= 10:  # noqa: PLR2004 - the 0-10 scale
        raise InvalidInput(f"{factor.name}: {value!r}; allowed: a whole number from 0 to 10")
    return int(value)


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):  # noqa: PLR2004
        return word[:-1]
    return word


def content_words(name: str) -> tuple[str, ...]:
    """The words that say what a factor is about: folded, singular, fillers dropped."""
    words = [_stem(w) for w in _WORD.findall(name.casefold())]
    kept = tuple(w for w in words if w not in FILLER_WORDS)
    return kept or tuple(words)


def near_duplicates(first: str, second: str) -> bool:
    """True when two names are one factor: the same words (in any order), or one name's words
    begin the other's ("caffeine" and "caffeine after midday")."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return False
    if sorted(a) == sorted(b):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[: len(short)] == short


def merge_near_duplicates(names: Iterable[str]) -> tuple[FactorGroup, ...]:
    """Group ``names`` so near-duplicates share a group (joined transitively).

    Each name appears in exactly one group; groups and members are sorted, so the result does
    not depend on the input order. The label is the member with the fewest words (then the
    shortest, then alphabetical).
    """
    unique = sorted(set(names))
    parent = {n: n for n in unique}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, first in enumerate(unique):
        for second in unique[i + 1 :]:
            if near_duplicates(first, second):
                parent[root(second)] = root(first)
    groups: dict[str, list[str]] = {}
    for n in unique:
        groups.setdefault(root(n), []).append(n)
    built = []
    for members in groups.values():
        label = min(members, key=lambda m: (len(content_words(m)), len(m), m))
        built.append(FactorGroup(name=label, members=tuple(sorted(members))))
    return tuple(sorted(built, key=lambda g: g.name))


_YES = frozenset({"yes", "y", "true", "1", "on"})
_NO = frozenset({"no", "n", "false", "0", "off"})


def parse_factor_value(factor: Factor, raw: object) -> int | None:
    """``raw`` (typed or posted: ``True``, ``6``, ``"yes"``, ``"6"``) as the stored value.

    ``None`` or an empty text means "not recorded". ``InvalidInput`` names the factor and says
    what is allowed.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        text = raw.strip().casefold()
        if factor.kind is FactorKind.YES_NO:
            if text in _YES:
                return 1
            if text in _NO:
                return 0
            raise InvalidInput(f"{factor.name}: {raw!r}; allowed: yes or no")
        if not (text.isascii() and text.isdigit()):
            raise InvalidInput(f"{factor.name}: {raw!r}; allowed: a whole number from 0 to 10")
        return check_factor_value(factor, int(text))
    if isinstance(raw, bool | int):
        return check_factor_value(factor, raw)
    allowed = "yes or no" if factor.kind is FactorKind.YES_NO else "a whole number from 0 to 10"
    raise InvalidInput(f"{factor.name}: {raw!r}; allowed: {allowed}")


@dataclass(frozen=True, slots=True)
class CheckinFactors:
    """The factor values of one check-in: ``values`` by factor name (``None``: not recorded),
    or ``problems``, one line per bad entry naming the factor and what is allowed."""

    values: dict[str, int | None]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_checkin_factors(
    active: Iterable[Factor], given: Iterable[tuple[str, object]]
) -> CheckinFactors:
    """Match ``given`` (name, raw value) pairs to the person's ``active`` factors.

    Names are matched whatever their case and spacing; an unknown name, a name given twice and a
    value that is not allowed are each one problem. Every problem is listed, not just the first.
    """
    by_key = {f.key: f for f in active}
    names = ", ".join(sorted(f.name for f in by_key.values())) or "none yet"
    values: dict[str, int | None] = {}
    problems: list[str] = []
    for name, raw in given:
        factor = by_key.get(factor_key(name))
        if factor is None:
            problems.append(
                f"{' '.join(name.split())!r} is not one of your active factors; allowed: "
                f"{names} (add one on the My factors page or with `legcare factors add`)"
            )
            continue
        if factor.name in values:
            problems.append(f"{factor.name}: given twice; allowed: one value per check-in")
            continue
        try:
            values[factor.name] = parse_factor_value(factor, raw)
        except InvalidInput as exc:
            problems.append(exc.message)
    return CheckinFactors(values=values, problems=tuple(problems))
