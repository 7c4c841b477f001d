"""Fault injection for /api/v1 requests: server errors, dropped connections, latency and 429 bursts.

The configuration is a JSON object (also the body of ``PUT /_emulator/faults``)::

    {"errorRate": 0.1, "errorStatuses": [500, 502, 503], "dropRate": 0.05,
     "latencyMs": 20, "spikeMs": 500, "spikeRate": 0.01, "burst429": 3, "seed": 42}

- ``errorRate``: fraction of requests answered with one of ``errorStatuses`` (ErrorResponse body).
- ``dropRate``: fraction whose TCP connection is aborted without any answer.
- ``latencyMs`` added to every request, plus ``spikeMs`` for a ``spikeRate`` fraction.
- ``burst429``: the next N requests get 429 (counts down to 0).
- ``seed``: makes the random choices reproducible.
A PUT replaces the whole configuration; missing fields take their defaults (no fault).
"""

from __future__ import annotations

import dataclasses
import random
import threading
from typing import Any, ClassVar

_ALLOWED_STATUSES = frozenset({500, 502, 503, 504})


@dataclasses.dataclass(frozen=True)
class FaultConfig:
    """One fault configuration; the default injects nothing."""

    error_rate: float = 0.0
    error_statuses: tuple[int, ...] = (500, 502, 503)
    drop_rate: float = 0.0
    latency_ms: float = 0.0
    spike_ms: float = 0.0
    spike_rate: float = 0.0
    burst_429: int = 0
    seed: int | None = None

    _FIELDS: ClassVar[dict[str, str]] = {
        "errorRate": "error_rate",
        "errorStatuses": "error_statuses",
        "dropRate": "drop_rate",
        "latencyMs": "latency_ms",
        "spikeMs": "spike_ms",
        "spikeRate": "spike_rate",
        "burst429": "burst_429",
        "seed": "seed",
    }

    @classmethod
    def from_keywords(cls, fields: dict[str, Any]) -> FaultConfig:
        """From Python keyword names (``error_rate=0.1``) or the wire's camelCase ones (``errorRate=0.1``)."""
        wire_names = {attr: wire for wire, attr in cls._FIELDS.items()}
        unknown = sorted(set(fields) - set(wire_names) - set(cls._FIELDS))
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(unknown)}; known: {', '.join(wire_names)}")
        return cls.from_dict({wire_names.get(name, name): value for name, value in fields.items()})

    @classmethod
    def from_dict(cls, data: Any) -> FaultConfig:
        """Validate a JSON object; raises ValueError naming the offending field."""
        if not isinstance(data, dict):
            raise ValueError("the fault configuration must be a JSON object")
        unknown = sorted(set(data) - set(cls._FIELDS))
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(unknown)}; known: {', '.join(cls._FIELDS)}")
        values: dict[str, Any] = {}
        for wire, attr in cls._FIELDS.items():
            if wire not in data or data[wire] is None:
                continue
            value = data[wire]
            if wire in ("errorRate", "dropRate", "spikeRate"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                    raise ValueError(f"{wire} must be a number between 0 and 1")
                value = float(value)
            elif wire in ("latencyMs", "spikeMs"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 60_000:
                    raise ValueError(f"{wire} must be a number of milliseconds between 0 and 60000")
                value = float(value)
            elif wire in ("burst429", "seed"):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"{wire} must be a non-negative integer")
            elif wire == "errorStatuses":
                if (
                    not isinstance(value, list)
                    or not value
                    or any(isinstance(v, bool) or v not in _ALLOWED_STATUSES for v in value)
                ):
                    raise ValueError("errorStatuses must be a non-empty list drawn from 500, 502, 503, 504")
                value = tuple(value)
            values[attr] = value
        if values.get("error_rate", 0.0) + values.get("drop_rate", 0.0) > 1.0:
            raise ValueError("errorRate + dropRate must not exceed 1")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for wire, attr in self._FIELDS.items():
            value = getattr(self, attr)
            out[wire] = list(value) if isinstance(value, tuple) else value
        return out


@dataclasses.dataclass(frozen=True)
class FaultDecision:
    """What to do with one request: sleep ``delay`` seconds, then ``action`` (None = serve normally)."""

    delay: float = 0.0
    action: str | None = None  # "error", "drop" or "throttle"
    status: int = 0


class FaultInjector:
    """Holds the live configuration and draws a decision per request (thread-safe)."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self._config = FaultConfig()
        self._burst_left = 0
        self._rng = random.Random()
        self.configure(config or FaultConfig())

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self._config = config
            self._burst_left = config.burst_429
            self._rng = random.Random(config.seed)

    @property
    def config(self) -> FaultConfig:
        """The current configuration, with ``burst429`` showing how many forced 429s remain."""
        with self._lock:
            return dataclasses.replace(self._config, burst_429=self._burst_left)

    def decide(self) -> FaultDecision:
        with self._lock:
            cfg = self._config
            delay = cfg.latency_ms / 1000.0
            if cfg.spike_rate and self._rng.random() < cfg.spike_rate:
                delay += cfg.spike_ms / 1000.0
            if self._burst_left > 0:
                self._burst_left -= 1
                return FaultDecision(delay, "throttle", 429)
            if cfg.error_rate or cfg.drop_rate:
                draw = self._rng.random()
                if draw < cfg.drop_rate:
                    return FaultDecision(delay, "drop", 0)
                if draw < cfg.drop_rate + cfg.error_rate:
                    return FaultDecision(delay, "error", self._rng.choice(cfg.error_statuses))
            return FaultDecision(delay)
