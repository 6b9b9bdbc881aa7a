"""Read the curated content: YAML -> pydantic (``extra="forbid"``) -> domain dataclasses.

Each file in ``legcare/content/`` holds one list of entries (``sources.yaml`` holds ``sources``,
``conditions.yaml`` holds ``chain_nodes`` and ``conditions`` ...). A mistake anywhere raises
``KnowledgeBaseError`` naming the file, the entry id and the field, for example::

    techniques.yaml: entry 'trigger_point', field 'dose.minutes_min': Input should be a number

After each file is valid on its own, the cross-references are checked (every source,
condition, technique, exercise and precaution id must exist). ``load_knowledge_base()`` is
cached per directory and per process, and its build is kept between runs by
``legcare.store.content_cache``; ``read_knowledge_base()`` always reads the files again.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from legcare.domain.knowledge import (
    Advice,
    AdviceCategory,
    BodyRegion,
    ChainLink,
    ChainNode,
    Claim,
    ClinicianQuestion,
    Code,
    CodeSystem,
    Condition,
    ConditionCategory,
    Delivery,
    Dose,
    Evidence,
    EvidenceGrade,
    Exercise,
    ExerciseKind,
    Figure,
    KnowledgeBase,
    LinkRelation,
    PlanStep,
    Precaution,
    PrecautionKind,
    Pressure,
    Problem,
    Source,
    SourceKind,
    StrokeDirection,
    Technique,
    TimeOfDay,
    Tool,
)
from legcare.errors import KnowledgeBaseError
from legcare.store.content_cache import CONTENT_DIR, KB_FILES

_KIND_FILES = {
    "source": "sources.yaml",
    "condition": "conditions.yaml",
    "chain_node": "conditions.yaml",
    "technique": "techniques.yaml",
    "exercise": "exercises.yaml",
    "advice": "advice.yaml",
    "precaution": "precautions.yaml",
    "clinician_question": "clinician_questions.yaml",
}

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
SourceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
SeedFact = Annotated[str, StringConstraints(pattern=r"^F(0[1-9]|[1-4][0-9]|50)$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClaimIn(_Model):
    claim: Text
    grade: EvidenceGrade
    sources: list[SourceId] = []

    def build(self) -> Claim:
        return Claim(text=self.claim, grade=self.grade, sources=tuple(self.sources))


class EvidenceIn(_Model):
    grade: EvidenceGrade
    note: Prose = ""
    claims: list[ClaimIn] = []

    def build(self) -> Evidence:
        return Evidence(
            grade=self.grade, note=self.note, claims=tuple(c.build() for c in self.claims)
        )


class DoseIn(_Model):
    hold_seconds_min: int | None = Field(None, ge=1, le=3600)
    hold_seconds_max: int | None = Field(None, ge=1, le=3600)
    minutes_min: float | None = Field(None, gt=0, le=240)
    minutes_max: float | None = Field(None, gt=0, le=240)
    reps: int | None = Field(None, ge=1, le=200)
    sets: int | None = Field(None, ge=1, le=20)
    times_per_day_min: int | None = Field(None, ge=1, le=24)
    times_per_day_max: int | None = Field(None, ge=1, le=24)
    times_per_week_min: int | None = Field(None, ge=1, le=21)
    times_per_week_max: int | None = Field(None, ge=1, le=21)
    time_of_day: list[TimeOfDay] = []
    note: Prose = ""

    def build(self) -> Dose:
        data = self.model_dump()
        data["time_of_day"] = tuple(self.time_of_day)
        return Dose(**data)


StepKindName = Literal["massage", "rolling", "stretch", "strength", "relaxation", "habit"]
PlanArea = Literal["foot", "calf", "shin", "hamstring", "thigh", "buttock"]


FigureFile = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.svg$")]


class FigureIn(_Model):
    """An illustration: a file in ``content/figures/`` and its alt text (checked at load)."""

    file: FigureFile
    alt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=300)]

    def build(self) -> Figure:
        return Figure(file=self.file, alt=self.alt)


class PlanStepIn(_Model):
    """How the plan schedules an entry; the dose stays on the entry (see plan_steps.py)."""

    id: Id | None = None
    kind: StepKindName
    title: Text
    tools: list[Tool] = []
    areas: list[PlanArea] = []
    per_leg: bool = True
    deep: bool = False
    spots: tuple[Annotated[int, Field(ge=1, le=20)], Annotated[int, Field(ge=1, le=20)]] | None = (
        None
    )
    seconds: int | None = Field(None, ge=5, le=3600)
    instructions: list[Text] = []
    cues: list[Text] = []
    figure: FigureIn | None = None

    def build(self, entry_id: str, default_tools: tuple[str, ...]) -> PlanStep:
        tools = tuple(t.value for t in self.tools) or default_tools or ("hands",)
        return PlanStep(
            id=self.id or entry_id,
            kind=self.kind,
            title=self.title,
            tools=tools,
            areas=tuple(self.areas),
            per_leg=self.per_leg,
            deep=self.deep,
            spots=self.spots,
            seconds=self.seconds,
            instructions=tuple(self.instructions),
            cues=tuple(self.cues),
            figure=self.figure.build() if self.figure else None,
        )


class _EntryIn(_Model):
    id: Id
    title: Text
    summary: Text
    also_called: list[Text] = []
    evidence: EvidenceIn
    sources: list[SourceId] = Field(min_length=1)
    seed_facts: list[SeedFact] = Field(min_length=1)

    def common(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "also_called": tuple(self.also_called),
            "evidence": self.evidence.build(),
            "sources": tuple(self.sources),
            "seed_facts": tuple(self.seed_facts),
        }


class _SchedulableIn(_EntryIn):
    plan: list[PlanStepIn] = []

    def plan_steps(self, tools: tuple[str, ...] = ()) -> tuple[PlanStep, ...]:
        return tuple(step.build(self.id, tools) for step in self.plan)


class LinkIn(_Model):
    relation: LinkRelation
    to: Id
    note: Prose = ""
    grade: EvidenceGrade | None = None
    seed_facts: list[SeedFact] = []

    def build(self, source: str) -> ChainLink:
        return ChainLink(
            source=source,
            relation=self.relation,
            target=self.to,
            note=self.note,
            grade=self.grade,
            seed_facts=tuple(self.seed_facts),
        )


class CodeIn(_Model):
    system: CodeSystem
    code: Text
    display: Text

    def build(self) -> Code:
        return Code(system=self.system, code=self.code, display=self.display)


class ChainNodeIn(_EntryIn):
    links: list[LinkIn] = []

    def build(self) -> ChainNode:
        return ChainNode(**self.common(), links=tuple(link.build(self.id) for link in self.links))


class ConditionIn(_EntryIn):
    category: ConditionCategory
    presentation: list[Text] = Field(min_length=1)
    risk_factors: list[Text] = []
    differs_from_rls: Prose = ""
    see_clinician: list[Text] = Field(min_length=1)
    notes: list[Text] = []
    self_care: list[Id] = []
    precautions: list[Id] = []
    codes: list[CodeIn] = []
    links: list[LinkIn] = []

    def build(self) -> Condition:
        return Condition(
            **self.common(),
            category=self.category,
            presentation=tuple(self.presentation),
            risk_factors=tuple(self.risk_factors),
            differs_from_rls=self.differs_from_rls,
            see_clinician=tuple(self.see_clinician),
            notes=tuple(self.notes),
            self_care=tuple(self.self_care),
            precautions=tuple(self.precautions),
            codes=tuple(c.build() for c in self.codes),
            links=tuple(link.build(self.id) for link in self.links),
        )


class TechniqueIn(_SchedulableIn):
    delivery: Delivery
    body_regions: list[BodyRegion] = Field(min_length=1)
    tools: list[Tool] = Field(min_length=1)
    steps: list[Text] = Field(min_length=1)
    dose: DoseIn
    pressure: Pressure
    pressure_cue: Text
    direction: StrokeDirection
    direction_cue: Prose = ""
    cues: list[Text] = []
    precautions: list[Id] = Field(min_length=1)
    conditions: list[Id] = []
    figure: FigureIn

    def build(self) -> Technique:
        return Technique(
            **self.common(),
            figure=self.figure.build(),
            plan=self.plan_steps(tuple(t.value for t in self.tools)),
            delivery=self.delivery,
            body_regions=tuple(self.body_regions),
            tools=tuple(self.tools),
            steps=tuple(self.steps),
            dose=self.dose.build(),
            pressure=self.pressure,
            pressure_cue=self.pressure_cue,
            direction=self.direction,
            direction_cue=self.direction_cue,
            cues=tuple(self.cues),
            precautions=tuple(self.precautions),
            conditions=tuple(self.conditions),
        )


class ExerciseIn(_SchedulableIn):
    kind: ExerciseKind
    body_regions: list[BodyRegion] = Field(min_length=1)
    steps: list[Text] = Field(min_length=1)
    dose: DoseIn
    ramp: list[Text] = Field(min_length=1)
    tools: list[Tool] = []
    cues: list[Text] = []
    precautions: list[Id] = []
    conditions: list[Id] = []
    figure: FigureIn

    def build(self) -> Exercise:
        return Exercise(
            **self.common(),
            figure=self.figure.build(),
            plan=self.plan_steps(tuple(t.value for t in self.tools)),
            exercise_kind=self.kind,
            body_regions=tuple(self.body_regions),
            steps=tuple(self.steps),
            dose=self.dose.build(),
            ramp=tuple(self.ramp),
            tools=tuple(self.tools),
            cues=tuple(self.cues),
            precautions=tuple(self.precautions),
            conditions=tuple(self.conditions),
        )


class AdviceIn(_SchedulableIn):
    category: AdviceCategory
    points: list[Text] = Field(min_length=1)
    dose: DoseIn | None = None
    techniques: list[Id] = []
    exercises: list[Id] = []
    conditions: list[Id] = []
    precautions: list[Id] = []

    def build(self) -> Advice:
        return Advice(
            **self.common(),
            plan=self.plan_steps(),
            category=self.category,
            points=tuple(self.points),
            dose=None if self.dose is None else self.dose.build(),
            techniques=tuple(self.techniques),
            exercises=tuple(self.exercises),
            conditions=tuple(self.conditions),
            precautions=tuple(self.precautions),
        )


class PrecautionIn(_EntryIn):
    kind: PrecautionKind
    applies_when: list[Text] = Field(min_length=1)
    instruction: Text
    blocks: Literal["all"] | list[Id]
    exercises: list[Id] = []
    tools_not_allowed: list[Tool] = []
    conditions: list[Id] = []

    def build(self) -> Precaution:
        blocks_all = self.blocks == "all"
        return Precaution(
            **self.common(),
            precaution_kind=self.kind,
            applies_when=tuple(self.applies_when),
            instruction=self.instruction,
            blocks_all=blocks_all,
            techniques=() if isinstance(self.blocks, str) else tuple(self.blocks),
            exercises=tuple(self.exercises),
            tools_not_allowed=tuple(self.tools_not_allowed),
            conditions=tuple(self.conditions),
        )


class QuestionIn(_EntryIn):
    conditions: list[Id] = []
    points: list[Text] = []

    def build(self) -> ClinicianQuestion:
        return ClinicianQuestion(
            **self.common(), conditions=tuple(self.conditions), points=tuple(self.points)
        )


class SourceIn(_Model):
    id: SourceId
    title: Text
    kind: SourceKind
    year: int | None = Field(None, ge=1800, le=2100)
    authors: Prose = ""
    published_in: Prose = ""
    url: str = Field("", pattern=r"^(https?://\S+)?$")
    note: Prose = ""

    def build(self) -> Source:
        return Source(**self.model_dump())


class _FileIn(_Model):
    about: Prose = ""
    reviewed: date | None = None


class SourcesFile(_FileIn):
    sources: list[SourceIn] = Field(min_length=1)


class ConditionsFile(_FileIn):
    chain_nodes: list[ChainNodeIn] = []
    conditions: list[ConditionIn] = Field(min_length=1)


class TechniquesFile(_FileIn):
    techniques: list[TechniqueIn] = Field(min_length=1)


class ExercisesFile(_FileIn):
    exercises: list[ExerciseIn] = Field(min_length=1)


class AdviceFile(_FileIn):
    advice: list[AdviceIn] = Field(min_length=1)


class PrecautionsFile(_FileIn):
    precautions: list[PrecautionIn] = Field(min_length=1)


class QuestionsFile(_FileIn):
    questions: list[QuestionIn] = Field(min_length=1)


_FILE_MODELS: dict[str, type[_FileIn]] = {
    "sources.yaml": SourcesFile,
    "conditions.yaml": ConditionsFile,
    "techniques.yaml": TechniquesFile,
    "exercises.yaml": ExercisesFile,
    "advice.yaml": AdviceFile,
    "precautions.yaml": PrecautionsFile,
    "clinician_questions.yaml": QuestionsFile,
}


def _entry_name(raw: Any, loc: tuple[Any, ...]) -> str:
    """The id of the entry at ``loc`` in the raw YAML (or its position when it has none)."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(raw, dict):
        items = raw.get(loc[0])
        if isinstance(items, list) and loc[1] < len(items):
            item = items[loc[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return f"entry '{item['id']}'"
            return f"entry #{loc[1] + 1} of '{loc[0]}'"
    return "top level"


def _field_name(loc: tuple[Any, ...]) -> str:
    rest = loc[2:] if len(loc) >= 2 and isinstance(loc[1], int) else loc
    parts: list[str] = []
    for part in rest:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif str(part).startswith(("literal[", "list[")):
            continue  # pydantic's name for a union branch, not a field
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(the whole entry)"


def _validation_problems(name: str, raw: Any, exc: ValidationError) -> list[str]:
    found = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        got = err.get("input")
        shown = f" (got {got!r})" if isinstance(got, str | int | float) else ""
        found.append(
            f"{name}: {_entry_name(raw, loc)}, field '{_field_name(loc)}': {err['msg']}{shown}"
        )
    return list(dict.fromkeys(found))


def read_content_yaml(path: Path) -> tuple[Any, bytes]:
    """A content file's parsed YAML and its bytes (for the content version); a missing file or
    bad YAML is a ``KnowledgeBaseError`` naming the file, the line and the column."""
    if not path.is_file():
        raise KnowledgeBaseError(f"{path.name}: content file is missing (looked in {path.parent})")
    import yaml  # only when the content is built (not when the cached build is used)

    data = path.read_bytes()
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(data, Loader=loader), data
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeBaseError(f"{path.name}: not valid YAML{where}: {problem}") from None


def _parse_file(path: Path) -> tuple[_FileIn, bytes]:
    raw, data = read_content_yaml(path)
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(
            f"{path.name}: the file must be a mapping of lists (e.g. 'techniques: [...]'), "
            f"not {type(raw).__name__}"
        )
    try:
        return _FILE_MODELS[path.name].model_validate(raw), data
    except ValidationError as exc:
        problems = _validation_problems(path.name, raw, exc)
        raise KnowledgeBaseError(
            f"Content file is invalid: {problems[0]}", details=problems
        ) from None


def _reference_problem(problem: Problem) -> str:
    file = _KIND_FILES.get(problem.kind, "content")
    return f"{file}: entry '{problem.entry_id}', field '{problem.field}': {problem.message}"


FIGURES = "figures"


def figures_dir() -> Path:
    """The folder of the package's SVG figures (served by the web app under /static/figures/)."""
    return CONTENT_DIR / FIGURES


def _missing_figures(kb: KnowledgeBase, folder: Path) -> list[str]:
    """Every ``figure:`` must name a file that is in the content's ``figures/`` folder."""
    problems = []
    for entry in (*kb.techniques, *kb.exercises):
        shapes = [(f"entry '{entry.id}'", entry.figure)]
        shapes += [(f"entry '{entry.id}', plan step '{s.id}'", s.figure) for s in entry.plan]
        for where, figure in shapes:
            if figure is not None and not (folder / FIGURES / figure.file).is_file():
                problems.append(
                    f"{_KIND_FILES.get(entry.kind.value, 'content')}: {where}, field 'figure': "
                    f"no file {FIGURES}/{figure.file} (the figures are in {folder / FIGURES})"
                )
    return problems


def read_knowledge_base(directory: Path | None = None) -> KnowledgeBase:
    """Read, validate and build the knowledge base from ``directory`` (default: the package's)."""
    folder = Path(directory) if directory is not None else CONTENT_DIR
    parsed: dict[str, Any] = {}
    digest = hashlib.sha256()
    for name in KB_FILES:
        model, data = _parse_file(folder / name)
        parsed[name] = model
        digest.update(name.encode() + b"\0" + data + b"\0")
    cond: ConditionsFile = parsed["conditions.yaml"]
    kb = KnowledgeBase(
        sources=[s.build() for s in parsed["sources.yaml"].sources],
        conditions=[c.build() for c in cond.conditions],
        chain_nodes=[n.build() for n in cond.chain_nodes],
        techniques=[t.build() for t in parsed["techniques.yaml"].techniques],
        exercises=[e.build() for e in parsed["exercises.yaml"].exercises],
        advice=[a.build() for a in parsed["advice.yaml"].advice],
        precautions=[p.build() for p in parsed["precautions.yaml"].precautions],
        questions=[q.build() for q in parsed["clinician_questions.yaml"].questions],
        content_version=digest.hexdigest()[:12],
    )
    problems = [_reference_problem(p) for p in kb.problems()] + _missing_figures(kb, folder)
    if problems:
        raise KnowledgeBaseError(f"Content is inconsistent: {problems[0]}", details=problems)
    return kb


# The cached loader lives with the content cache, so that using it imports no YAML or pydantic.
from legcare.store.content_cache import load_knowledge_base  # noqa: E402

__all__ = ["CONTENT_DIR", "KB_FILES", "figures_dir", "load_knowledge_base", "read_knowledge_base"]
