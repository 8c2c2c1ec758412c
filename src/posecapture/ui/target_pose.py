"""Where the joints of the friendly target figure go, from an exercise's own angles.

The picture of the target pose is drawn from the exercise's definition (its
target angles), never from a hand-made image, so a therapist who changes a
target in the exercise file sees the picture change with it. This module is the
geometry only (no Kivy): a body with child-like proportions, posed by the same
angle ids the measurement uses (``left_shoulder_flexion``, ``trunk_lateral_flexion``,
``head_tilt``...), in figure units (feet at y=0, head top near y=1, y up).

The front view is drawn as the child sees themself in the mirrored camera
picture: the child's left arm is on the left of the screen. The side view shows
the figure facing right with the exercising side toward the viewer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

Point = tuple[float, float]

# Segment lengths and widths in figure units: a young child's proportions
# (a big head, short limbs), which reads as friendly rather than clinical.
HEAD_R = 0.105
NECK_Y = 0.77
HIP_Y = 0.44
SHOULDER_HALF = 0.12
HIP_HALF = 0.065
UPPER_ARM = 0.15
FOREARM = 0.14
THIGH = 0.22
SHANK = 0.21


@dataclass(frozen=True)
class FigurePose:
    """Points of the posed figure; ``highlight`` names the limbs the exercise moves."""

    head: Point
    face_turn_deg: float
    neck: Point
    shoulders: dict[str, Point]
    elbows: dict[str, Point]
    wrists: dict[str, Point]
    hips: dict[str, Point]
    knees: dict[str, Point]
    ankles: dict[str, Point]
    highlight: frozenset[str]

    def bones(self) -> list[tuple[str, Point, Point]]:
        """Every limb as (name, start, end); names are ``left_arm``, ``right_leg``, ``trunk``."""
        out: list[tuple[str, Point, Point]] = []
        mid_hip = _mid(self.hips["left"], self.hips["right"])
        out.append(("trunk", mid_hip, self.neck))
        for side in ("left", "right"):
            out.append((f"{side}_arm", self.shoulders[side], self.elbows[side]))
            out.append((f"{side}_arm", self.elbows[side], self.wrists[side]))
            out.append((f"{side}_leg", self.hips[side], self.knees[side]))
            out.append((f"{side}_leg", self.knees[side], self.ankles[side]))
        return out


def _mid(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _along(origin: Point, length: float, angle_deg: float) -> Point:
    """The point ``length`` away from ``origin`` in direction ``angle_deg`` (0 = straight down,
    positive turning toward +x)."""
    a = math.radians(angle_deg)
    return (origin[0] + length * math.sin(a), origin[1] - length * math.cos(a))


def _rotate(point: Point, centre: Point, angle_deg: float) -> Point:
    """``point`` turned about ``centre`` by ``angle_deg``, positive toward +x at the top."""
    a = math.radians(-angle_deg)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return (
        centre[0] + dx * math.cos(a) - dy * math.sin(a),
        centre[1] + dx * math.sin(a) + dy * math.cos(a),
    )


def _angle(angles: Mapping[str, float], key: str) -> float:
    value = angles.get(key, 0.0)
    return 0.0 if value is None or math.isnan(value) else float(value)


def highlighted(metrics: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The limbs to colour for the measured angle ids (``right_shoulder_flexion`` -> right arm)."""
    limbs: set[str] = set()
    for metric in metrics:
        side = next((s for s in ("left", "right") if metric.startswith(s + "_")), None)
        part = metric.removeprefix(f"{side}_") if side else metric
        sides = (side,) if side else ("left", "right")
        if part.startswith(("shoulder", "elbow")):
            limbs.update(f"{s}_arm" for s in sides)
        elif part.startswith(("hip", "knee")):
            limbs.update(f"{s}_leg" for s in sides)
        elif part.startswith(("trunk", "pelvic")):
            limbs.add("trunk")
        elif part.startswith("head"):
            limbs.add("head")
    return frozenset(limbs)


def pose_figure(
    angles: Mapping[str, float], view: str = "front", metrics: tuple[str, ...] = ()
) -> FigurePose:
    """The figure at ``angles`` (degrees by angle id; missing ones are neutral) seen in ``view``."""
    if view == "side":
        return _side(angles, highlighted(metrics))
    return _front(angles, highlighted(metrics))


