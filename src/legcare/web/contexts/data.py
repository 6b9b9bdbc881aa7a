"""Your data: what is stored, export formats, import and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legcare.services.context import AppContext


EXPORT_CHOICES = (
    ("json", "JSON", "Everything, and it can be imported back into legcare."),
    ("csv", "CSV (zip)", "One spreadsheet file per kind of record."),
    ("fhir", "FHIR R4", "The health-record standard, for a clinic's system; can be imported."),
    (
        "fhir-transaction",
        "FHIR R4 (transaction)",
        "The same records as a transaction a FHIR server takes in one request; sending it "
        "twice adds nothing twice.",
    ),
)


def build_data_context(ctx: AppContext) -> dict[str, Any]:
    """What is stored, the export formats, import and delete."""
    from legcare.services.views import export

    counts = export.data_counts(ctx=ctx)
    return {
        "title": "Your data",
        "counts": [
            {"name": name, "label": export.LABELS.get(name, name.replace("_", " ")), "count": n}
            for name, n in counts.items()
        ],
        "total": sum(counts.values()),
        "formats": [
            {"id": f, "label": label, "about": about} for f, label, about in EXPORT_CHOICES
        ],
    }
