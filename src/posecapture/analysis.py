"""From frames and detections to measurements: one path for live use and for whole clips.

``LiveMeasurer`` turns each frame's detection into a ``MeasurementFrame`` using
only the past (swap repair, One Euro filtering, angles, quality), so the app and
``session run`` see exactly what ``analyze`` computes. ``analyze`` runs the same
measurer over every frame of a clip, decoding the next frames in a thread while
MediaPipe works on the current one, and adds the clip summaries.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from posecapture import __version__
from posecapture.errors import SourceError, UserError
from posecapture.kinematics import METRIC_VERSION
from posecapture.kinematics.cleaning import SwapRepairer, gate, gate_world
from posecapture.kinematics.dystonia import summarize_clip
from posecapture.kinematics.filtering import OneEuroFilter
from posecapture.kinematics.posture import measure_posture
from posecapture.kinematics.quality import detect_view, frame_quality, person_jumps
from posecapture.kinematics.rom import summarize_rom
from posecapture.kinematics.segments import LongestLengths
from posecapture.kinematics.uncertainty import measure_rom
from posecapture.landmarks import INDEX, N_LANDMARKS, FloatArray
from posecapture.measurement import POSTURE_ANGLE_IDS, ROM_ANGLE_IDS, MeasurementFrame
from posecapture.pose import PoseDetection
from posecapture.second_half import SecondHalf, Unavailable, agrees_with
from posecapture.sources import CameraSource, Frame, ImageSource, VideoSource, open_source

ANGLE_IDS: tuple[str, ...] = ROM_ANGLE_IDS + POSTURE_ANGLE_IDS
_LS, _RS = INDEX["left_shoulder"], INDEX["right_shoulder"]
_LH, _RH = INDEX["left_hip"], INDEX["right_hip"]
# Frames decoded ahead of inference: enough to hide decoding jitter, few enough that a
# 1080p clip does not hold hundreds of megabytes of pictures.
_READ_AHEAD = 8
# Below this share of frames with a person, the result is flagged as unreliable.
_LOW_POSE_SHARE = 0.5
# A clip of at least this many frames is measured by two pose trackers at once, one per
# half (``second_half``); for a shorter one a second model's start-up (about 0.2 s) would
# eat most of the gain.
_SPLIT_MIN_FRAMES = 120
# File endings --annotate can write: OpenCV's mp4v writer for a clip, imwrite for a photo.
ANNOTATE_VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".avi", ".mkv")
ANNOTATE_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")


def brightness(bgr: NDArray[np.uint8]) -> float:
    """Mean luma (0-255) of a picture, from a sparse grid of pixels (cheap and sufficient)."""
    sample = bgr[::8, ::8].astype(np.float64)
    return float((sample @ np.array([0.114, 0.587, 0.299])).mean())


def trunk_length(points: FloatArray) -> float:
    """Mid-hip to mid-shoulder distance of one frame's points (33, C); NaN if not placed."""
    mid_shoulder = (points[_LS] + points[_RS]) / 2
    mid_hip = (points[_LH] + points[_RH]) / 2
    return float(np.linalg.norm(mid_shoulder - mid_hip))


def check_annotate_name(path: Path, still: bool) -> None:
    """Refuse an --annotate name that cannot hold what is drawn (a clip as .png, a photo as
    .mp4) before anything is measured, instead of failing or writing a broken file after."""
    suffix = path.suffix.lower()
    if still and suffix not in ANNOTATE_IMAGE_SUFFIXES:
        raise UserError(
            f"The source is a photo: give --annotate a picture name ending in .png or .jpg "
            f"(not {path.name})."
        )
    if not still and suffix not in ANNOTATE_VIDEO_SUFFIXES:
        raise UserError(
            f"The source is a video: give --annotate a video name ending in .mp4 (not {path.name})."
        )


