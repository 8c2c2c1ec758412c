"""Before/after statistics for one child's session values: honest about noise and small samples.

A therapist asks "did the elbow open up after the baclofen change?". Two things
can make a difference look real when it is not: the measurement's own
session-to-session wobble, and having too few sessions. This module answers
with three numbers and a plain verdict:

* **Median change** - the Hodges-Lehmann shift: the median of every
  (after - before) difference between one session after and one session before.
  It is the "typical difference" and is not pulled by one odd session.
* **95% confidence interval** of that shift, exact and distribution-free
  (from the Mann-Whitney null distribution), so it needs no normality and no
  random numbers: the same data always give the same interval.
* **Minimal detectable change (MDC95)** = 1.96 * sqrt(2) * SEM. The standard
  error of measurement (SEM) is estimated from the child's own consecutive
  sessions: SEM^2 = mean((x[i+1] - x[i])^2) / 2 over pairs of consecutive
  sessions that do not straddle a care event. Assumptions: between two
  consecutive sessions the child's true value barely changes (slow trends add a
  little, which makes the MDC err on the large, cautious side), and the
  measurement noise is the same before and after the event.

Rules for "too few sessions to tell", stated with numbers:

* each window needs at least ``MIN_SESSIONS_PER_WINDOW`` (4) usable sessions;
  with fewer, no exact 95% interval exists (3 against 4 sessions can only give
  ~94%), so we do not pretend;
* the MDC needs at least ``MIN_DIFFERENCES_FOR_MDC`` (5) consecutive-session
  differences.

A change is reported as a change only when the interval excludes zero AND the
change is larger than the MDC. Everything here is pure NumPy, no I/O.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

from posecapture.landmarks import FloatArray

MIN_SESSIONS_PER_WINDOW = 4
MIN_DIFFERENCES_FOR_MDC = 5
DEFAULT_WINDOW_DAYS = 14
CONFIDENCE = 0.95
# z of a two-sided 95% interval: MDC95 = Z95 * sqrt(2) * SEM (Weir 2005; Haley 2006).
Z95 = 1.96

Verdict = Literal["too_few_sessions", "no_clear_change", "small_change", "changed"]


@dataclass(frozen=True)
class Variability:
    """How much one session's value moves from the next when nothing happened."""

    sem: float
    mdc95: float
    n_differences: int

    @property
    def known(self) -> bool:
        return not math.isnan(self.mdc95)


@dataclass(frozen=True)
class ShiftInterval:
    """Hodges-Lehmann shift (after - before) with its exact confidence interval."""

    estimate: float
    low: float
    high: float
    confidence: float


@dataclass(frozen=True)
class Comparison:
    """A before/after comparison around one care event, with its plain verdict."""

    event_date: date
    window_days: int
    before: tuple[float, ...]
    after: tuple[float, ...]
    median_before: float
    median_after: float
    change: float
    ci_low: float
    ci_high: float
    confidence: float
    variability: Variability
    verdict: Verdict


def successive_differences(
    days: Sequence[date], values: Sequence[float], breaks: Sequence[date] = ()
) -> FloatArray:
    """Differences between consecutive usable sessions that no care event separates.

    ``days`` must be in time order. NaN values (unmeasurable sessions) are dropped
    first. A pair is left out when a break day lies between its two days,
    inclusive: a session on the day of an injection could be on either side.
    """
    kept = [(d, v) for d, v in zip(days, values, strict=True) if not math.isnan(v)]
    out = []
    for (d0, v0), (d1, v1) in itertools.pairwise(kept):
        if any(d0 <= b <= d1 for b in breaks):
            continue
        out.append(v1 - v0)
    return np.asarray(out, dtype=np.float64)


def session_variability(
    days: Sequence[date], values: Sequence[float], breaks: Sequence[date] = ()
) -> Variability:
    """SEM and MDC95 from consecutive sessions (see the module docstring); NaN if too few."""
    diffs = successive_differences(days, values, breaks)
    n = len(diffs)
    if n < MIN_DIFFERENCES_FOR_MDC:
        return Variability(sem=math.nan, mdc95=math.nan, n_differences=n)
    sem = math.sqrt(float(np.mean(diffs**2)) / 2.0)
    return Variability(sem=sem, mdc95=Z95 * math.sqrt(2.0) * sem, n_differences=n)


