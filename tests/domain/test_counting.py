from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.counting import arm_day, article, count, percent, plural


def test_counts_agree_with_their_number() -> None:
    assert count(1, "day") == "1 day"
    assert count(0, "day") == "0 days"
    assert count(2, "step") == "2 steps"
    assert count(1, "check-in") == "1 check-in"
    assert count(3, "entry") == "3 entries"
    assert count(2, "box") == "2 boxes"
    assert count(2, "person", "people") == "2 people"
    assert count(1.0, "minute") == "1 minute"
    assert count(2.5, "minute") == "2.5 minutes"


def test_articles() -> None:
    assert arm_day("evening massage") == "an 'evening massage' day"
    assert arm_day("none") == "a 'none' day"
    assert article("orthotics") == "an"
    assert article("foam roller") == "a"


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["day", "step", "week"]))
def test_one_is_singular_and_every_other_count_plural(n: int, noun: str) -> None:
    text = count(n, noun)
    assert text.startswith(f"{n} ")
    assert text.endswith("s") == (n != 1)
    assert plural(noun, n) == (noun if n == 1 else noun + "s")


@given(st.floats(0, 1))
def test_a_percentage_never_rounds_a_doubt_away(p: float) -> None:
    shown = percent(p)
    if shown in ("0%", "100%"):
        assert p in (0.0, 1.0)
    elif shown.startswith(("<", ">")):
        assert 0 < p <= 0.005 or 0.995 <= p < 1
    else:
        assert abs(int(shown.removesuffix("%")) - p * 100) <= 0.5 + 1e-9
    assert percent(0.9988) == ">99%" and percent(0.002) == "<1%" and percent(0.42) == "42%"
