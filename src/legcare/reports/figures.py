"""The illustrations of techniques and stretches: the project's own SVG figures, drawn in code.

One line style for every figure, built from a few shared primitives: body segments are thick
round-capped lines (a side view), tools are outlined shapes (a roller, a ball, a towel, a step),
arrows show the direction of pressure or movement, and a soft patch marks the area worked. There
is no text in a figure (no fonts to load); what it shows is said in the alt text beside each
``figure:`` entry of the content YAML. Colours come from CSS inside the file, with a
``prefers-color-scheme: dark`` variant, so a figure reads on light and dark pages and works offline.

`python scripts/gen_docs.py` writes them to ``content/figures/``; `--check` fails when a file
differs from what this module draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from legcare.reports.svg import num

Point = tuple[float, float]

WIDTH = 240
HEIGHT = 160
GROUND = 142.0

# Light colours as presentation attributes (they hold wherever the file is opened); the dark
# variant in CSS (CSS wins over presentation attributes).
LOOK: dict[str, str] = {
    "b": 'fill="none" stroke="#1b1f24" stroke-width="9" stroke-linecap="round" '
    'stroke-linejoin="round"',
    "h": 'fill="#1b1f24"',
    "o": 'fill="none" stroke="#1b1f24" stroke-width="4" stroke-linecap="round" '
    'stroke-linejoin="round"',
    "t": 'fill="#d8e6f3" stroke="#1b1f24" stroke-width="2.5" stroke-linejoin="round"',
    "w": 'fill="none" stroke="#5d7f9e" stroke-width="5" stroke-linecap="round"',
    "g": 'fill="none" stroke="#8b93a0" stroke-width="2.5" stroke-linecap="round"',
    "a": 'fill="none" stroke="#b0413e" stroke-width="3.5" stroke-linecap="round" '
    'stroke-linejoin="round"',
    "ah": 'fill="#b0413e"',
    "z": 'fill="#e8a33d" opacity="0.45"',
}
DARK = (
    "@media (prefers-color-scheme:dark){.b,.o,.t{stroke:#e8eaed}.h{fill:#e8eaed}"
    ".t{fill:#2c4a66}.w{stroke:#9cc3e6}.a{stroke:#ff8a80}.ah{fill:#ff8a80}.z{fill:#f0b450}}"
)


def _look(name: str) -> str:
    return f'class="{name}" {LOOK[name]}'


class Figure:
    """One figure being drawn: shapes appended in order (later shapes sit on top)."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.parts: list[str] = []

    def _add(self, markup: str) -> None:
        self.parts.append(markup)

    # ---- the person ----
    def limb(self, *points: Point) -> None:
        """A body segment (or a chain of them) through the joints ``points``."""
        self._add(f'<path {_look("b")} d="{_d(points)}"/>')

    def head(self, x: float, y: float, r: float = 11) -> None:
        self._add(f'<circle {_look("h")} cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>')

    def outline(self, *points: Point, closed: bool = False) -> None:
        """A thinner outline (a close-up of a foot, a hand)."""
        self._add(f'<path {_look("o")} d="{_d(points)}{"Z" if closed else ""}"/>')

    # ---- the surroundings and tools ----
    def ground(self, y: float = GROUND, x1: float = 8, x2: float = WIDTH - 8) -> None:
        self._add(f'<path {_look("g")} d="M{num(x1)} {num(y)}H{num(x2)}"/>')

    def wall(self, x: float, y1: float = 12, y2: float = GROUND) -> None:
        self._add(f'<path {_look("g")} d="M{num(x)} {num(y1)}V{num(y2)}"/>')

    def chair(self, x: float, seat: float, depth: float = 44) -> None:
        """A chair facing right: its back at ``x``, its seat at height ``seat``."""
        right = x + depth
        self._add(
            f'<path {_look("g")} d="M{num(x)} {num(seat - 50)}V{num(GROUND)}'
            f'M{num(x)} {num(seat)}H{num(right)}V{num(GROUND)}"/>'
        )

    def roller(self, x: float, y: float, r: float = 11) -> None:
        """A foam roller seen from its end."""
        self._add(f'<circle {_look("t")} cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>')
        self._add(f'<circle {_look("g")} cx="{num(x)}" cy="{num(y)}" r="{num(r / 3)}"/>')

    def ball(self, x: float, y: float, r: float = 7) -> None:
        self._add(f'<circle {_look("t")} cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>')

    def block(self, x: float, y: float, w: float, h: float) -> None:
        """A step, a block or a towel lying flat."""
        self._add(
            f'<rect {_look("t")} x="{num(x)}" y="{num(y)}" '
            f'width="{num(w)}" height="{num(h)}" rx="2"/>'
        )

    def band(self, *points: Point) -> None:
        """A towel or strap held in the hands."""
        self._add(f'<path {_look("w")} d="{_d(points)}"/>')

    def zone(self, x: float, y: float, rx: float, ry: float, angle: float = 0) -> None:
        """The area worked or stretched, as a soft patch under the body."""
        rot = f' transform="rotate({num(angle)} {num(x)} {num(y)})"' if angle else ""
        self._add(
            f'<ellipse {_look("z")} cx="{num(x)}" cy="{num(y)}" '
            f'rx="{num(rx)}" ry="{num(ry)}"{rot}/>'
        )

    # ---- arrows ----
    def arrow(self, *points: Point, both: bool = False) -> None:
        """The direction of pressure or movement, along ``points`` (a head at the end)."""
        ends = ' marker-start="url(#s)"' if both else ""
        self._add(f'<path {_look("a")} d="{_d(points)}" marker-end="url(#e)"{ends}/>')

    def curve(self, start: Point, control: Point, end: Point) -> None:
        """A curved arrow (a stretch that pulls around a joint)."""
        d = f"M{_p(start)}Q{_p(control)} {_p(end)}"
        self._add(f'<path {_look("a")} d="{d}" marker-end="url(#e)"/>')

    def circling(self, x: float, y: float, r: float = 9) -> None:
        """Small circles on one spot (circular strokes)."""
        d = f"M{num(x + r)} {num(y)}A{num(r)} {num(r)} 0 1 1 {num(x)} {num(y - r)}"
        self._add(f'<path {_look("a")} d="{d}" marker-end="url(#e)"/>')

    def svg(self) -> str:
        head_mark = f'<path {_look("ah")} d="M0 0L10 5L0 10Z"/>'
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img">'
        )
        defs = (
            "<defs>"
            '<marker id="e" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="3.2" '
            'markerHeight="3.2" orient="auto">' + head_mark + "</marker>"
            '<marker id="s" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="3.2" '
            'markerHeight="3.2" orient="auto-start-reverse">' + head_mark + "</marker></defs>"
        )
        title = f"<title>{_escape(self.title)}</title>"
        return "\n".join(
            ['<?xml version="1.0" encoding="utf-8"?>', head, title, f"<style>{DARK}</style>"]
            + [defs, *self.parts, "</svg>", ""]
        )


