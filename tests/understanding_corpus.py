"""The utterance corpus (tests/data/utterances_english.jsonl, utterances_chinese.jsonl) and how an answer to
it is judged.

Each line: ``text``, the expected ``route`` (and ``format``, ``quality`` or
``qword``, a said quality looked up in the router's quality table), and for
messages that reach the agent the expected effect on a 10 s clip with video
and sound, ``expect``: ``{}`` unchanged, else ``keep`` (source ranges kept, ms),
``video``/``audio`` ``"none"``, ``vol`` (the level of the sound that is not
muted), ``mute`` (muted source ranges), ``title``, ``format`` (the output
format the agent settled on), ``title_at`` (the title's [start, end] on the
timeline, judged when given). Two optional checks on the reply: ``ask`` (nothing
changes and the reply offers at least one phrasing as a button) and ``say`` (a
regular expression the reply must match, e.g. the name of a declined feature).
``setup`` messages are sent first; ``profile``
sets X-Skill-Source; ``block`` (absent in the first corpus) numbers the block written later, each before the
fixes it led to (its figures before and after are in docs/performance.md). The files
``utterances_<class>.jsonl`` hold the blocks written for issue 21's classes, one file per class (their
entries carry no ``block``; the file is the block). Used by
tests/protocol/test_corpus_routes.py, tests/local/agent/test_corpus_edits.py and
``python -m bench.bench_understanding``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from nemo_widgets.protocol.gui_text import suggestions

from helpers_engine import Api, parse_sse

__all__ = [
    "CHINESE", "CLASSES", "CLIP_MS", "ENGLISH", "FILES", "EngineJudge", "Verdict", "block_of", "load",
    "route_verdict", "uses_chat",
]  # fmt: skip

DATA = Path(__file__).resolve().parent / "data"
#: By language: a message with a Chinese character (in it or in its setup) is in the Chinese file.
ENGLISH = DATA / "utterances_english.jsonl"
CHINESE = DATA / "utterances_chinese.jsonl"
#: By class: the blocks written for issue 21's classes, measured before the reader was rebuilt.
CLASSES = tuple(sorted(p for p in DATA.glob("utterances_*.jsonl") if p not in (ENGLISH, CHINESE)))
FILES = (ENGLISH, CHINESE, *CLASSES)
CLIP_MS = 10_000
_SLACK_MS = 60


def load(*files: Path, blocks: set[int | str] | None = None) -> list[dict[str, Any]]:
    """The entries of ``files`` (default: every file); ``blocks``: only those blocks (0: the first corpus, a
    class name: that class's file)."""
    entries = [
        {**json.loads(line), **({"block": path.stem.removeprefix("utterances_")} if path in CLASSES else {})}
        for path in files or FILES
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    return entries if blocks is None else [e for e in entries if block_of(e) in blocks]


def block_of(entry: dict[str, Any]) -> int | str:
    """The block an entry belongs to: 0 (the first corpus), a block number, or a class name."""
    return entry.get("block", 0)


def uses_chat(entry: dict[str, Any]) -> bool:
    return entry["route"] in ("chat", "chat_then_export")


def route_verdict(entry: dict[str, Any]) -> tuple[bool, str]:
    """Whether ``route()`` gives the entry's action (and format / quality when it names them)."""
    from nemo_widgets.protocol import intents

    got = intents.route(entry["text"])
    want_quality = intents._QUALITY_WORDS[entry["qword"]] if "qword" in entry else entry.get("quality", got.quality)
    ok = got.action == entry["route"]
    if ok and got.exports and "format" in entry:  # no format said is the profile's own: MP4 (a silent video)
        ok = got.format == entry["format"] or (got.format is None and entry["format"] == "mp4")
    if ok and ("qword" in entry or "quality" in entry):
        ok = got.quality == want_quality
    return ok, f"{got.action} {got.format} {got.quality}"


def _merge(pieces: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for piece in pieces:
        if out and abs(out[-1][1] - piece[0]) <= _SLACK_MS and out[-1][2:] == piece[2:]:
            out[-1][1] = piece[1]
        else:
            out.append(list(piece))
    return out


def signature(state: dict[str, Any]) -> dict[str, Any]:
    """What a draft holds, in source time: video ranges, audio ranges with their volume, title, format."""
    video: list[list[float]] = []
    audio: list[list[float]] = []
    titles: list[tuple[str, list[int]]] = []
    for track in state["draft"].get("t", []):
        for seg in sorted(track.get("sg", []), key=lambda s: s.get("s", 0)):
            meta = seg.get("m", {})
            start = int(meta.get("in", 0) or 0)
            if track.get("tt") == 0:
                video.append([start, start + seg["d"]])
            elif track.get("tt") == 1:
                audio.append([start, start + seg["d"], round(float(meta.get("volume", 1.0)), 2)])
            elif meta.get("text"):
                titles.append((meta["text"], [int(seg.get("s", 0)), int(seg.get("s", 0)) + int(seg["d"])]))
    return {
        "video": _merge(video) or None,
        "audio": _merge(audio) or None,
        "title": titles[0][0] if titles else None,
        "title_at": titles[0][1] if titles else None,
        "format": state.get("output_format"),
    }


def _cut(ranges: list[list[float]], mutes: list[list[int]], vol: float) -> list[list[float]]:
    pieces: list[list[float]] = []
    for a, b in ranges:
        edges = sorted({a, b, *[x for m in mutes for x in m if a < x < b]})
        for lo, hi in itertools.pairwise(edges):
            muted = any(m[0] <= lo and hi <= m[1] for m in mutes)
            pieces.append([lo, hi, 0.0 if muted else round(vol, 2)])
    return _merge(pieces)


def expected(entry: dict[str, Any]) -> dict[str, Any]:
    want = entry.get("expect", {})
    keep = [list(r) for r in want.get("keep", [[0, CLIP_MS]])]
    empty = keep == []  # the clip taken off the timeline: no track left
    return {
        "video": None if want.get("video") == "none" or empty else keep,
        "audio": None
        if want.get("audio") == "none" or empty
        else _cut(keep, want.get("mute", []), want.get("vol", 1.0)),
        "title": want.get("title"),
        "title_at": want.get("title_at"),
        "format": want.get("format"),
    }


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["title"] != b["title"] or a["format"] != b["format"]:
        return False
    at_a, at_b = a.get("title_at"), b.get("title_at")
    if at_a is not None and at_b is not None and any(abs(x - y) > _SLACK_MS for x, y in zip(at_a, at_b, strict=True)):
        return False
    for key in ("video", "audio"):
        x, y = a[key], b[key]
        if (x is None) != (y is None):
            return False
        if x is None:
            continue
        if len(x) != len(y):
            return False
        for p, q in zip(x, y, strict=False):
            if any(abs(u - v) > (_SLACK_MS if i < 2 else 0.011) for i, (u, v) in enumerate(zip(p, q, strict=False))):
                return False
    return True


@dataclass
class Verdict:
    ok: bool
    wrong_edit: bool
    got: dict[str, Any]
    want: dict[str, Any]
    reply: str


def _reply_text(events: list[dict[str, Any]]) -> str:
    texts = [
        p["text"] for e in events if not e.get("partial") for p in e.get("content", {}).get("parts", []) if "text" in p
    ]
    return "\n".join(texts)


class EngineJudge:
    """Sends each entry to a running engine over HTTP (a fresh session with the clip) and judges the draft."""

    def __init__(self, url: str, clip: Path) -> None:
        self.api = Api(url).login()
        self.clip = clip
        self.initial = expected({"expect": {}})

    def close(self) -> None:
        self.api.close()

    def _send(self, text: str, profile: str | None) -> str:
        headers = {"X-Skill-Source": profile} if profile else None
        events, _pings = self.api.chat(text, headers=headers)
        return _reply_text(events)

    def judge(self, entry: dict[str, Any]) -> Verdict:
        self.api.new_session()
        answer = self.api.upload(self.clip)
        assert answer.status_code == 200, answer.text
        before = signature(self.api.state())
        for message in entry.get("setup", []):
            said = self._send(message, entry.get("profile"))
            after = signature(self.api.state())
            if same(after, before):  # a setup is a plain edit the agent is assumed to do: a data error otherwise
                return Verdict(False, False, after, expected(entry), f"setup {message!r} changed nothing: {said}")
            before = after
        reply = self._send(entry["text"], entry.get("profile"))
        got, want = signature(self.api.state()), expected(entry)
        sound = entry["route"] == "chat_then_export" and entry.get("format") in ("mp3", "wav", "m4a")
        # an edit, then an export of the sound: the file is the same whether the draft kept its picture or only
        # its sound (writers expect either), so the picture and the draft's format are not judged
        ok = same(_sound_only(got), _sound_only(want)) if sound else same(got, want)
        if ok and same(want, before) and re.search(r"^\s*done\b|已完成", reply, re.I):
            ok = False  # "Done" only when the draft changed
        if ok and entry.get("ask"):
            ok = bool(suggestions(reply))  # asked, with a phrasing to click
        if ok and "say" in entry:
            ok = re.search(entry["say"], reply, re.I) is not None
        off = not same(_sound_only(got), _sound_only(want)) if sound else not same(got, want)
        return Verdict(ok, not ok and not same(got, before) and off, got, want, reply)


def _sound_only(sig: dict[str, Any]) -> dict[str, Any]:
    return {**sig, "video": None, "format": None}


__all__ += ["expected", "parse_sse", "same", "signature"]