class LiveMeasurer:
    """Causal measurement, frame by frame: ``push(frame, detection) -> MeasurementFrame``."""

    def __init__(self, width: int, height: int, fps: float) -> None:
        self.width = width
        self.height = height
        self.fps = fps
        self._swaps = SwapRepairer()
        # Until a trunk is seen, a child's trunk is taken as a third of the picture / 0.4 m.
        self._filter_px = OneEuroFilter(scale=float(max(height, 3)) / 3.0)
        self._filter_world = OneEuroFilter(scale=0.4)
        self._longest = LongestLengths()

    def reset(self) -> None:
        """Forget the past (a new exercise, or the camera came back after a gap)."""
        self._swaps.reset()
        self._filter_px.reset()
        self._filter_world.reset()
        self._longest.reset()

    def push(self, frame: Frame, detection: PoseDetection | None) -> MeasurementFrame:
        light = brightness(frame.bgr)
        if detection is None:
            self.reset()
            return MeasurementFrame(
                index=frame.index,
                t_s=frame.t_s,
                angles={name: math.nan for name in ANGLE_IDS},
                quality=frame_quality(
                    np.full((N_LANDMARKS, 4), np.nan), "unknown", self.width, self.height, light
                ),
            )
        image, world, swapped = self._swaps(detection.image, detection.world, frame.t_s)
        smooth = image.copy()
        smooth[:, :3] = self._filter_px(image[:, :3], frame.t_s, trunk_length(image[:, :2]))
        smooth_world = self._filter_world(world, frame.t_s, trunk_length(world))

        views = detect_view(smooth[None], smooth_world[None])
        landmarks = gate(smooth)
        world_m = gate_world(smooth_world, smooth)
        longest = self._longest(smooth[None], smooth_world[None])
        rom = measure_rom(smooth[None], smooth_world[None], views, longest)
        # Ungated, like the angles: posture gates by visibility itself and needs MediaPipe's
        # placement of a hidden far shoulder to tell the camera view, as detect_view does.
        posture, posture_pm = measure_posture(smooth[None], smooth_world[None])
        angles = {k: float(v[0]) for k, v in {**rom.angles, **posture}.items()}
        pm = {k: float(v[0]) for k, v in {**rom.pm, **posture_pm}.items()}
        return MeasurementFrame(
            index=frame.index,
            t_s=frame.t_s,
            angles=angles,
            quality=frame_quality(smooth, str(views[0]), self.width, self.height, light),
            landmarks_px=landmarks,
            raw_px=gate(image),
            world_m=world_m,
            extra={"swapped": swapped} if swapped else {},
            uncertainty=pm,
        )


