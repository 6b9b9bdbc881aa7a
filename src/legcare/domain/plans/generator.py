"""`generate_plan`: the weekly plan for one check, one profile and the accepted adjustments.

Pure and deterministic: the same inputs give the same plan. The order of work:

1. an emergency gives no plan, only what to do now;
2. the precautions decide which templates are left and how soft they must be (`safety.py`);
3. each pattern adds its sessions (evening massage and two short daytime trigger-point breaks
   for restless legs, a morning first-steps routine, daily stretches and strengthening for heel
   pain and the posterior chain, calf stretches for night-time cramps);
4. the time a person has is shared out within each step's dose range, and a session shorter
   than the studied dose says so plainly;
5. notices go on top: "see a clinician" first when triage is above self-care.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from itertools import combinations

from legcare.domain.plans import catalogue as cat
from legcare.domain.plans.catalogue import Catalogue, Template
from legcare.domain.plans.check import CheckSummary, TriageLevel
from legcare.domain.plans.checklists import (
    FIND_YOUR_MIX,
    WHAT_TO_DO_NOW,
    checklists_for,
    safety_notices,
    triage_notice,
    without_leg_loading,
)
from legcare.domain.plans.model import (
    MASSAGE_KINDS,
    Adjustments,
    Checklist,
    NoPlan,
    Notice,
    Plan,
    Session,
    Step,
)
from legcare.domain.plans.profile import Profile
from legcare.domain.plans.safety import SafetyRules

STUDIED_MINUTES = 45  # one case report: 45 minutes twice a week (F29)
MIN_SESSION_MINUTES = 5

# Template ids (see content: each technique, exercise or advice entry's ``plan`` block).
RELAX = "relaxation_breathing"
FULL_LEG = "full_leg_self_massage"
WIND_DOWN = "sleep_wind_down"
TRIGGER_BREAK = "trigger_point_break"
# The evening massage: the order of the session (rolling first, full-leg massage last) and the
# order in which techniques are added when time allows (``MASSAGE_PRIORITY``).
MASSAGE_ORDER = (
    "myofascial_release",
    "myofascial_release_hamstring",
    "lacrosse_ball_rollout",
    "trigger_point",
    "elbow_trigger_point_search",
    "deep_tissue",
    "sports_massage",
    "foot_massage_reflexology",
)
MASSAGE_PRIORITY = (
    "trigger_point",
    "myofascial_release",
    "deep_tissue",
    "sports_massage",
    "myofascial_release_hamstring",
    "lacrosse_ball_rollout",
    "foot_massage_reflexology",
    "elbow_trigger_point_search",
)
MORNING = ("plantar_fascia_stretch", "first_steps_support")
CALF_STRETCHES = ("calf_stretch_gastrocnemius", "calf_stretch_soleus")
# Every template id the generator schedules; a catalogue missing one leaves that step out.
USED_IDS = frozenset(
    {
        RELAX,
        FULL_LEG,
        WIND_DOWN,
        TRIGGER_BREAK,
        *MASSAGE_ORDER,
        *MORNING,
        *CALF_STRETCHES,
        "arch_rolling",
        "hamstring_stretch",
        "towel_toe_curls",
        "calf_raises",
        "hamstring_bridge",
    }
)


def generate_plan(
    check: CheckSummary,
    profile: Profile,
    adjustments: Adjustments | None = None,
    *,
    catalogue: Catalogue,
) -> Plan | NoPlan:
    """The plan for ``check`` and ``profile`` from the templates of ``catalogue``."""
    if check.triage is TriageLevel.EMERGENCY:
        return NoPlan(WHAT_TO_DO_NOW)
    builder = _Builder(check, profile, adjustments or Adjustments(), catalogue)
    return builder.build()


class _Builder:
    def __init__(
        self,
        check: CheckSummary,
        profile: Profile,
        adjustments: Adjustments,
        catalogue: Catalogue,
    ) -> None:
        self.check = check
        self.profile = profile
        self.adj = adjustments
        self.cat = catalogue
        self.rules = SafetyRules.from_check(check)
        self.rls = check.suggests(cat.RLS) and not check.suggests("plmt")
        self.heel = check.suggests(cat.HEEL)
        self.calf = check.suggests(cat.CALF)
        self.cramps = check.suggests(cat.CRAMPS)
        self.hamstring = check.suggests(cat.HAMSTRING) or check.suggests(cat.HAMSTRING_STRAIN)
        self.notices: list[Notice] = []

    # -- steps -------------------------------------------------------------------------------

    def _hold(self, template: Template) -> int:
        low, high = template.hold or (self.adj.hold_seconds, self.adj.hold_seconds)
        return min(high, max(low, self.adj.hold_seconds))

    def _allowed(self, template: Template) -> bool:
        if template.technique in self.adj.excluded:
            return False
        adapted = self.rules.adapt(template, self.profile.pressure)
        return adapted is not None and any(self.profile.owns(t) for t in adapted.tools)

    def _range(self, template: Template) -> tuple[int, int]:
        if template.hold is not None and template.spots is not None:
            hold = self._hold(template)
            return template.spots[0] * hold, template.spots[1] * hold
        return template.min_s, template.max_s

    def _dose(self, template: Template) -> str:
        """The entry's own dose, with what this week's plan asks of it in front."""
        if template.hold is not None and template.spots is not None:
            low, high = template.spots
            return f"hold {self._hold(template)} s on each tender spot, {low}-{high} spots; " + (
                template.dose
            )
        if template.strength:
            sets, reps = cat.STRENGTH_LEVELS[self.adj.strength_level]
            return f"this week {sets} sets of {reps}; building to: {template.dose}"
        return template.dose

    def _legs(self, template: Template) -> tuple[str | None, ...]:
        return self.profile.side.legs if template.per_leg else (None,)

    def _steps(self, template: Template, seconds: int) -> list[Step]:
        adapted = self.rules.adapt(template, self.profile.pressure)
        if adapted is None or template.technique in self.adj.excluded:
            return []
        tool = next((t for t in adapted.tools if self.profile.owns(t)), None)
        if tool is None:
            return []
        dose = self._dose(template)
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
                    dose=dose,
                    instructions=template.instructions,
                    cues=template.cues,
                    why=template.why,
                    areas=template.areas if area else (),
                    leg=leg,
                    tool=tool,
                    pressure=adapted.pressure.value if adapted.pressure else None,
                    softened=adapted.softened,
                )
            )
        return steps

    def _fixed(self, ids: Iterable[str]) -> tuple[Step, ...]:
        steps: list[Step] = []
        for template in self.cat.pick(ids):
            steps += self._steps(template, self._range(template)[0])
        return tuple(steps)

    # -- sessions ----------------------------------------------------------------------------

    def _chosen_days(self) -> tuple[int, ...]:
        """The weekdays the person ticked: a day they left out gets no session at all."""
        return tuple(sorted(self.profile.days))

    def _morning(self) -> Session | None:
        if not self.heel:
            return None
        steps = self._fixed(MORNING)
        if not steps:
            return None
        wake = _shift(self.profile.bedtime, 8 * 60)
        return Session(
            "morning_first_steps",
            "Morning first steps",
            self._chosen_days(),
            wake,
            steps,
            "Before you get out of bed: the first steps are when heel pain is worst.",
        )

    def _stretches(self) -> Session | None:
        templates: list[str] = []
        if self.heel or self.calf or self.cramps:
            templates += CALF_STRETCHES
        if self.heel:
            templates.append("arch_rolling")
        if self.hamstring or self.heel:
            templates.append("hamstring_stretch")
        steps = self._fixed(templates)
        if not steps:
            return None
        every = "Every day." if len(self.profile.days) == 7 else "On each day you chose."
        note = f"{every} Stretch to a pull, never to pain."
        if self.check.suggests(cat.HAMSTRING_STRAIN):
            note += " With a recent hamstring strain, stay in the pain-free range."
        if self.cramps:
            note += (
                " For night-time cramps, stretch the calves before bed as well; when a cramp "
                "comes, stretch the cramping calf."
            )
        start = _shift(self.profile.bedtime, -3 * 60)
        return Session(
            "daily_stretches", "Daily stretches", self._chosen_days(), start, steps, note
        )

    def _strength(self, avoid_days: frozenset[int]) -> Session | None:
        templates: list[str] = []
        if self.heel:
            templates.append("towel_toe_curls")
        if self.heel or self.calf:
            templates.append("calf_raises")
        if self.hamstring:
            templates.append("hamstring_bridge")
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
        return [t for t in self.cat.pick(MASSAGE_PRIORITY) if self._allowed(t)]

    def _breaks(self) -> list[Session]:
        """Two short trigger-point breaks a day: the technique's dose asks for at least two."""
        if not self.rls:
            return []
        steps = self._fixed((TRIGGER_BREAK,))
        days = self._chosen_days()
        if not steps:
            return []
        note = (
            "A short break to work one or two knots. The trigger-point dose asks for at least "
            "two sessions a day; this is one of them."
        )
        return [
            Session(
                f"trigger_point_break_{name}",
                f"Trigger-point break ({name})",
                days,
                _shift(self.profile.bedtime, -hours * 60),
                steps,
                note,
            )
            for name, hours in (("midday", 10), ("afternoon", 6))
        ]

    def _evening(self, budget_s: int) -> Session | None:
        if not self.rls:
            return None
        frame = [t for t in self.cat.pick((RELAX, FULL_LEG, WIND_DOWN)) if self._allowed(t)]
        if not any(t.kind in MASSAGE_KINDS for t in frame + self._massage_candidates()):
            return self._wind_down_only()
        chosen = self._fit(frame, self._massage_candidates(), budget_s)
        order = self.cat.pick((RELAX, *MASSAGE_ORDER, FULL_LEG, WIND_DOWN))
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
        steps = self._fixed((RELAX, WIND_DOWN))
        start = _shift(self.profile.bedtime, -15)
        return Session("evening_wind_down", "Evening wind-down", self._chosen_days(), start, steps)

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
        daily = [s for s in (self._morning(), self._stretches(), *self._breaks()) if s]
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
            checklists=self._checklists(),
            patterns=tuple(p for p in sorted(self.check.patterns) if self.check.suggests(p)),
            adjustments=self.adj,
        )

    def _checklists(self) -> tuple[Checklist, ...]:
        blocked = self.rules.no_massage
        lists = checklists_for(
            self.check, rls=self.check.suggests(cat.RLS), leg_loading_blocked=blocked
        )
        swelling = self.cat.checklists.get("leg_elevation")
        if swelling is not None and blocked:
            swelling = without_leg_loading(swelling)
        if self.check.suggests(cat.VENOUS) and swelling is not None:
            lists += (swelling,)
        return lists

    def _posterior_or_heel(self) -> bool:
        return self.heel or self.calf or self.hamstring

    def _built_for(self) -> bool:
        """Whether the check suggested a pattern this plan has steps or lists for."""
        others = self.cramps or self.check.suggests(cat.VENOUS) or self.check.suggests("plmt")
        return self.rls or self._posterior_or_heel() or others

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
        if not self._built_for():
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
        dose = self.cat.evening_dose
        notices = [
            Notice(
                "info",
                f"The evening massage dose the articles give: {dose.describe()}.",
                ("F29",),
            )
        ]
        minutes = evening.minutes
        if minutes < STUDIED_MINUTES:
            low = round(dose.minutes_min or 0)
            high = round(dose.minutes_max or low)
            text = (
                f"Your evening session takes about {minutes} minutes, to fit the time you have. "
                f"For comparison, the one case report used {STUDIED_MINUTES} minutes twice a "
                "week"
            )
            text += f", and the articles suggest {low}-{high} minutes." if minutes < low else "."
            notices.append(Notice("dose", text, ("F29",)))
        if len(evening.weekdays) < 2:
            notices.append(
                Notice(
                    "dose",
                    "One evening a week is free for massage in your plan; the case report's "
                    "sessions were twice a week.",
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
