"""Figures #15-#17: how well typed messages are understood, on tests/data/utterances_*.jsonl.

#15 routing accuracy: ``route()`` picks the entry's action (and its format /
quality when it names them), over every entry. #16 edit accuracy: over the
entries that reach the agent, the embedded engine (over HTTP on 127.0.0.1, a
fresh session with a generated 10 s clip each) leaves the draft exactly as
expected (unchanged, without saying "Done", where nothing should change).
#17 wrong edits: the draft changed, and not as asked. Targets: >= 98 %,
>= 92 %, 0. ``--quick`` judges every third agent entry. ``--failures`` lists
every miss. ``--block N`` measures only the entries of block N (``"block": N``: a block written after the
rules); ``--main`` only the original corpus (no ``block``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench._common import Figure, local_engine, run_alone, temp_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

__all__ = ["run"]


def _chosen_blocks() -> set[int] | None:
    """The blocks named on the command line (``--block N``; ``--main``: block 0, the first corpus); none: all."""
    args = sys.argv[1:]
    blocks = {int(args[i + 1]) for i, a in enumerate(args[:-1]) if a == "--block"}
    blocks |= {0} if "--main" in args else set()
    return blocks or None


def measure(quick: bool = False, show: bool = False) -> tuple[float, float, int, int, int]:
    """(routing accuracy, edit accuracy, wrong edits, routed entries, judged entries)."""
    from helpers_media import make_clip
    from understanding_corpus import EngineJudge, load, route_verdict, uses_chat

    corpus = load(blocks=_chosen_blocks())
    routed = [(entry, *route_verdict(entry)) for entry in corpus]
    for entry, ok, got in routed:
        if show and not ok:
            print(f"  route miss: {entry['text']!r}: want {entry['route']} {entry.get('format')}, got {got}")
    chat = [entry for entry in corpus if uses_chat(entry)]
    chat = chat[::3] if quick else chat
    right = wrong = 0
    with temp_dir() as media, local_engine(silent_ratio=0.0, seed=11, chunk_delay_s=0.0, edit_cost=0) as engine:
        judge = EngineJudge(engine.url, make_clip(media / "clip.mp4", seconds=10, size="160x90"))
        try:
            for entry in chat:
                verdict = judge.judge(entry)
                right += verdict.ok
                wrong += verdict.wrong_edit
                if show and not verdict.ok:
                    mark = "WRONG EDIT" if verdict.wrong_edit else "miss"
                    print(
                        f"  {mark}: {entry['text']!r}\n    want {verdict.want}\n    got  {verdict.got}\n"
                        f"    reply {verdict.reply[:160]!r}"
                    )
        finally:
            judge.close()
    routing = sum(ok for _e, ok, _g in routed) / len(routed)
    return routing, right / max(1, len(chat)), wrong, len(routed), len(chat)


def run(quick: bool = False) -> list[Figure]:
    routing, edits, wrong, n_routed, n_chat = measure(quick, show="--failures" in sys.argv)
    sample = f"{n_chat} agent entries" + (" (every third: --quick)" if quick else "")
    return [
        Figure(
            15,
            "routing accuracy (route())",
            routing * 100,
            " %",
            ">= 98 %",
            routing >= 0.98,
            f"{round(routing * n_routed)}/{n_routed} entries",
        ),
        Figure(
            16,
            "edit accuracy (local engine over HTTP)",
            edits * 100,
            " %",
            ">= 92 %",
            edits >= 0.92,
            f"{round(edits * n_chat)}/{sample}",
        ),
        Figure(17, "wrong edits (the draft changed, not as asked)", wrong, "", "0", wrong == 0, sample),
    ]


if __name__ == "__main__":
    raise SystemExit(run_alone(run))