def _p(point: Point) -> str:
    return f"{num(point[0])} {num(point[1])}"


def _d(points: Sequence[Point]) -> str:
    return "M" + "L".join(_p(p) for p in points)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- poses shared by several figures ----
def _sit_on_floor(f: Figure, *, hip: Point = (72, 128), lean: float = 0) -> None:
    """Sitting on the floor facing right, propped on the hands behind."""
    hx, hy = hip
    shoulder = (hx - 16 - lean, hy - 46)
    f.limb(hip, shoulder)
    f.head(shoulder[0] - 4, shoulder[1] - 17)
    f.limb(shoulder, (shoulder[0] - 14, shoulder[1] + 24), (hx - 30, GROUND - 4))


def _sit_on_chair(f: Figure, *, chair_x: float = 52, seat: float = 92) -> tuple[Point, Point]:
    """Sitting on a chair facing right; returns the hip and the shoulder."""
    f.chair(chair_x, seat)
    hip = (chair_x + 14, seat - 5)
    shoulder = (chair_x + 10, seat - 50)
    f.limb(hip, shoulder)
    f.head(shoulder[0] + 3, shoulder[1] - 17)
    return hip, shoulder


def _foot_closeup(f: Figure) -> None:
    """A right foot seen from the inside, large: heel left, toes right."""
    f.outline(
        (78, 22), (82, 78), (66, 96), (58, 118), (70, 132), (110, 126), (150, 128),
        (196, 126), (212, 118), (206, 106), (176, 100), (140, 86), (112, 66), (106, 22),
    )  # fmt: skip


# ---- the figures, one per technique or stretch (names are the file names) ----
def calf_roller() -> Figure:
    f = Figure("Calf resting on a foam roller")
    f.ground()
    f.zone(160, 119, 30, 8, -7)
    f.roller(160, 131)
    _sit_on_floor(f)
    f.limb((72, 128), (122, 124), (192, 114), (200, 100))
    f.limb((72, 128), (118, 134), (170, 138), (184, 128))
    f.arrow((150, 92), (150, 110))
    f.arrow((128, 100), (180, 92), both=True)
    return f


