"""The typed model of legcare's curated content and the queries over it (pure).

Content lives as YAML in ``legcare/content/``; ``legcare.store.knowledge_files`` validates it and
builds a ``KnowledgeBase`` from these dataclasses.
"""

from legcare.domain.knowledge.advice import Advice, AdviceCategory
from legcare.domain.knowledge.conditions import (
    ChainLink,
    ChainNode,
    Code,
    CodeSystem,
    Condition,
    ConditionCategory,
    LinkRelation,
)
from legcare.domain.knowledge.dose import Dose, TimeOfDay
from legcare.domain.knowledge.entry import Entry, EntryKind
from legcare.domain.knowledge.evidence import Claim, Evidence, EvidenceGrade, Source, SourceKind
from legcare.domain.knowledge.exercises import Exercise, ExerciseKind
from legcare.domain.knowledge.figures import Figure
from legcare.domain.knowledge.knowledge_base import KnowledgeBase
from legcare.domain.knowledge.plan_steps import PLAN_AREAS, STEP_KINDS, PlanStep
from legcare.domain.knowledge.precautions import Precaution, PrecautionKind
from legcare.domain.knowledge.questions import ClinicianQuestion
from legcare.domain.knowledge.search import SearchHit
from legcare.domain.knowledge.techniques import (
    BodyRegion,
    Delivery,
    Pressure,
    StrokeDirection,
    Technique,
    Tool,
)
from legcare.domain.knowledge.validation import SEED_FACTS, Problem

__all__ = [
    "PLAN_AREAS",
    "SEED_FACTS",
    "STEP_KINDS",
    "Advice",
    "AdviceCategory",
    "BodyRegion",
    "ChainLink",
    "ChainNode",
    "Claim",
    "ClinicianQuestion",
    "Code",
    "CodeSystem",
    "Condition",
    "ConditionCategory",
    "Delivery",
    "Dose",
    "Entry",
    "EntryKind",
    "Evidence",
    "EvidenceGrade",
    "Exercise",
    "ExerciseKind",
    "KnowledgeBase",
    "LinkRelation",
    "PlanStep",
    "Figure",
    "Precaution",
    "PrecautionKind",
    "Pressure",
    "Problem",
    "SearchHit",
    "Source",
    "SourceKind",
    "StrokeDirection",
    "Technique",
    "TimeOfDay",
    "Tool",
]
