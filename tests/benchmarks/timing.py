"""What every benchmark shares: the median time of an action, once warmed up."""

from __future__ import annotations

import sys

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


def port_flag(flag: str = "--port") -> int | None:
    """The port a benchmark's server takes from `--port N` (`--bare-port N` for the bare page it is measured
    beside); None: a port the OS gives, tried again if another job takes it first (tests/support/browser.py)."""
    return number_flag(flag)


def number_flag(flag: str) -> int | None:
    """The number given as `flag N` or `flag=N` on the command line; None when not given."""
    args = sys.argv[1:]
    for n, arg in enumerate(args):
        if arg.startswith(f"{flag}="):
            return int(arg.split("=", 1)[1])
        if arg == flag and n + 1 < len(args):
            return int(args[n + 1])
    return None


def bare_port() -> int | None:
    return port_flag("--bare-port")