def hamstring_roller() -> Figure:
    f = Figure("Back of the thigh resting on a foam roller")
    f.ground()
    f.zone(112, 114, 26, 8, -4)
    f.roller(112, 128)
    _sit_on_floor(f, hip=(76, 118))
    f.limb((76, 118), (140, 112), (192, 122), (200, 108))
    f.arrow((112, 78), (112, 98))
    f.arrow((88, 90), (140, 84), both=True)
    return f


def calf_thumb_press() -> Figure:
    f = Figure("Thumbs pressing into a tender spot of the calf")
    f.ground()
    f.zone(150, 110, 22, 9, 52)
    _sit_on_floor(f)
    f.limb((72, 128), (130, 84), (168, 134), (184, 136))
    f.limb((58, 84), (100, 108), (142, 116))
    f.arrow((118, 138), (136, 121))
    return f


def calf_deep_stroke() -> Figure:
    f = Figure("A ball pressed slowly along the calf toward the knee")
    f.ground()
    f.zone(150, 110, 24, 9, 52)
    _sit_on_floor(f)
    f.limb((72, 128), (130, 84), (168, 134), (184, 136))
    f.limb((58, 84), (104, 112), (150, 122))
    f.ball(153, 116, 6)
    f.arrow((176, 118), (146, 80))
    return f


def calf_kneading() -> Figure:
    f = Figure("Both hands kneading the calf and the back of the thigh")
    f.ground()
    f.zone(150, 110, 24, 9, 52)
    _sit_on_floor(f)
    f.limb((72, 128), (130, 84), (168, 134), (184, 136))
    f.limb((58, 84), (104, 106), (146, 112))
    f.limb((58, 84), (96, 74), (128, 96))
    f.arrow((170, 106), (158, 118), (172, 122), (160, 134))
    return f


def leg_strokes() -> Figure:
    f = Figure("Hands stroking up the leg from the ankle toward the hip")
    hip, shoulder = _sit_on_chair(f)
    f.ground()
    f.limb(hip, (136, 90), (140, 136), (156, 138))
    f.zone(138, 112, 20, 8, 90)
    f.limb(shoulder, (98, 64), (140, 118))
    f.arrow((156, 132), (154, 100), (126, 78), (90, 76))
    return f


def elbow_thigh() -> Figure:
    f = Figure("Elbow pressing down into the thigh while seated")
    f.chair(42, 92)
    f.ground()
    hip = (56, 87)
    shoulder = (84, 44)
    f.limb(hip, shoulder)
    f.head(96, 32)
    f.zone(104, 84, 22, 7)
    f.limb(hip, (134, 86), (138, 136), (154, 138))
    f.limb(shoulder, (104, 80), (134, 58))
    f.arrow((118, 52), (110, 72))
    return f


def ball_under_thigh() -> Figure:
    f = Figure("A ball under the back of the thigh, sitting on the floor")
    f.ground()
    f.zone(112, 122, 24, 7)
    f.ball(112, 133, 8)
    _sit_on_floor(f, hip=(78, 124))
    f.limb((78, 124), (140, 122), (194, 128), (202, 114))
    f.arrow((112, 88), (112, 108))
    f.arrow((92, 100), (134, 100), both=True)
    return f


def glide_toward_heart() -> Figure:
    f = Figure("Lying face down; long gliding strokes up the leg toward the heart")
    f.ground()
    f.head(30, 122)
    f.limb((44, 126), (110, 128), (160, 128), (206, 126), (214, 138))
    f.zone(184, 122, 24, 7)
    f.limb((150, 40), (172, 80), (196, 114))
    f.arrow((204, 102), (130, 108), (80, 110))
    return f


def sole_thumb_circles() -> Figure:
    f = Figure("Thumb working small circles on the sole of the foot")
    _foot_closeup(f)
    f.zone(140, 128, 40, 8)
    f.limb((150, 156), (140, 134))
    f.circling(140, 146, 8)
    f.arrow((120, 152), (130, 136))
    return f


def plantar_pull() -> Figure:
    f = Figure("Hand pulling the toes back toward the shin to stretch the sole")
    _foot_closeup(f)
    f.zone(140, 122, 44, 7)
    f.limb((232, 60), (214, 100), (206, 112))
    f.curve((214, 136), (238, 100), (200, 72))
    return f


