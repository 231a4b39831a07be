"""``python -m bench [--quick] [--only N,...] [--profile]``: run the benchmarks, one line per figure.

Prints the machine line, then each figure with its target as soon as its
module is done, then a summary. Exits 1 when any target is missed (or a
module failed to run), else 0. ``--quick`` finishes in under 2 minutes on a
2-core machine: smaller media where a figure needs it (each line says which
size), the same ratios. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import time
import traceback

from bench._common import Figure, machine_line

#: module -> the figure numbers it reports, in the order they run.
MODULES: dict[str, tuple[int, ...]] = {
    "bench.bench_stream": (1,),
    "bench.bench_updates": (2,),
    "bench.bench_upload": (3,),
    "bench.bench_render": (4, 5),
    "bench.bench_moviepy": (6,),
    "bench.bench_poll": (7,),
    "bench.bench_chart": (8,),
    "bench.bench_import": (9,),
    "bench.bench_load": (10,),
    "bench.bench_store": (11, 12),
    "bench.bench_retention": (13,),
    "bench.bench_reencode": (14,),
    "bench.bench_batch": (18, 19, 20),
    "bench.bench_overhead": (25, 26, 27),
    "bench.bench_browser_upload": (21,),
    "bench.bench_understanding": (15, 16, 17),
    "bench.bench_latency": (22, 23, 24),
}


def _numbers(text: str) -> set[int]:
    try:
        wanted = {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"--only takes figure numbers like 1,4: {text!r}") from None
    known = {n for numbers in MODULES.values() for n in numbers}
    if not wanted or not wanted <= known:
        raise argparse.ArgumentTypeError(f"figures are numbered {min(known)}-{max(known)}: {text!r}")
    return wanted


def _run_module(name: str, numbers: tuple[int, ...], quick: bool, profile: bool = False) -> list[Figure]:
    """The module's figures; a module that raises gives a failed line per figure, with the error."""
    try:
        module = importlib.import_module(name)
        if profile and "profile" in inspect.signature(module.run).parameters:
            return list(module.run(quick=quick, profile=True))
        return list(module.run(quick=quick))
    except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
        traceback.print_exc(file=sys.stderr)
        reason = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        return [Figure(n, f"{name} did not run", float("nan"), "", "a run", False, reason) for n in numbers]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the < 2 minute run (smaller media, same ratios)")
    parser.add_argument("--profile", action="store_true",
                        help="print where a file's time goes (per stage and side) where a module can (#18)")  # fmt: skip
    parser.add_argument("--only", type=_numbers, default=None, metavar="N,...", help="only these figures")
    args = parser.parse_args(argv)
    print(machine_line(), flush=True)
    print(f"mode: {'quick' if args.quick else 'full'}", flush=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    took: list[str] = []
    for name, numbers in MODULES.items():
        if args.only is not None and not args.only & set(numbers):
            continue
        module_started = time.perf_counter()
        results = _run_module(name, numbers, args.quick, args.profile)
        took.append(f"{name.rsplit('.', 1)[-1].removeprefix('bench_')} {time.perf_counter() - module_started:.0f} s")
        for figure in results:
            if args.only is None or figure.number in args.only:
                figures.append(figure)
                print(figure.line(), flush=True)
    missed = [f"#{f.number}" for f in figures if not f.ok]
    print(
        f"{len(figures) - len(missed)}/{len(figures)} targets met in {time.perf_counter() - started:.0f} s"
        + (f"; missed: {', '.join(missed)}" if missed else "")
        + f" (took: {', '.join(took)})",
        flush=True,
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
