"""Small knowledge bases built in code, for unit tests that should not depend on the content."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from legcare.domain.knowledge import (
    BodyRegion,
    ChainLink,
    ChainNode,
    Condition,
    ConditionCategory,
    Delivery,
    Dose,
    Evidence,
    EvidenceGrade,
    KnowledgeBase,
    LinkRelation,
    Precaution,
    PrecautionKind,
    Pressure,
    Source,
    SourceKind,
    StrokeDirection,
    Technique,
    Tool,
)

EVIDENCE = Evidence(grade=EvidenceGrade.LOW, note="test")


def provenance() -> dict[str, Any]:
    return {"evidence": EVIDENCE, "sources": ("S0",), "seed_facts": ("F01",)}


def make_technique(id: str = "trigger_point", **overrides: Any) -> Technique:
    fields: dict[str, Any] = {
        "id": id,
        "title": id.replace("_", " ").title(),
        "summary": f"About {id}.",
        "delivery": Delivery.SELF,
        "body_regions": (BodyRegion.CALF,),
        "tools": (Tool.HANDS,),
        "steps": ("Do it.",),
        "dose": Dose(minutes_min=3, minutes_max=5, times_per_day_min=2),
        "pressure": Pressure.FIRM,
        "pressure_cue": "firm",
        "direction": StrokeDirection.STATIC_HOLD,
        "precautions": ("blood_clot",),
        **provenance(),
    }
    fields.update(overrides)
    return Technique(**fields)


def make_precaution(id: str = "blood_clot", **overrides: Any) -> Precaution:
    fields: dict[str, Any] = {
        "id": id,
        "title": id.replace("_", " "),
        "summary": "Careful.",
        "precaution_kind": PrecautionKind.NO_MASSAGE,
        "applies_when": ("always",),
        "instruction": "Stop.",
        "blocks_all": True,
        **provenance(),
    }
    fields.update(overrides)
    return Precaution(**fields)


def make_condition(id: str = "calf_tightness", **overrides: Any) -> Condition:
    fields: dict[str, Any] = {
        "id": id,
        "title": id.replace("_", " ").title(),
        "summary": f"About {id}.",
        "category": ConditionCategory.PATTERN,
        "presentation": ("it hurts",),
        "see_clinician": ("if worse",),
        **provenance(),
    }
    fields.update(overrides)
    return Condition(**fields)


def link(source: str, relation: str, target: str, *facts: str) -> ChainLink:
    return ChainLink(
        source=source, relation=LinkRelation(relation), target=target, seed_facts=facts
    )


def chain_kb(**overrides: Any) -> KnowledgeBase:
    """calf_tightness --limits--> ankle_dorsiflexion --loads--> plantar_fasciitis, and
    hamstring_tightness --increases--> knee_bend --prolongs--> forefoot --loads--> plantar."""
    conditions = [
        make_condition(
            "calf_tightness", links=(link("calf_tightness", "limits", "ankle_dorsiflexion"),)
        ),
        make_condition(
            "hamstring_tightness",
            links=(link("hamstring_tightness", "increases", "knee_bend_in_gait", "F19"),),
        ),
        make_condition("plantar_fasciitis", title="Plantar fasciitis (heel pain)"),
    ]
    node = ChainNode(
        id="ankle_dorsiflexion", title="Ankle dorsiflexion", summary="x", **provenance()
    )
    nodes = [
        replace(node, links=(link("ankle_dorsiflexion", "loads", "plantar_fasciitis", "F18"),)),
        replace(
            node,
            id="knee_bend_in_gait",
            title="Knee bend",
            links=(link("knee_bend_in_gait", "prolongs", "forefoot_loading"),),
        ),
        replace(
            node,
            id="forefoot_loading",
            title="Forefoot loading",
            links=(link("forefoot_loading", "loads", "plantar_fasciitis"),),
        ),
    ]
    fields: dict[str, Any] = {
        "sources": [Source(id="S0", title="Seed", kind=SourceKind.ARTICLE)],
        "conditions": conditions,
        "chain_nodes": nodes,
        "techniques": [
            make_technique("trigger_point"),
            make_technique(
                "foot_massage_reflexology",
                title="Foot massage and reflexology",
                also_called=("reflexology",),
                precautions=("blood_clot", "numb_skin"),
            ),
        ],
        "precautions": [
            make_precaution("blood_clot"),
            make_precaution(
                "numb_skin",
                precaution_kind=PrecautionKind.NO_TOOLS_ON_NUMB_SKIN,
                blocks_all=False,
                techniques=("foot_massage_reflexology",),
            ),
        ],
    }
    fields.update(overrides)
    return KnowledgeBase(**fields)