def wall_calf_stretch() -> Figure:
    f = Figure("Facing a wall, back leg straight with the heel down, leaning in")
    f.ground()
    f.wall(200)
    f.zone(88, 124, 18, 7, -40)
    hip = (126, 90)
    f.limb(hip, (146, 44))
    f.head(152, 28)
    f.limb((146, 44), (172, 62), (196, 50))
    f.limb(hip, (158, 112), (158, 140), (174, 140))
    f.limb(hip, (100, 116), (76, 138), (92, 140))
    f.arrow((112, 70), (140, 60))
    return f


def wall_soleus_stretch() -> Figure:
    f = Figure("Facing a wall, back knee bent with the heel down, sinking down")
    f.ground()
    f.wall(200)
    f.zone(100, 126, 14, 6, -70)
    hip = (128, 98)
    f.limb(hip, (144, 50))
    f.head(150, 34)
    f.limb((144, 50), (170, 68), (196, 58))
    f.limb(hip, (160, 116), (160, 140), (176, 140))
    f.limb(hip, (112, 124), (96, 138), (112, 140))
    f.arrow((96, 96), (100, 116))
    return f


def towel_hamstring_stretch() -> Figure:
    f = Figure("Lying on the back, one leg raised straight with a towel round the foot")
    f.ground()
    f.head(24, 128)
    f.limb((40, 132), (104, 134))
    f.limb((104, 134), (146, 112), (170, 136), (184, 138))
    f.zone(122, 86, 26, 7, -62)
    f.limb((104, 134), (136, 52), (148, 44))
    f.limb((44, 130), (60, 104), (84, 92))
    f.band((84, 92), (142, 40), (150, 48), (88, 96))
    f.curve((168, 64), (170, 30), (130, 22))
    return f


def towel_toe_curl() -> Figure:
    f = Figure("Seated, toes curling to pull a towel on the floor toward the heel")
    hip, shoulder = _sit_on_chair(f)
    f.ground()
    f.block(118, 138, 96, 4)
    f.limb(hip, (134, 90), (136, 134), (154, 136))
    f.limb(shoulder, (76, 70), (100, 82))
    f.zone(148, 134, 12, 5)
    f.arrow((206, 128), (166, 128))
    return f


def wall_calf_raise() -> Figure:
    f = Figure("Standing with a hand on the wall, rising onto the toes and lowering the heels")
    f.ground()
    f.wall(200)
    hip = (112, 90)
    f.limb(hip, (116, 44))
    f.head(118, 27)
    f.limb((116, 44), (150, 60), (196, 62))
    f.zone(110, 114, 6, 13)
    f.limb(hip, (110, 116), (114, 128), (128, 140))
    f.arrow((94, 140), (94, 108), both=True)
    return f


def hip_bridge() -> Figure:
    f = Figure("Lying on the back, knees bent, lifting the hips")
    f.ground()
    f.head(24, 130)
    f.limb((40, 134), (106, 104))
    f.limb((40, 134), (90, 138))
    f.zone(124, 102, 20, 7, -20)
    f.limb((106, 104), (148, 92), (160, 138), (176, 138))
    f.arrow((104, 136), (104, 118))
    return f


def arch_ball_roll() -> Figure:
    f = Figure("Seated, the arch of the foot rolling over a ball under light pressure")
    hip, shoulder = _sit_on_chair(f)
    f.ground()
    f.ball(150, 134, 8)
    f.limb(hip, (134, 90), (136, 126), (166, 126))
    f.zone(150, 124, 16, 5)
    f.limb(shoulder, (76, 70), (100, 82))
    f.arrow((150, 98), (150, 114))
    f.arrow((128, 108), (174, 108), both=True)
    return f


FIGURES: dict[str, Callable[[], Figure]] = {
    fn.__name__: fn
    for fn in (
        calf_roller,
        hamstring_roller,
        calf_thumb_press,
        calf_deep_stroke,
        calf_kneading,
        leg_strokes,
        elbow_thigh,
        ball_under_thigh,
        glide_toward_heart,
        sole_thumb_circles,
        plantar_pull,
        wall_calf_stretch,
        wall_soleus_stretch,
        towel_hamstring_stretch,
        towel_toe_curl,
        wall_calf_raise,
        hip_bridge,
        arch_ball_roll,
    )
}


def figure_files() -> dict[str, str]:
    """Every figure as ``{file name: SVG text}``, the way ``content/figures/`` holds them."""
    return {f"{name}.svg": draw().svg() for name, draw in FIGURES.items()}


__all__ = ["FIGURES", "Figure", "figure_files"]
