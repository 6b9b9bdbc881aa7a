"""The building blocks of plans: step templates with their dose ranges, tools and reasons.

Each template is one technique, stretch, exercise or habit. Its dose range (``min_s``..``max_s``
per leg) comes from the articles and clinical notes: 30-90 s holds per tender spot (F21), 3-5
minutes of trigger-point work (F22), strokes toward the heart (F24, F25), the full-leg massage
last (F27). The service may replace a template's ``why`` with the knowledge base's entry of the
same id, so the reasons shown are the curated ones when they exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from legcare.domain.plans.model import StepKind, Why

RLS = "restless_legs"
HEEL = "plantar_fasciitis"
CALF = "calf_tightness"
HAMSTRING = "hamstring_tightness"
HAMSTRING_STRAIN = "hamstring_strain"
POSTERIOR = (CALF, HAMSTRING, HAMSTRING_STRAIN)


@dataclass(frozen=True, slots=True)
class Template:
    """A step before it is fitted to a person: tools it can use, areas, dose range, reasons."""

    technique: str
    title: str
    kind: StepKind
    tools: tuple[str, ...]  # acceptable tools, preferred first; "hands" needs nothing
    areas: tuple[str, ...]
    min_s: int
    max_s: int
    dose: str
    instructions: tuple[str, ...]
    cues: tuple[str, ...]
    why: Why
    per_leg: bool = True
    deep: bool = False  # firm pressure or trigger-point compression: left out when gentle only


def _why(
    conditions: tuple[str, ...], evidence: str, sources: tuple[str, ...], facts: str, note: str = ""
) -> Why:
    return Why(conditions, evidence, sources, tuple(facts.split()), note)


MASSAGE_WHY_NOTE = (
    "Massage for restless legs rests on low-certainty evidence: one case report and small trials; "
    "it may help some people. Track how you feel to judge it for yourself."
)
_RLS_MASSAGE = (RLS,)
_S_MASSAGE = ("S2", "russell_2007", "harrison_2019")

RELAX_START = Template(
    technique="relaxation_breathing",
    title="Settle in: slow breathing",
    kind=StepKind.RELAXATION,
    tools=("hands",),
    areas=(),
    min_s=60,
    max_s=180,
    dose="1-3 minutes of slow breathing",
    instructions=(
        "Sit comfortably with your legs supported.",
        "Breathe in through your nose for four counts and out for six.",
        "Let your shoulders and jaw go loose.",
    ),
    cues=("Slow breath out", "Nothing to achieve yet"),
    why=_why(
        (RLS,),
        "low",
        ("S1", "S3", "innes_2020"),
        "F41 F49 F48",
        "Relaxation before bed eases the worry about another bad night.",
    ),
    per_leg=False,
)

ROLL_CALF = Template(
    technique="myofascial_release",
    title="Calf: slow roll and hold",
    kind=StepKind.ROLLING,
    tools=("foam_roller", "roller_stick"),
    areas=("calf",),
    min_s=60,
    max_s=270,
    dose="roll slowly to a tender spot and hold {hold} s (30-90 s per spot), 2-3 spots",
    instructions=(
        "Roll slowly up the calf until you find a tender spot.",
        "Stop there and keep a steady pressure until the tenderness eases.",
        "Move on to the next spot.",
    ),
    cues=("Hold {hold} s on each tender spot", "Tender is fine, sharp pain is not"),
    why=_why(_RLS_MASSAGE, "low", _S_MASSAGE + ("hou_2002",), "F21 F20 F28 F29", MASSAGE_WHY_NOTE),
    deep=True,
)

ROLL_HAMSTRING = replace(
    ROLL_CALF,
    title="Hamstrings: slow roll and hold",
    areas=("hamstring",),
    instructions=(
        "Sit with the roller under the back of your thigh.",
        "Roll slowly from above the knee towards the buttock until you find a tender spot.",
        "Hold a steady pressure there until the tenderness eases.",
    ),
)

LACROSSE_ROLLOUT = Template(
    technique="lacrosse_ball_rollout",
    title="Hamstrings: ball roll-out, knee to buttock",
    kind=StepKind.ROLLING,
    tools=("lacrosse_ball", "tennis_ball", "mobility_ball"),
    areas=("hamstring", "buttock"),
    min_s=60,
    max_s=180,
    dose="1-3 minutes per leg, using your body weight",
    instructions=(
        "Sit on a firm chair or the floor, the ball under the back of the thigh near the knee.",
        "Let your body weight press into the ball and work slowly up to the buttock.",
        "Pause on tender spots; finish with the full-leg massage.",
    ),
    cues=("Knee to buttock", "Let your weight do the work"),
    why=_why(_RLS_MASSAGE, "low", _S_MASSAGE, "F27 F28", MASSAGE_WHY_NOTE),
    deep=True,
)

TRIGGER_POINT = Template(
    technique="trigger_point",
    title="Calf: trigger-point work",
    kind=StepKind.MASSAGE,
    tools=("massage_cane", "hands"),
    areas=("calf",),
    min_s=180,
    max_s=300,
    dose="3-5 minutes per leg; firm, steady pressure on each knot",
    instructions=(
        "Search the calf for knots: small firm spots that are tender to press.",
        "Press firmly and hold; the spot that helps may be away from where it aches.",
        "When one eases, look for the next.",
    ),
    cues=("Firm but bearable: at most 5 out of 10", "Breathe out as you press"),
    why=_why(_RLS_MASSAGE, "low", _S_MASSAGE + ("hou_2002",), "F22 F20 F29", MASSAGE_WHY_NOTE),
    deep=True,
)

ELBOW_SEARCH = Template(
    technique="elbow_trigger_point_search",
    title="Thigh: elbow trigger-point search",
    kind=StepKind.MASSAGE,
    tools=("elbows",),
    areas=("thigh",),
    min_s=60,
    max_s=150,
    dose="press about 30 s on each tender spot; repeat as needed",
    instructions=(
        "Sit and rest your forearm across your thigh.",
        "Lean your elbow into the muscle and search for tender spots.",
        "Press each one for about 30 seconds, then move on.",
    ),
    cues=("About 30 s per spot", "Ease off if it turns sharp"),
    why=_why(_RLS_MASSAGE, "low", _S_MASSAGE, "F26 F28", MASSAGE_WHY_NOTE),
    deep=True,
)

DEEP_TISSUE = Template(
    technique="deep_tissue",
    title="Lower leg: deep kneading up to the knee",
    kind=StepKind.MASSAGE,
    tools=("roller_ball", "hands"),
    areas=("calf", "shin"),
    min_s=120,
    max_s=240,
    dose="2-4 minutes per leg; pressure adjusted to comfort",
    instructions=(
        "Start just above the ankle.",
        "Knead or roll deeply and slowly, working upward to the knee.",
        "Adjust the pressure so it stays comfortable.",
    ),
    cues=("Work upward, toward the knee", "Strong but comfortable"),
    why=_why(_RLS_MASSAGE, "low", _S_MASSAGE, "F23 F28", MASSAGE_WHY_NOTE),
    deep=True,
)

SPORTS_MASSAGE = Template(
    technique="sports_massage",
    title="Long strokes toward the heart",
    kind=StepKind.MASSAGE,
    tools=("hands", "elbows"),
    areas=("calf", "hamstring"),
    min_s=120,
    max_s=240,
    dose="2-4 minutes per leg of long strokes along the muscles",
    instructions=(
        "Use long strokes along the calf and the back of the thigh.",
        "Include where the muscles turn into tendons, above the heel and behind the knee.",
        "Always stroke upward, toward the heart.",
    ),
    cues=("Toward the heart", "Long, even strokes"),
    why=_why(
        _RLS_MASSAGE,
        "low",
        _S_MASSAGE + ("kleen_massage",),
        "F24 F20",
        MASSAGE_WHY_NOTE + " Stroking toward the heart is a comfort convention, not evidence.",
    ),
)

FOOT_MASSAGE = Template(
    technique="foot_massage_reflexology",
    title="Foot massage",
    kind=StepKind.MASSAGE,
    tools=("hands", "tennis_ball"),
    areas=("foot",),
    min_s=90,
    max_s=180,
    dose="1.5-3 minutes per foot",
    instructions=(
        "Hold the foot in both hands and press with your thumbs over the sole.",
        "Work from the heel to the toes with small circles.",
    ),
    cues=("Small circles", "Comfortable pressure"),
    why=_why(
        _RLS_MASSAGE,
        "very_low",
        ("S3", "ghanbari_reflexology"),
        "F31",
        "Small studies reported better sleep and fewer symptoms; the 'organ points' idea is "
        "tradition, and the effect faded within a month in one trial.",
    ),
)

SWEDISH = Template(
    technique="swedish_massage",
    title="Gliding and kneading",
    kind=StepKind.MASSAGE,
    tools=("hands",),
    areas=("calf", "thigh"),
    min_s=90,
    max_s=180,
    dose="1.5-3 minutes per leg",
    instructions=(
        "Glide your hands slowly up the leg, then knead the calf and thigh muscles.",
        "Add direct, steady pressure on the muscles that feel restless.",
    ),
    cues=("Slow gliding", "Toward the heart"),
    why=_why(_RLS_MASSAGE, "anecdotal", ("S1",), "F30", "A single case report."),
)

FULL_LEG = Template(
    technique="full_leg_self_massage",
    title="Full-leg massage to finish",
    kind=StepKind.MASSAGE,
    tools=("hands",),
    areas=("calf", "shin", "hamstring", "thigh"),
    min_s=120,
    max_s=300,
    dose="2-5 minutes per leg, always toward the heart",
    instructions=(
        "Sit with the leg bent.",
        "Massage the calf and shin with moderate pressure, then the hamstrings and the front "
        "of the thigh.",
        "Every stroke goes upward, toward the heart.",
    ),
    cues=("Calf and shin first, then the thigh", "Toward the heart"),
    why=_why(_RLS_MASSAGE, "low", _S_MASSAGE, "F25 F27 F20", MASSAGE_WHY_NOTE),
)

WIND_DOWN = Template(
    technique="sleep_wind_down",
    title="Wind down for sleep",
    kind=StepKind.HABIT,
    tools=("hands",),
    areas=(),
    min_s=60,
    max_s=120,
    dose="1-2 minutes",
    instructions=(
        "Screens off from now until morning.",
        "Make the bedroom cool, dark and quiet.",
        "Go to bed at your usual time.",
    ),
    cues=("Screens off", "Cool, dark, quiet"),
    why=_why((RLS,), "expert_opinion", ("S1", "aasm_2024"), "F40 F41 F02"),
    per_leg=False,
)

# The evening massage: the order of the session (rolling first, full-leg massage last) and the
# order in which techniques are added when time allows (``MASSAGE_PRIORITY``).
MASSAGE_ORDER: tuple[Template, ...] = (
    ROLL_CALF,
    ROLL_HAMSTRING,
    LACROSSE_ROLLOUT,
    TRIGGER_POINT,
    ELBOW_SEARCH,
    DEEP_TISSUE,
    SPORTS_MASSAGE,
    FOOT_MASSAGE,
    SWEDISH,
)
MASSAGE_PRIORITY: tuple[Template, ...] = (
    TRIGGER_POINT,
    ROLL_CALF,
    DEEP_TISSUE,
    SPORTS_MASSAGE,
    ROLL_HAMSTRING,
    LACROSSE_ROLLOUT,
    FOOT_MASSAGE,
    ELBOW_SEARCH,
    SWEDISH,
)

_STRETCH_SOURCES = ("S0", "S4", "jospt_2014")

PLANTAR_STRETCH = Template(
    technique="plantar_fascia_stretch",
    title="Plantar fascia stretch",
    kind=StepKind.STRETCH,
    tools=("hands",),
    areas=("foot",),
    min_s=100,
    max_s=100,
    dose="10 s holds x 10 per foot",
    instructions=(
        "Cross the foot over the other knee.",
        "Pull the toes back toward the shin until you feel a stretch in the arch.",
        "Hold 10 seconds, relax, repeat 10 times.",
    ),
    cues=("Toes back toward the shin", "Hold 10 s"),
    why=_why((HEEL,), "strong", _STRETCH_SOURCES + ("digiovanni_2003",), "F32 F11 F10"),
)

FIRST_STEPS_SHOES = Template(
    technique="first_steps_support",
    title="Supportive shoes on before you stand",
    kind=StepKind.HABIT,
    tools=("hands",),
    areas=("foot",),
    min_s=30,
    max_s=30,
    dose="before the first steps",
    instructions=(
        "Put on supportive shoes or cushioned slippers before you stand.",
        "Take the first steps slowly.",
    ),
    cues=("Shoes on first",),
    why=_why((HEEL,), "moderate", ("S0", "jospt_2014"), "F11 F33 F35"),
    per_leg=False,
)

CALF_GASTROC = Template(
    technique="calf_stretch_gastrocnemius",
    title="Calf stretch, knee straight",
    kind=StepKind.STRETCH,
    tools=("hands",),
    areas=("calf",),
    min_s=90,
    max_s=90,
    dose="30 s holds x 3 per leg",
    instructions=(
        "Stand facing a wall, the leg to stretch behind you, knee straight, heel down.",
        "Lean forward until you feel the stretch in the calf.",
        "Hold 30 seconds, three times.",
    ),
    cues=("Heel down, knee straight", "Hold 30 s"),
    why=_why((HEEL, CALF), "moderate", _STRETCH_SOURCES, "F32 F18 F16"),
)

CALF_SOLEUS = replace(
    CALF_GASTROC,
    technique="calf_stretch_soleus",
    title="Calf stretch, knee bent",
    instructions=(
        "Stand as for the straight-knee stretch, then bend the back knee.",
        "Keep the heel down; the stretch moves lower in the calf.",
        "Hold 30 seconds, three times.",
    ),
    cues=("Heel down, knee bent", "Hold 30 s"),
)

ARCH_ROLLING = Template(
    technique="arch_rolling",
    title="Arch rolling",
    kind=StepKind.ROLLING,
    tools=("water_bottle", "roller_ball", "tennis_ball", "mobility_ball", "lacrosse_ball"),
    areas=("foot",),
    min_s=60,
    max_s=120,
    dose="1-2 minutes per foot; a frozen water bottle cools as it rolls",
    instructions=(
        "Sit and put the bottle or ball under the arch.",
        "Roll slowly from the heel to the ball of the foot and back.",
    ),
    cues=("Heel to ball of the foot", "Gentle to moderate pressure"),
    why=_why((HEEL,), "low", ("S0", "S2"), "F28 F35 F36"),
    deep=True,
)

HAMSTRING_STRETCH = Template(
    technique="hamstring_stretch",
    title="Hamstring stretch",
    kind=StepKind.STRETCH,
    tools=("hands",),
    areas=("hamstring",),
    min_s=90,
    max_s=90,
    dose="30 s holds x 3 per leg",
    instructions=(
        "Lie on your back or sit with the leg straight.",
        "Lift or reach until you feel a stretch in the back of the thigh, never pain.",
        "Hold 30 seconds, three times.",
    ),
    cues=("A stretch, never pain", "Hold 30 s"),
    why=_why((HAMSTRING, HEEL), "moderate", ("S4",), "F32 F19 F16 F14"),
)

TOE_CURLS = Template(
    technique="towel_toe_curls",
    title="Towel toe curls",
    kind=StepKind.STRENGTH,
    tools=("hands",),
    areas=("foot",),
    min_s=60,
    max_s=60,
    dose="{sets} sets of {reps}",
    instructions=(
        "Sit with a towel flat under your foot.",
        "Scrunch the towel toward you with your toes, then push it back.",
    ),
    cues=("Slow and controlled",),
    why=_why((HEEL,), "low", ("S0", "S4"), "F32 F34"),
)

CALF_RAISES = Template(
    technique="calf_raises",
    title="Calf raises",
    kind=StepKind.STRENGTH,
    tools=("hands",),
    areas=("calf",),
    min_s=90,
    max_s=90,
    dose="{sets} sets of {reps}, slowly up and down",
    instructions=(
        "Stand holding a chair or wall for balance.",
        "Rise onto your toes, pause, and lower slowly.",
    ),
    cues=("Up in 2, down in 3",),
    why=_why((CALF, HEEL), "moderate", ("S4", "jospt_2014", "rathleff_2015"), "F32 F16 F18"),
)

HAMSTRING_BRIDGE = Template(
    technique="hamstring_bridge",
    title="Hamstring bridge",
    kind=StepKind.STRENGTH,
    tools=("hands",),
    areas=("hamstring", "buttock"),
    min_s=90,
    max_s=90,
    dose="{sets} sets of {reps}",
    instructions=(
        "Lie on your back, knees bent, heels on the floor.",
        "Push through the heels to lift the hips, hold a moment, lower slowly.",
    ),
    cues=("Push through the heels", "Pain-free range only"),
    why=_why((HAMSTRING, HAMSTRING_STRAIN), "moderate", ("S4",), "F32 F14 F13 F44"),
    per_leg=False,
)

# Strength levels, ramped by the weekly review: (sets, reps).
STRENGTH_LEVELS: Mapping[int, tuple[int, int]] = {1: (2, 8), 2: (3, 10), 3: (3, 12)}
MAX_STRENGTH_LEVEL = max(STRENGTH_LEVELS)

TEMPLATES: Mapping[str, Template] = {
    t.technique: t
    for t in (
        RELAX_START,
        *MASSAGE_ORDER,
        FULL_LEG,
        WIND_DOWN,
        PLANTAR_STRETCH,
        FIRST_STEPS_SHOES,
        CALF_GASTROC,
        CALF_SOLEUS,
        ARCH_ROLLING,
        HAMSTRING_STRETCH,
        TOE_CURLS,
        CALF_RAISES,
        HAMSTRING_BRIDGE,
    )
}

MASSAGE_KINDS_ALL = frozenset({StepKind.MASSAGE, StepKind.ROLLING})
