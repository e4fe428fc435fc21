"""Probing: the `Prober` protocol every prober follows, and the offline default."""

from __future__ import annotations

from typing import Protocol

from elicit.core.interview import Gap, ProbeRequest, ProbeResult


class Prober(Protocol):
    """Reads one answer and returns its gaps and at most one follow-up question."""

    name: str

    def probe(self, request: ProbeRequest) -> ProbeResult: ...


__all__ = ["Gap", "ProbeRequest", "ProbeResult", "Prober"]
