"""What every benchmark module shares: the figure it reports and the machine line."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass

__all__ = ["Figure", "machine_line"]


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
        f"machine: {platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {sys.version.split()[0]}"
    )