def mann_whitney_counts(m: int, n: int) -> list[int]:
    """Number of orderings of m + n untied values giving each Mann-Whitney U = 0 .. m*n.

    The classic recursion c(m, n, u) = c(m-1, n, u-n) + c(m, n-1, u): the largest
    value is either one of the m (it beats all n others) or one of the n.
    """
    table: dict[tuple[int, int], list[int]] = {}
    for i in range(m + 1):
        for j in range(n + 1):
            if i == 0 or j == 0:
                table[i, j] = [1]
                continue
            counts = [0] * (i * j + 1)
            for u, c in enumerate(table[i - 1, j]):
                counts[u + j] += c
            for u, c in enumerate(table[i, j - 1]):
                counts[u] += c
            table[i, j] = counts
    return table[m, n]


def hodges_lehmann(
    before: Sequence[float], after: Sequence[float], confidence: float = CONFIDENCE
) -> ShiftInterval | None:
    """Shift after - before with an exact distribution-free interval; None if none exists.

    The interval runs from the k-th smallest to the k-th largest of the m*n
    pairwise differences, k chosen from the exact Mann-Whitney distribution so
    that the interval covers the true shift with at least ``confidence``. With
    very small windows no k works (even the full range covers with less than
    ``confidence``) and the answer is None. Ties make the coverage approximate.
    """
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    if b.size == 0 or a.size == 0:
        return None
    diffs = np.sort((a[None, :] - b[:, None]).ravel())
    counts = mann_whitney_counts(b.size, a.size)
    total = math.comb(b.size + a.size, b.size)
    tail = (1.0 - confidence) / 2.0
    cumulative = np.cumsum(counts) / total
    k = int(np.searchsorted(cumulative, tail, side="right"))  # count of u with P(U<=u)<=tail
    if k == 0:
        return None
    achieved = 1.0 - 2.0 * float(cumulative[k - 1])
    return ShiftInterval(
        estimate=float(np.median(diffs)),
        low=float(diffs[k - 1]),
        high=float(diffs[diffs.size - k]),
        confidence=achieved,
    )


def compare_around(
    days: Sequence[date],
    values: Sequence[float],
    event_date: date,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    breaks: Sequence[date] = (),
) -> Comparison:
    """Compare the ``window_days`` before ``event_date`` with the ``window_days`` after it.

    The event day itself belongs to neither window (a session that day may have
    been before or after the dose). ``breaks`` are all care-event days of the
    child; they and ``event_date`` split the consecutive-session pairs used for
    the MDC, which comes from the whole series given, not just the windows.
    """
    start = event_date - timedelta(days=window_days)
    end = event_date + timedelta(days=window_days)
    usable = [(d, v) for d, v in zip(days, values, strict=True) if not math.isnan(v)]
    before = tuple(v for d, v in usable if start <= d < event_date)
    after = tuple(v for d, v in usable if event_date < d <= end)
    variability = session_variability(days, values, (*breaks, event_date))
    med_b = float(np.median(before)) if before else math.nan
    med_a = float(np.median(after)) if after else math.nan
    shift = None
    if len(before) >= MIN_SESSIONS_PER_WINDOW and len(after) >= MIN_SESSIONS_PER_WINDOW:
        shift = hodges_lehmann(before, after)
    verdict: Verdict
    if shift is None or not variability.known:
        shift = ShiftInterval(math.nan, math.nan, math.nan, math.nan)
        verdict = "too_few_sessions"
    else:
        verdict = _verdict(shift, variability.mdc95)
    return Comparison(
        event_date=event_date,
        window_days=window_days,
        before=before,
        after=after,
        median_before=med_b,
        median_after=med_a,
        change=shift.estimate,
        ci_low=shift.low,
        ci_high=shift.high,
        confidence=shift.confidence,
        variability=variability,
        verdict=verdict,
    )


def _verdict(shift: ShiftInterval, mdc95: float) -> Verdict:
    if shift.low <= 0.0 <= shift.high:
        return "no_clear_change"
    if abs(shift.estimate) <= mdc95:
        return "small_change"
    return "changed"