@dataclass
class AnalysisResult:
    """Everything ``analyze`` measured in one clip (see docs/result-json.md)."""

    source: str
    width: int
    height: int
    fps: float
    model: str
    timestamps_s: FloatArray
    angles: dict[str, FloatArray]
    # Half-width (degrees) of each angle's 90% interval per frame, NaN where not measured.
    uncertainty: dict[str, FloatArray]
    landmarks_px: FloatArray
    raw_px: FloatArray
    world_m: FloatArray
    views: list[str]
    visible_fraction: FloatArray
    in_frame: NDArray[np.bool_]
    summary: dict[str, dict[str, Any]]
    posture: dict[str, Any]
    movement: dict[str, Any]
    person_jumps_s: list[float] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return len(self.timestamps_s)

    @property
    def frames_with_pose(self) -> int:
        return int(np.isfinite(self.landmarks_px[:, :, 3]).any(axis=1).sum())

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data: NaN becomes None (null)."""
        counts = {v: self.views.count(v) for v in ("front", "side", "oblique", "unknown")}
        return {
            "posecapture_version": __version__,
            "metric_version": METRIC_VERSION,
            "source": self.source,
            "model": self.model,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "frames": self.frames,
            "frames_with_pose": self.frames_with_pose,
            "timestamps_s": [round(float(t), 6) for t in self.timestamps_s],
            "views": list(self.views),
            "quality": {
                "view_frames": counts,
                "visible_fraction": _nullable(self.visible_fraction, 3),
                "in_frame": [bool(x) for x in self.in_frame],
                "person_jumps_s": [round(t, 3) for t in self.person_jumps_s],
            },
            "angles_deg": {k: _nullable(v, 2) for k, v in self.angles.items()},
            "uncertainty_deg": {k: _nullable(v, 1) for k, v in self.uncertainty.items()},
            "summary": {k: _rounded(v) for k, v in self.summary.items()},
            "posture": self.posture,
            "movement": self.movement,
            "warnings": list(self.warnings),
        }

    def write_csv(self, path: str | Path) -> None:
        """One row per frame: frame, time, view, every angle, then every angle's 90% half-width
        (``<angle>_pm``); cells are empty where not measured."""
        ids = list(self.angles)
        lines = [",".join(["frame", "t_s", "view", *ids, *(f"{i}_pm" for i in ids)])]
        for k, t in enumerate(self.timestamps_s):
            cells = [str(k), f"{t:.4f}", self.views[k]]
            cells += [_cell(self.angles[i][k], 2) for i in ids]
            cells += [_cell(self.uncertainty[i][k], 1) for i in ids]
            lines.append(",".join(cells))
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cell(value: float, digits: int) -> str:
    return "" if np.isnan(value) else f"{value:.{digits}f}"


def _nullable(values: FloatArray, digits: int) -> list[float | None]:
    return [None if np.isnan(x) else round(float(x), digits) for x in values]


def _rounded(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in summary.items()}


_DONE = object()


def _read_ahead(
    frames: Iterator[Frame], rgb_until: int | None = None
) -> Iterator[tuple[Frame, NDArray[np.uint8] | None]]:
    """Decode frames (and convert them to RGB) in a thread, ``_READ_AHEAD`` frames ahead.

    OpenCV releases the GIL while decoding and MediaPipe while inferring, so on two
    cores the two overlap. Frames from index ``rgb_until`` on come without an RGB copy
    (another tracker measures them). An exception in the reader is raised here, in
    the caller.
    """
    import cv2

    box: queue.Queue[object] = queue.Queue(maxsize=_READ_AHEAD)
    stop = threading.Event()

    def work() -> None:
        try:
            for frame in frames:
                convert = rgb_until is None or frame.index < rgb_until
                rgb = cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB) if convert else None
                while not stop.is_set():
                    try:
                        box.put((frame, rgb), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            box.put(exc)

    reader = threading.Thread(target=work, name="posecapture-decode", daemon=True)
    reader.start()
    try:
        while True:
            item = box.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, tuple)
            yield item
    finally:
        stop.set()
        reader.join(timeout=5)


class _MeasuringThread:
    """Runs the ``LiveMeasurer`` (and the annotation writer) beside inference, in frame order.

    MediaPipe releases the GIL while it infers, so measuring frame k and drawing it
    overlap with inference on frame k + 1 on the second core. ``finish`` waits for the
    queue to drain and re-raises an error from the thread.
    """

    def __init__(self, measurer: LiveMeasurer, writer: _AnnotationWriter | None) -> None:
        self._measurer = measurer
        self._writer = writer
        self._box: queue.Queue[tuple[Frame, PoseDetection | None] | None] = queue.Queue(
            maxsize=_READ_AHEAD
        )
        self._error: BaseException | None = None
        self.measured: list[MeasurementFrame] = []
        self._thread = threading.Thread(target=self._work, name="posecapture-measure", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            while (item := self._box.get()) is not None:
                m = self._measurer.push(*item)
                self.measured.append(m)
                if self._writer is not None:
                    self._writer.write(item[0], m)
        except BaseException as exc:  # handed to finish(), which re-raises it
            self._error = exc
            while self._box.get() is not None:  # drain so that put() never blocks for ever
                pass

    def put(self, frame: Frame, detection: PoseDetection | None) -> None:
        self._box.put((frame, detection))

    def finish(self) -> list[MeasurementFrame]:
        self._box.put(None)
        self._thread.join()
        if self._writer is not None:
            self._writer.close()
        if self._error is not None:
            raise self._error
        return self.measured


def analyze(
    source: str | Path | int,
    *,
    model: Path | None = None,
    annotate: Path | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> AnalysisResult:
    """Measure every frame of a video, a photo or a camera and summarise the clip.

    ``progress(done, total)`` is called after each frame (``total`` None when
    unknown). A camera is measured until Ctrl+C (``KeyboardInterrupt``).
    ``annotate`` writes the clip (or picture) with the skeleton and angles drawn.
    Bad input raises ``UserError`` subclasses with a plain message.
    """
    from posecapture.pose import open_backend

    src = open_source(source)
    still = isinstance(src, ImageSource)
    try:
        if annotate is not None:
            check_annotate_name(Path(annotate), still)
        backend = open_backend(model, still_image=still)
        split = None
        if (
            isinstance(src, VideoSource)
            and src.frame_count
            and src.frame_count >= _SPLIT_MIN_FRAMES
        ):
            split = _Split(src.path, src.frame_count // 2, lambda: open_backend(model))
        try:
            return _run(src, backend, annotate, progress, split)
        finally:
            backend.close()
    finally:
        src.close()


def _run(
    src: Any,
    backend: Any,
    annotate: Path | None,
    progress: Callable[[int, int | None], None] | None,
    split: _Split | None,
) -> AnalysisResult:
    still = isinstance(src, ImageSource)
    writer = (
        _AnnotationWriter(annotate, src.width, src.height, src.fps, still) if annotate else None
    )
    try:
        measured = _measure(src, backend, writer, progress, split)
    except BaseException:
        # A half-drawn clip looks like a whole one: an abandoned or failed run leaves none.
        if annotate is not None and writer is not None:
            annotate.unlink(missing_ok=True)
        raise
    return _collect(src, backend.name, measured)


@dataclass
class _Split:
    """Where a clip is cut for two trackers (``second_half``), and how to open the second."""

    path: Path
    start: int
    open_backend: Callable[[], Any]


def _measure(
    src: Any,
    backend: Any,
    writer: _AnnotationWriter | None,
    progress: Callable[[int, int | None], None] | None,
    split: _Split | None,
) -> list[MeasurementFrame]:
    import cv2

    measuring = _MeasuringThread(LiveMeasurer(src.width, src.height, src.fps), writer)
    second = SecondHalf(split.path, split.start, split.open_backend) if split else None
    done = shown = 0
    last: tuple[PoseDetection | None, float] = (None, 0.0)
    try:
        for frame, rgb in _read_ahead(iter(src), second.start if second else None):
            found: PoseDetection | None = None
            if second is not None and frame.index >= second.start:
                try:
                    found = second.detection(frame.index)
                    if frame.index == second.start and not agrees_with(*last, found, frame.t_s):
                        raise Unavailable(frame.index)
                except Unavailable:
                    # The first tracker measures the rest, as if there were no split.
                    second.stop()
                    second = None
            if second is None or frame.index < second.start:
                if rgb is None:
                    rgb = cast(NDArray[np.uint8], cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB))
                found = backend.detect(rgb, frame.t_s)
            measuring.put(frame, found)
            last = (found, frame.t_s)
            done += 1
            if progress is not None:
                # Both trackers' frames, never going backwards after a fallback.
                ahead = second.made if second is not None else 0
                shown = max(shown, min(done, second.start if second else done) + ahead)
                progress(min(shown, src.frame_count or shown), src.frame_count)
    except KeyboardInterrupt:
        # A camera has no end: Ctrl+C is how a recording stops, and what was measured
        # until then is the result. A file is interrupted only to abandon it.
        if not isinstance(src, CameraSource):
            raise
    finally:
        if second is not None:
            second.stop()
        measured = measuring.finish()
    if isinstance(src, VideoSource) and src.truncated:
        raise SourceError(
            f"{src.path} is damaged or incomplete: only {src.frames_read} of its "
            f"{src.frame_count} frames could be read. Copy or record the video again."
        )
    return measured


def _stack(rows: list[NDArray[np.float64] | None], shape: tuple[int, ...]) -> FloatArray:
    out = np.full((len(rows), *shape), np.nan)
    for k, row in enumerate(rows):
        if row is not None:
            out[k] = row
    return out


def _collect(src: Any, model_name: str, measured: list[MeasurementFrame]) -> AnalysisResult:
    timestamps = np.array([m.t_s for m in measured], dtype=np.float64)
    angles = {k: np.array([m.angle(k) for m in measured], dtype=np.float64) for k in ANGLE_IDS}
    pm = {k: np.array([m.pm(k) for m in measured], dtype=np.float64) for k in ANGLE_IDS}
    landmarks = _stack([m.landmarks_px for m in measured], (N_LANDMARKS, 4))
    raw = _stack([m.raw_px for m in measured], (N_LANDMARKS, 4))
    world = _stack([m.world_m for m in measured], (N_LANDMARKS, 3))
    views: list[str] = [m.quality.view for m in measured]
    posture, movement = summarize_clip(angles, raw, landmarks, world, timestamps, views)
    result = AnalysisResult(
        source=str(getattr(src, "path", src.name)),
        width=src.width,
        height=src.height,
        fps=float(src.fps),
        model=model_name,
        timestamps_s=timestamps,
        angles=angles,
        uncertainty=pm,
        landmarks_px=landmarks,
        raw_px=raw,
        world_m=world,
        views=views,
        visible_fraction=np.array([m.quality.visible_fraction for m in measured]),
        in_frame=np.array([m.quality.in_frame for m in measured], dtype=bool),
        summary={k: summarize_rom(angles[k], timestamps, pm=pm[k]) for k in ROM_ANGLE_IDS},
        posture=dict(posture),
        movement=dict(movement),
        person_jumps_s=person_jumps(raw, timestamps),
    )
    result.warnings.extend(_warnings(result))
    return result


def _warnings(result: AnalysisResult) -> list[str]:
    found = result.frames_with_pose
    if found == 0:
        return ["No person was found in any frame: nothing could be measured."]
    out = []
    if found < _LOW_POSE_SHARE * result.frames:
        out.append(
            f"A person was found in only {found} of {result.frames} frames: "
            "check that the whole body is in the picture and well lit."
        )
    if not result.in_frame.any():
        out.append("Part of the body was outside the picture in every frame.")
    if result.person_jumps_s:
        times = ", ".join(f"{t:.1f} s" for t in result.person_jumps_s)
        out.append(
            f"The person followed jumped to another place in the picture at {times}: "
            "probably someone else came into view, so these numbers may mix two people. "
            "Record again with only the child in the picture."
        )
    return out


class _AnnotationWriter:
    """Writes each measured frame with the skeleton drawn, to a video or a picture file."""

    def __init__(self, path: Path, width: int, height: int, fps: float, still: bool) -> None:
        import cv2

        self.path = Path(path)
        if self.path.is_dir():
            raise UserError(f"{self.path} is a folder: give a file name for --annotate.")
        if not self.path.parent.exists():
            raise UserError(
                f"Folder {self.path.parent} does not exist: create it or choose another."
            )
        self._still = still
        self._writer: Any = None
        if not still:
            fourcc = cv2.VideoWriter.fourcc(*"mp4v")
            self._writer = cv2.VideoWriter(str(self.path), fourcc, fps, (width, height))
            if not self._writer.isOpened():
                raise UserError(
                    f"Cannot write the video {self.path}: check that its folder can be written to."
                )

    def write(self, frame: Frame, m: MeasurementFrame) -> None:
        import cv2

        from posecapture.overlay import draw_pose

        caption = f"{m.t_s:5.2f} s  {m.quality.view} view"
        if not m.quality.person_found:
            caption += "  (no person)"
        drawn = draw_pose(frame.bgr, m.landmarks_px, m.angles, caption=caption)
        if self._still:
            if not cv2.imwrite(str(self.path), drawn):
                raise UserError(f"Cannot write the picture {self.path}: use a .png or .jpg name.")
        else:
            self._writer.write(drawn)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.release()
