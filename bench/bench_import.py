"""Benchmark #9: what ``import nemo_widgets`` costs, and what it must not import.

Each statement runs in a fresh interpreter (``python -c``), timed inside
around the statement alone (``time.perf_counter``; interpreter start-up is
the same for all and left out); best of N, the statements interleaved. The
baseline is ``import ipywidgets, httpx``: the libraries a notebook user
imports anyway. Target: ``import nemo_widgets`` at most 0.15 s more than the
baseline, and after ``import nemo_widgets`` (and after ``from nemo_widgets
import NemoClient``) none of matplotlib, starlette, uvicorn is in
``sys.modules``. ``from nemo_widgets import Studio`` (which does need
ipywidgets) and ``NemoClient`` are printed for information.
Run alone: ``python -m bench.bench_import [--quick]``.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench._common import Figure, run_alone

__all__ = ["STATEMENTS", "measure", "run"]

MAX_EXTRA_S = 0.15
HEAVY = ("matplotlib", "starlette", "uvicorn")
STATEMENTS = {
    "baseline": "import ipywidgets, httpx",
    "nemo_widgets": "import nemo_widgets",
    "NemoClient": "from nemo_widgets import NemoClient",
    "Studio": "from nemo_widgets import Studio",
}
_PROBE = """
import sys, time, json
start = time.perf_counter()
{statement}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "heavy": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def measure(statement: str) -> dict[str, object]:
    """Seconds of ``statement`` in a fresh interpreter, and which heavy modules it left imported."""
    code = _PROBE.format(statement=statement, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]  # the child prints one JSON object


def run(quick: bool = False) -> list[Figure]:
    repeats = 3 if quick else 15
    best = {name: float("inf") for name in STATEMENTS}
    heavy: dict[str, list[str]] = {}
    for _ in range(repeats):
        for name, statement in STATEMENTS.items():
            result = measure(statement)
            best[name] = min(best[name], float(result["seconds"]))  # type: ignore[arg-type]  # the child's JSON: seconds is a number
            heavy[name] = list(result["heavy"])  # type: ignore[call-overload]  # the child's JSON: heavy is a list of names
    extra = best["nemo_widgets"] - best["baseline"]
    leaked = sorted(set(heavy["nemo_widgets"]) | set(heavy["NemoClient"]))
    detail = (
        f"best of {repeats}, fresh interpreters: import nemo_widgets {best['nemo_widgets'] * 1000:.0f} ms, "
        f"import ipywidgets, httpx {best['baseline'] * 1000:.0f} ms; for information: from nemo_widgets import "
        f"NemoClient {best['NemoClient'] * 1000:.0f} ms, Studio {best['Studio'] * 1000:.0f} ms "
        f"({(best['Studio'] - best['baseline']) * 1000:+.0f} ms vs baseline); "
        f"heavy modules after import nemo_widgets / NemoClient / Studio: {heavy['nemo_widgets'] or 'none'} / "
        f"{heavy['NemoClient'] or 'none'} / {heavy['Studio'] or 'none'}"
    )
    return [
        Figure(
            9,
            "import nemo_widgets vs import ipywidgets, httpx (extra seconds)",
            extra,
            " s",
            f"<= +{MAX_EXTRA_S:g} s, no {'/'.join(HEAVY)}",
            extra <= MAX_EXTRA_S and not leaked,
            detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())
