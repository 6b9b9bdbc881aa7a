"""The illustration of a technique or stretch: an SVG file shipped with the content, and its
alt text (the position and the direction of pressure or movement, in words)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    """``file`` is a name inside the content's ``figures/`` folder, such as ``calf_roller.svg``."""

    file: str
    alt: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "alt": self.alt}
