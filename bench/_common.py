"""What every benchmark module shares: the figure it reports, the machine line, timing and temp helpers."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "ATTRIBUTION",
    "Figure",
    "best_of",
    "local_engine",
    "machine_line",
    "median",
    "run_alone",
    "temp_dir",
    "timed",
    "versions",
]

#: The attribution headers of the benchmarks' plain-HTTP clients (export needs them).
ATTRIBUTION = {"X-Skill-Source": "video-audio-remover", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "bench"}

#: Packages whose versions are printed with the figures.
_VERSIONED = (
    "nemo-widgets",
    "httpx",
    "httpx-sse",
    "ipywidgets",
    "matplotlib",
    "starlette",
    "uvicorn",
    "python-multipart",
    "moviepy",
    "imageio-ffmpeg",
)


@dataclass(frozen=True)
class Figure:
    """One measured figure with its target.

    ``value`` is what was measured (a ratio against the baseline of the same
    run, or an absolute figure where the target is absolute); ``ok`` says
    whether the target is met; ``detail`` holds the raw numbers behind it.
    """

    number: int
    name: str
    value: float
    unit: str
    target: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        mark = "PASS" if self.ok else "FAIL"
        return f"[{mark}] #{self.number} {self.name}: {self.value:.3g}{self.unit} (target {self.target}) {self.detail}".rstrip()


def machine_line() -> str:
    """The machine and versions the figures were measured on."""
    return (
        f"machine: {_cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {sys.version.split()[0]}; {versions()}"
    )


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> str:
    """``httpx 0.28.1, ...`` for the packages the figures depend on (and ffmpeg's), without importing them."""
    found = []
    for name in _VERSIONED:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    try:
        from bench._media import ffmpeg_version

        found.append(f"ffmpeg {ffmpeg_version()}")
    except Exception:  # noqa: BLE001 - no ffmpeg: the media figures will say so
        found.append("ffmpeg -")
    return ", ".join(found)


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call of ``fn`` takes (``time.perf_counter``)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(fn: Callable[[], Any], repeats: int) -> float:
    """The fastest of ``repeats`` timed calls, in seconds."""
    return min(timed(fn) for _ in range(repeats))


def median(values: list[float]) -> float:
    return float(statistics.median(values))


@contextlib.contextmanager
def temp_dir(prefix: str = "nemo-bench-") -> Iterator[Path]:
    """A temporary folder for generated media, removed afterwards (media is never committed)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def local_engine(**settings: Any) -> Iterator[Any]:
    """The embedded engine on 127.0.0.1 in this process, with a temporary data folder."""
    from nemo_widgets.local import EngineSettings, start_in_background

    with temp_dir("nemo-bench-engine-") as data:
        engine = start_in_background(EngineSettings(**settings), data_dir=data)
        try:
            yield engine
        finally:
            engine.stop()


def run_alone(run: Callable[..., list[Figure]], argv: list[str] | None = None) -> int:
    """``python -m bench.bench_x [--quick]``: the machine line, one line per figure, exit 1 on a miss."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    print(machine_line())
    figures = run(quick="--quick" in args)
    for figure in figures:
        print(figure.line())
    return 0 if all(figure.ok for figure in figures) else 1
