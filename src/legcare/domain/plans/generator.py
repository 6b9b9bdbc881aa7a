"""`generate_plan`: the weekly plan for one check, one profile and the accepted adjustments.

Pure and deterministic: the same inputs give the same plan. The order of work:

1. an emergency gives no plan, only what to do now;
2. the precautions decide which templates are left and how soft they must be (`safety.py`);
3. each pattern adds its sessions (evening massage for restless legs, a morning first-steps
   routine, daily stretches and strengthening for heel pain and the posterior chain);
4. the time a person has is shared out within each step's dose range, and a session shorter
   than the studied dose says so plainly;
5. notices go on top: "see a clinician" first when triage is above self-care.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from itertools import combinations

from legcare.domain.plans import catalogue as cat
from legcare.domain.plans.catalogue import Template
from legcare.domain.plans.check import CheckSummary, TriageLevel
from legcare.domain.plans.checklists import (
    FIND_YOUR_MIX,
    WHAT_TO_DO_NOW,
    checklists_for,
    safety_notices,
    triage_notice,
)
from legcare.domain.plans.model import (
    Adjustments,
    NoPlan,
    Notice,
    Plan,
    Session,
    Step,
    Why,
)
from legcare.domain.plans.profile import Profile
from legcare.domain.plans.safety import SafetyRules

STUDIED_MINUTES = 45  # one case report: 45 minutes twice a week (F29)
RANGE_MINUTES = (30, 60)  # what the articles suggest (F29)
MIN_SESSION_MINUTES = 5
EVERY_DAY = tuple(range(7))


def generate_plan(
    check: CheckSummary,
    profile: Profile,
    adjustments: Adjustments | None = None,
    *,
    reasons: Mapping[str, Why] | None = None,
) -> Plan | NoPlan:
    """The plan for ``check`` and ``profile``; ``reasons`` replaces template reasons by id."""
    if check.triage is TriageLevel.EMERGENCY:
        return NoPlan(WHAT_TO_DO_NOW)
    builder = _Builder(check, profile, adjustments or Adjustments(), reasons or {})
    return builder.build()


class _Builder:
    def __init__(
        self,
        check: CheckSummary,
        profile: Profile,
        adjustments: Adjustments,
        reasons: Mapping[str, Why],
    ) -> None:
        self.check = check
        self.profile = profile
        self.adj = adjustments
        self.reasons = reasons
        self.rules = SafetyRules.from_check(check)
        self.rls = check.suggests(cat.RLS) and not check.suggests("plmt")
        self.heel = check.suggests(cat.HEEL)
        self.calf = check.suggests(cat.CALF)
        self.hamstring = check.suggests(cat.HAMSTRING) or check.suggests(cat.HAMSTRING_STRAIN)
        self.notices: list[Notice] = []

    # -- steps -------------------------------------------------------------------------------

    def _template(self, template: Template) -> Template:
        why = self.reasons.get(template.technique)
        return template if why is None else replace(template, why=why)

    def _allowed(self, template: Template) -> bool:
        if template.technique in self.adj.excluded:
            return False
        adapted = self.rules.adapt(template, self.profile.pressure)
        return adapted is not None and any(self.profile.owns(t) for t in adapted.tools)

    def _range(self, template: Template) -> tuple[int, int]:
        if template.technique == "myofascial_release":
            hold = self.adj.hold_seconds
            return 2 * hold, 3 * hold
        return template.min_s, template.max_s

    def _legs(self, template: Template) -> tuple[str | None, ...]:
        return self.profile.side.legs if template.per_leg else (None,)

    def _steps(self, template: Template, seconds: int) -> list[Step]:
        template = self._template(template)
        adapted = self.rules.adapt(template, self.profile.pressure)
        if adapted is None or template.technique in self.adj.excluded:
            return []
        tool = next((t for t in adapted.tools if self.profile.owns(t)), None)
        if tool is None:
            return []
        sets, reps = cat.STRENGTH_LEVELS[self.adj.strength_level]
        fmt = {"hold": self.adj.hold_seconds, "sets": sets, "reps": reps}
        steps = []
        for leg in self._legs(template):
            area = ", ".join(template.areas)
            suffix = f" ({leg})" if leg else ""
            steps.append(
                Step(
                    id=f"{template.technique}.{'-'.join(template.areas) or 'all'}.{leg or 'both'}",
                    technique=template.technique,
                    title=template.title + suffix,
                    kind=template.kind,
                    seconds=seconds,
                    dose=template.dose.format(**fmt),
                    instructions=template.instructions,
                    cues=tuple(c.format(**fmt) for c in template.cues),
                    why=template.why,
                    areas=template.areas if area else (),
                    leg=leg,
                    tool=tool,
                    pressure=adapted.pressure.value if adapted.pressure else None,
                    softened=adapted.softened,
                )
            )
        return steps

    def _fixed(self, templates: Iterable[Template]) -> tuple[Step, ...]:
        steps: list[Step] = []
        for template in templates:
            steps += self._steps(template, template.min_s)
        return tuple(steps)

    # -- sessions ----------------------------------------------------------------------------

    def _morning(self) -> Session | None:
        if not self.heel:
            return None
        steps = self._fixed((cat.PLANTAR_STRETCH, cat.FIRST_STEPS_SHOES))
        if not steps:
            return None
        wake = _shift(self.profile.bedtime, 8 * 60)
        return Session(
            "morning_first_steps",
            "Morning first steps",
            EVERY_DAY,
            wake,
            steps,
            "Before you get out of bed: the first steps are when heel pain is worst.",
        )

    def _stretches(self) -> Session | None:
        templates: list[Template] = []
        if self.heel or self.calf:
            templates += [cat.CALF_GASTROC, cat.CALF_SOLEUS]
        if self.heel:
            templates.append(cat.ARCH_ROLLING)
        if self.hamstring or self.heel:
            templates.append(cat.HAMSTRING_STRETCH)
        steps = self._fixed(templates)
        if not steps:
            return None
        note = "Every day. Stretch to a pull, never to pain."
        if self.check.suggests(cat.HAMSTRING_STRAIN):
            note += " With a recent hamstring strain, stay in the pain-free range."
        start = _shift(self.profile.bedtime, -3 * 60)
        return Session("daily_stretches", "Daily stretches", EVERY_DAY, start, steps, note)

    def _strength(self, avoid_days: frozenset[int]) -> Session | None:
        templates: list[Template] = []
        if self.heel:
            templates.append(cat.TOE_CURLS)
        if self.heel or self.calf:
            templates.append(cat.CALF_RAISES)
        if self.hamstring:
            templates.append(cat.HAMSTRING_BRIDGE)
        steps = self._fixed(templates)
        if not steps:
            return None
        days = spread_days(self.profile.days, 3, avoid=avoid_days)
        level = self.adj.strength_level
        note = (
            f"Level {level} of {cat.MAX_STRENGTH_LEVEL}, on alternate days. The weekly review "
            "steps it up gradually while it stays comfortable."
        )
        start = _shift(self.profile.bedtime, -4 * 60)
        return Session("strengthening", "Strengthening", days, start, steps, note)

    def _massage_candidates(self) -> list[Template]:
        return [t for t in cat.MASSAGE_PRIORITY if self._allowed(t)]

    def _evening(self, budget_s: int) -> Session | None:
        if not self.rls:
            return None
        frame = [t for t in (cat.RELAX_START, cat.FULL_LEG, cat.WIND_DOWN) if self._allowed(t)]
        if not any(t.kind in cat.MASSAGE_KINDS_ALL for t in frame + self._massage_candidates()):
            return self._wind_down_only()
        chosen = self._fit(frame, self._massage_candidates(), budget_s)
        order = [cat.RELAX_START, *cat.MASSAGE_ORDER, cat.FULL_LEG, cat.WIND_DOWN]
        steps: list[Step] = []
        for template in order:
            if template in chosen:
                steps += self._steps(template, chosen[template])
        days = spread_days(self.profile.days, self.adj.evenings_per_week)
        minutes = round(sum(s.seconds for s in steps) / 60)
        start = _shift(self.profile.bedtime, -5 * -(-(minutes + 15) // 5))
        note = (
            "Before bed, at least twice a week, two or three days apart. Finish with the "
            "full-leg massage."
        )
        return Session("evening_massage", "Evening leg massage", days, start, tuple(steps), note)

    def _wind_down_only(self) -> Session:
        steps = self._fixed((cat.RELAX_START, cat.WIND_DOWN))
        start = _shift(self.profile.bedtime, -15)
        return Session("evening_wind_down", "Evening wind-down", EVERY_DAY, start, steps)

    def _fit(
        self, frame: Sequence[Template], candidates: Sequence[Template], budget_s: int
    ) -> dict[Template, int]:
        """Seconds per step for each chosen template: in priority order while the minimum
        doses fit, then every dose stretched by the same share toward its maximum."""

        def legs(t: Template) -> int:
            return len(self._legs(t))

        chosen = list(frame)
        used = sum(self._range(t)[0] * legs(t) for t in chosen)
        for template in candidates:
            cost = self._range(template)[0] * legs(template)
            if template not in chosen and used + cost <= budget_s:
                chosen.append(template)
                used += cost
        span = sum((self._range(t)[1] - self._range(t)[0]) * legs(t) for t in chosen)
        share = min(1.0, max(0, budget_s - used) / span) if span else 0.0
        seconds = {}
        for t in chosen:
            low, high = self._range(t)
            seconds[t] = min(high, max(low, 5 * int((low + share * (high - low)) / 5)))
        left = budget_s - sum(seconds[t] * legs(t) for t in chosen)
        growing = True
        while growing:  # hand out what rounding left over, 5 s at a time
            growing = False
            for t in chosen:
                if seconds[t] + 5 <= self._range(t)[1] and left >= 5 * legs(t):
                    seconds[t] += 5
                    left -= 5 * legs(t)
                    growing = True
        return seconds

    # -- the whole plan ----------------------------------------------------------------------

    def build(self) -> Plan:
        daily = [s for s in (self._morning(), self._stretches()) if s is not None]
        daily_s = sum(s.seconds for s in daily)
        budget_min = min(STUDIED_MINUTES, self.profile.minutes_per_day - daily_s // 60)
        budget_min = max(MIN_SESSION_MINUTES, budget_min)
        evening = self._evening(budget_min * 60)
        if evening is None and not self.rls and not daily and not self._posterior_or_heel():
            evening = self._wind_down_only()
        massage_days = frozenset(evening.weekdays) if evening else frozenset()
        strength = self._strength(massage_days) if self._posterior_or_heel() else None
        sessions = tuple(s for s in (*daily, strength, evening) if s is not None)
        notices = self._notices(evening, daily_s)
        return Plan(
            notices=tuple(notices),
            sessions=sessions,
            checklists=checklists_for(self.check, rls=self.check.suggests(cat.RLS)),
            patterns=tuple(p for p in sorted(self.check.patterns) if self.check.suggests(p)),
            adjustments=self.adj,
        )

    def _posterior_or_heel(self) -> bool:
        return self.heel or self.calf or self.hamstring

    def _notices(self, evening: Session | None, daily_s: int) -> list[Notice]:
        notices: list[Notice] = []
        top = triage_notice(self.check)
        if top is not None:
            notices.append(top)
        notices += safety_notices(
            self.check, no_massage=self.rules.no_massage, gentle=self.rules.gentle
        )
        notices += self._area_notices()
        if self.rules.ask_first:
            notices.append(
                Notice(
                    "safety",
                    "Ask your clinician before starting the massage sessions.",
                    ("F46",),
                )
            )
        if evening is not None and evening.id == "evening_massage":
            notices += self._dose_notices(evening)
        elif self.rls and not self.check.suggests("plmt"):
            notices.append(
                Notice("safety", "The precautions leave no massage steps in this plan.", ("F46",))
            )
        if daily_s and daily_s > self.profile.minutes_per_day * 60:
            notices.append(
                Notice(
                    "dose",
                    f"The daily routines take about {round(daily_s / 60)} minutes, more than the "
                    f"{self.profile.minutes_per_day} you have. Keep the stretches first: they "
                    "have the best evidence for heel pain.",
                    ("F32",),
                )
            )
        if not self.rls and not self._posterior_or_heel() and not self.check.suggests("plmt"):
            text = (
                "There is no check yet: do the check first, so the plan can be built around "
                "your answers. Until then it holds only a short evening wind-down."
                if self.check.screening_id is None and not self.check.patterns
                else "Your check did not suggest a pattern this plan is built for, so it holds "
                "only a short evening wind-down."
            )
            notices.append(Notice("info", text))
        if self.rls:
            notices.append(FIND_YOUR_MIX)
        return notices

    def _area_notices(self) -> list[Notice]:
        def where(zone: frozenset[str]) -> str:
            return "the " + ", ".join(sorted(zone)) if zone else "the legs"

        notices = [
            Notice(
                "safety",
                f"Skin that feels numb ({where(zone)}): hands only and light pressure there, "
                "no balls, rollers or deep work, because numb skin cannot tell you when it is "
                "too much. Look at your feet every day.",
                ("F46",),
            )
            for zone in self.rules.numb
        ]
        notices += [
            Notice(
                "safety",
                f"No massage on {where(zone)} (for example over varicose veins or broken skin).",
                ("F46",),
            )
            for zone in self.rules.avoid
        ]
        return notices

    def _dose_notices(self, evening: Session) -> list[Notice]:
        notices = []
        minutes = evening.minutes
        if minutes < STUDIED_MINUTES:
            low, high = RANGE_MINUTES
            text = (
                f"Your evening session is {minutes} minutes: below the dose that was studied "
                f"({STUDIED_MINUTES} minutes twice a week, in one case report)."
            )
            if minutes < low:
                text += f" It is also shorter than the {low}-{high} minutes the articles suggest."
            notices.append(Notice("dose", text, ("F29",)))
        if len(evening.weekdays) < 2:
            notices.append(
                Notice(
                    "dose",
                    "Only one evening is free for massage: below the twice a week that was "
                    "studied.",
                    ("F29",),
                )
            )
        return notices


def spread_days(
    available: Iterable[int], count: int, *, avoid: frozenset[int] = frozenset()
) -> tuple[int, ...]:
    """``count`` of the ``available`` weekdays, as far apart as possible around the week,
    preferring days not in ``avoid``; ties go to the earliest days."""
    days = sorted(set(available))
    if len(days) <= count:
        return tuple(days)

    def score(combo: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
        gaps = [(combo[(i + 1) % len(combo)] - d) % 7 or 7 for i, d in enumerate(combo)]
        clash = sum(1 for d in combo if d in avoid)
        return (clash, -min(gaps), combo)

    return min(combinations(days, count), key=score)


def _shift(moment: time, minutes: int) -> time:
    base = datetime(2000, 1, 3, moment.hour, moment.minute)
    return (base + timedelta(minutes=minutes)).time()
