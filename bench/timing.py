"""Timing helpers: medians of repeated measurements, never a single run (2 shared cores are noisy)."""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    """Repeated measurements of one thing, in seconds."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    @property
    def repetitions(self) -> int:
        return len(self.samples)


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes, with garbage from earlier work collected first so it is not billed here."""
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired_ratio(numerator: Series, denominator: Series) -> float:
    """Median of the ratios of samples taken in the same round.

    Other work on the shared cores comes and goes over seconds; two samples of one round were taken
    back to back, so their ratio cancels that drift, which a ratio of overall medians does not.
    """
    return statistics.median(a / b for a, b in zip(numerator.samples, denominator.samples, strict=True))


def fastest_ratio(numerator: Series, denominator: Series) -> float:
    """Ratio of the fastest samples: contention only ever adds time, so minimums are the least disturbed."""
    return numerator.low / denominator.low


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
