"""Figures #15-#17: how well typed messages are understood, on tests/data/utterances_*.jsonl.

#15 routing accuracy: ``route()`` picks the entry's action (and its format /
quality when it names them), over every entry. #16 edit accuracy: over the
entries that reach the agent, the embedded engine (over HTTP on 127.0.0.1, a
fresh session with a generated 10 s clip each) leaves the draft exactly as
expected (unchanged, without saying "Done", where nothing should change; with
a phrasing offered where the entry expects a question back; naming what it
declines where the entry says so). #17 wrong edits: the draft changed, and not
as asked. Targets: >= 98 %, >= 92 %, 0. Before the three figures, one line per
block with its own counts (the first corpus, each numbered block, each class file). ``--quick`` judges
every third agent entry. ``--failures`` lists every miss. ``--block N`` measures only block N (``"block": N``
in the language files), ``--block NAME`` only ``tests/data/utterances_NAME.jsonl`` (``--block quantities``);
``--main`` only the original corpus (no ``block``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._common import Figure, local_engine, run_alone, temp_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

__all__ = ["run"]


@dataclass
class Tally:
    """One file's counts."""

    name: str
    routed: int = 0
    routed_ok: int = 0
    judged: int = 0
    right: int = 0
    wrong: int = 0

    def line(self) -> str:
        edits = f"{self.right}/{self.judged} edits right ({100 * self.right / max(1, self.judged):.0f} %)"
        routing = f"routing {self.routed_ok}/{self.routed} ({100 * self.routed_ok / max(1, self.routed):.0f} %)"
        return f"  block {self.name}: {routing}, {edits}, {self.wrong} wrong edits"


def _chosen_blocks() -> set[int | str] | None:
    """The blocks named on the command line (``--block N`` or ``NAME``; ``--main``: block 0); none: all."""
    args = sys.argv[1:]
    blocks: set[int | str] = {
        int(args[i + 1]) if args[i + 1].isdigit() else args[i + 1] for i, a in enumerate(args[:-1]) if a == "--block"
    }
    blocks |= {0} if "--main" in args else set()
    return blocks or None


def _judge_block(judge: Any, name: int | str, corpus: list[dict[str, Any]], quick: bool, show: bool) -> Tally:
    from understanding_corpus import route_verdict, uses_chat

    tally = Tally("main" if name == 0 else str(name))
    for entry in corpus:
        ok, got = route_verdict(entry)
        tally.routed += 1
        tally.routed_ok += ok
        if show and not ok:
            print(f"  route miss: {entry['text']!r}: want {entry['route']} {entry.get('format')}, got {got}")
    chat = [entry for entry in corpus if uses_chat(entry)]
    for entry in chat[::3] if quick else chat:
        verdict = judge.judge(entry)
        tally.judged += 1
        tally.right += verdict.ok
        tally.wrong += verdict.wrong_edit
        if show and not verdict.ok:
            mark = "WRONG EDIT" if verdict.wrong_edit else "miss"
            print(
                f"  {mark}: {entry['text']!r}\n    want {verdict.want}\n    got  {verdict.got}\n"
                f"    reply {verdict.reply[:200]!r}"
            )
    return tally


def measure(quick: bool = False, show: bool = False) -> list[Tally]:
    """One tally per chosen file, each printed as it is done."""
    from helpers_media import make_clip
    from understanding_corpus import EngineJudge, block_of, load

    by_block: dict[int | str, list[dict[str, Any]]] = {}
    for entry in load(blocks=_chosen_blocks()):
        by_block.setdefault(block_of(entry), []).append(entry)
    tallies = []
    with temp_dir() as media, local_engine(silent_ratio=0.0, seed=11, chunk_delay_s=0.0, edit_cost=0) as engine:
        judge = EngineJudge(engine.url, make_clip(media / "clip.mp4", seconds=10, size="160x90"))
        try:
            for name, corpus in by_block.items():
                tallies.append(_judge_block(judge, name, corpus, quick, show))
                print(tallies[-1].line(), flush=True)
        finally:
            judge.close()
    return tallies


def run(quick: bool = False) -> list[Figure]:
    tallies = measure(quick, show="--failures" in sys.argv)
    n_routed, n_chat = sum(t.routed for t in tallies), sum(t.judged for t in tallies)
    routing = sum(t.routed_ok for t in tallies) / max(1, n_routed)
    edits = sum(t.right for t in tallies) / max(1, n_chat)
    wrong = sum(t.wrong for t in tallies)
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