def _front(angles: Mapping[str, float], highlight: frozenset[str]) -> FigurePose:
    mid_hip: Point = (0.0, HIP_Y)
    lean = _angle(angles, "trunk_lateral_flexion")
    # Mirror view: the child's left side is on the screen's left (-x).
    outward = {"left": -1.0, "right": 1.0}
    neck = _rotate((0.0, NECK_Y), mid_hip, lean)
    shoulders = {
        s: _rotate((outward[s] * SHOULDER_HALF, NECK_Y - 0.02), mid_hip, lean) for s in outward
    }
    elbows: dict[str, Point] = {}
    wrists: dict[str, Point] = {}
    for s, out in outward.items():
        raise_deg = max(
            _angle(angles, f"{s}_shoulder_abduction"), _angle(angles, f"{s}_shoulder_elevation")
        )
        # The trunk leaning toward +x turns "straight down" toward -x.
        upper = out * raise_deg - lean
        elbows[s] = _along(shoulders[s], UPPER_ARM, upper)
        # A bent elbow brings the hand up toward the body's midline.
        wrists[s] = _along(elbows[s], FOREARM, upper - out * _angle(angles, f"{s}_elbow_flexion"))
    hips = {s: (outward[s] * HIP_HALF, HIP_Y) for s in outward}
    knees: dict[str, Point] = {}
    ankles: dict[str, Point] = {}
    for s, out in outward.items():
        thigh = out * _angle(angles, f"{s}_hip_abduction")
        knees[s] = _along(hips[s], THIGH, thigh)
        ankles[s] = _along(knees[s], SHANK, thigh)
    tilt = _angle(angles, "head_tilt")
    head = _along(neck, -(HEAD_R + 0.02), -lean - tilt)
    turn = _angle(angles, "head_rotation")
    return _grounded(
        FigurePose(head, turn, neck, shoulders, elbows, wrists, hips, knees, ankles, highlight)
    )


def _side(angles: Mapping[str, float], highlight: frozenset[str]) -> FigurePose:
    """Facing +x; both sides drawn, the far limbs overlapping the near ones."""
    mid_hip: Point = (0.0, HIP_Y)
    bend = _angle(angles, "trunk_flexion")
    neck = _rotate((0.0, NECK_Y), mid_hip, bend)
    shoulder = _rotate((0.0, NECK_Y - 0.03), mid_hip, bend)
    sides = ("left", "right")
    shoulders = {s: shoulder for s in sides}
    elbows: dict[str, Point] = {}
    wrists: dict[str, Point] = {}
    knees: dict[str, Point] = {}
    ankles: dict[str, Point] = {}
    # Seen from the side a body standing straight is one line; a small natural swing of
    # the arms and legs (where the exercise sets no angle) shows it is a person.
    swing = {"left": 8.0, "right": -8.0}
    for s in sides:
        flexion = max(
            _angle(angles, f"{s}_shoulder_flexion"), _angle(angles, f"{s}_shoulder_elevation")
        )
        if not flexion:
            flexion = swing[s]
        # Flexion is measured from the trunk, which bending forward turns toward +x.
        upper = flexion - bend
        elbows[s] = _along(shoulder, UPPER_ARM, upper)
        wrists[s] = _along(elbows[s], FOREARM, upper + _angle(angles, f"{s}_elbow_flexion"))
        thigh = _angle(angles, f"{s}_hip_flexion") or swing[s] / 2
        knees[s] = _along(mid_hip, THIGH, thigh)
        ankles[s] = _along(knees[s], SHANK, thigh - _angle(angles, f"{s}_knee_flexion"))
    head = _along(neck, -(HEAD_R + 0.02), -(bend + _angle(angles, "head_flexion")))
    # The face sits a little forward of the spine, which keeps a raised arm from hiding it.
    head = (head[0] + 0.03, head[1])
    hips = {s: mid_hip for s in sides}
    return _grounded(
        FigurePose(head, 0.0, neck, shoulders, elbows, wrists, hips, knees, ankles, highlight)
    )


def _grounded(pose: FigurePose) -> FigurePose:
    """The figure moved up or down so that its lowest foot stands on y=0 (a squat sinks)."""
    dy = -min(p[1] for p in pose.ankles.values())

    def up(p: Point) -> Point:
        return (p[0], p[1] + dy)

    def each(points: dict[str, Point]) -> dict[str, Point]:
        return {k: up(v) for k, v in points.items()}

    return replace(
        pose,
        head=up(pose.head),
        neck=up(pose.neck),
        shoulders=each(pose.shoulders),
        elbows=each(pose.elbows),
        wrists=each(pose.wrists),
        hips=each(pose.hips),
        knees=each(pose.knees),
        ankles=each(pose.ankles),
    )
