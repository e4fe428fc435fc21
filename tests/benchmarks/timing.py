"""What every benchmark shares: the median time of an action, once warmed up."""

from __future__ import annotations

import statistics
import time


def median_ms(action, repeat: int) -> float:
    """The median of `repeat` timed calls of `action`, in milliseconds, after one untimed call."""
    action()  # warm caches and compiled patterns
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
