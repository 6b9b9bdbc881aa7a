"""Plain words for experiment results: likelihood bands and the one-sentence answer.

The words follow the statistics note (section 7.3): P >= 0.95 "very likely", 0.80-0.95
"probably", 0.20-0.80 "unclear", <= 0.20 "probably not", <= 0.05 "very likely not". The sentence
is about this person's experiment only; it never says "proves" or that something works in
general.
"""

from __future__ import annotations

from legcare.domain.counting import percent


def likelihood_words(p: float) -> str:
    """How to say a probability that something is so."""
    if p >= 0.95:
        return "very likely"
    if p >= 0.80:
        return "probably"
    if p > 0.20:
        return "unclear"
    if p > 0.05:
        return "probably not"
    return "very likely not"


def _points(value: float) -> str:
    return f"{abs(value):.1f} point" + ("" if round(abs(value), 1) == 1.0 else "s")


def _way(value: float) -> str:
    return "lower" if value < 0 else "higher"


def interval_words(lo: float, hi: float) -> str:
    """'between 0.3 and 2.1 points lower' or 'between 0.5 lower and 1.2 higher'."""
    if lo < 0 < hi:
        return f"between {abs(lo):.1f} lower and {hi:.1f} higher"
    near, far = (hi, lo) if hi <= 0 else (lo, hi)
    return f"between {abs(near):.1f} and {_points(far)} {_way(far)}"


def comparison_sentence(  # noqa: PLR0913
    *,
    arm: str,
    comparison: str,
    outcome_label: str,
    effect: float,
    ci95: tuple[float, float],
    p_helps: float,
    p_noticeable: float,
    noticeable: float,
    verdict: str,
    interim: bool = False,
) -> str:
    """One sentence: what was seen, how sure, and whether the benefit is big enough to notice.

    The "how sure" part follows the ``verdict`` (the value of the analysis' Verdict), so the
    sentence never says something the verdict does not; an ``interim`` sentence says it is
    provisional and never uses the words of a final answer ("very likely helps", "probably
    helps", "no useful benefit", "still unclear").
    """
    label = outcome_label.split(" (")[0]
    start = (
        "So far in your experiment (provisional, before its planned end)"
        if interim
        else ("In your experiment")
    )
    seen = (
        f"{start}, your {label} rating was about {_points(effect)} {_way(effect)} "
        f"on '{arm}' days than on '{comparison}' days (95% credible interval: "
        f"{interval_words(*ci95)})"
    )
    chance = f"{percent(p_helps)} chance it helps"
    if interim and verdict == "helps_noticeably":  # never the final words before the end
        how_sure = (
            f"so '{arm}' already meets the stricter early rule for a benefit ({chance} so far)"
        )
    elif interim and verdict == "no_useful_benefit":
        how_sure = (
            f"so a benefit from '{arm}' big enough to notice already looks unlikely "
            f"({chance} at all so far)"
        )
    elif verdict == "helps_noticeably":
        how_sure = f"so '{arm}' very likely helps you ({chance})"
    elif verdict == "probably_helps":
        how_sure = f"so '{arm}' probably helps you, possibly only a little ({chance})"
    elif verdict == "no_useful_benefit":
        how_sure = f"so '{arm}' shows no useful benefit for you ({chance} at all)"
    elif interim:
        how_sure = f"so it is too early to tell whether '{arm}' helps you ({chance} so far)"
    else:
        how_sure = f"so it is still unclear whether '{arm}' helps you ({chance})"
    return (
        f"{seen}, {how_sure}, with a {percent(p_noticeable)} chance that the benefit is big enough "
        f"to notice ({noticeable:g}+ points)."
    )


def range_words(arm: str, low: float, high: float) -> str:
    """The spread of P(helps) across the main analysis and its checks, in one sentence."""
    if high - low < 0.005:
        return (
            f"Checks with a different analysis agree on the chance that '{arm}' helps "
            f"({percent(low)})."
        )
    return (
        f"Across checks with a different analysis, the chance that '{arm}' helps ranged from "
        f"{percent(low)} to {percent(high)}; the wider this range, the less the answer can be "
        "relied on."
    )
