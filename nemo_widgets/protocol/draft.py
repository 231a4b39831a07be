"""The draft (the timeline) in its short-key wire shape, read tolerantly.

Wire keys: ``t`` tracks, ``tt`` track type (0 video, 1 audio, 7 text),
``sg`` segments, ``d`` duration in ms, ``m`` metadata. A segment starts at
``s`` (also ``st``, ``start``) ms and lasts ``d`` ms (or ends at ``e``); its
``m`` may hold ``name``, ``text``, ``volume`` (0–1), ``src`` and ``in``. A
track's ``m`` may hold ``name`` ("BGM", "Voice") and ``muted``.

Parsing never raises on garbage: what cannot be read is skipped (a non-dict
track, a non-number start), so a half-broken draft still summarises.

The one-line summary (:meth:`Draft.summary`), rules pinned by the tests::

    Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)

* ``Timeline (N track[s]): `` then the tracks, numbered, joined by a space;
  a draft without tracks is ``Timeline is empty``.
* Track label, as the seed skills write it: video (``tt`` 0) → ``Video``;
  audio (``tt`` 1) → its ``m.name`` (``BGM``, ``Voice``, …) else ``Audio``;
  text (``tt`` 7) → its ``m.name`` else ``Title``; other types → ``m.name``
  else ``Track``. A muted track adds `` (muted)`` after its label.
* Segments joined by ``, ``; a track without segments says ``empty``.
  Segment label: the quoted ``m.text`` on a text track (else ``m.name``),
  ``m.name`` elsewhere, else ``clip``.
* Times in seconds, ``start-end`` with at most two decimals and no needless
  ones (``0-10s``, ``2.5-10s``); a segment without a length that the draft
  cannot bound reads ``from 2s``.
* A volume other than 100 % on a video or audio segment adds ``, 35%``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.protocol.constants import SEGMENT_END_KEYS, SEGMENT_START_KEYS, TrackType

__all__ = ["Draft", "Segment", "Track", "diff", "format_seconds"]

_KIND = {TrackType.VIDEO: "video", TrackType.AUDIO: "audio", TrackType.TEXT: "text"}
_LABEL = {"video": "Video", "audio": "Audio", "text": "Title"}


def as_number(value: Any) -> float | None:
    """A finite number from an int, a float or a numeric string; else ``None``."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float, str)):
            number = float(value)
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


_num = as_number


def _first_num(obj: Mapping[str, Any], *keys: str) -> float | None:
    for key in keys:
        value = _num(obj.get(key))
        if value is not None:
            return value
    return None


def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = obj.get("m")
    return meta if isinstance(meta, Mapping) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def format_seconds(ms: float) -> str:
    """Milliseconds as seconds without needless decimals: 10000 → ``10``, 2500 → ``2.5``."""
    text = f"{ms / 1000:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Segment:
    """One piece of a track: where it sits (ms) and what it shows or plays."""

    start_ms: float = 0.0
    duration_ms: float | None = None
    name: str | None = None
    text: str | None = None
    volume: float | None = None
    src: str | None = None
    in_ms: float | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, obj: Any) -> Segment | None:
        """A segment from its wire dict, or ``None`` if ``obj`` is not one."""
        if not isinstance(obj, Mapping):
            return None
        meta = _meta(obj)
        start = _first_num(obj, *SEGMENT_START_KEYS) or 0.0
        length = _first_num(obj, "d")
        if length is None:
            end = _first_num(obj, *SEGMENT_END_KEYS)
            length = max(0.0, end - start) if end is not None else None
        src = meta.get("src")
        volume = _num(meta.get("volume"))
        if volume is not None and not math.isfinite(volume * 100):
            volume = None  # unreadable: as a percentage it would overflow
        return cls(
            start_ms=start,
            duration_ms=length,
            name=_str(meta.get("name")),
            text=_str(meta.get("text")),
            volume=volume,
            src=str(src) if src not in (None, "") else None,
            in_ms=_num(meta.get("in")),
            raw=obj,
        )

    @property
    def end_ms(self) -> float | None:
        return None if self.duration_ms is None else self.start_ms + self.duration_ms

    def span(self, bound_ms: float | None = None) -> str:
        """``0-10s``; ``bound_ms`` closes a segment without a length."""
        end = self.end_ms if self.end_ms is not None else bound_ms
        if end is None or end < self.start_ms:
            return f"from {format_seconds(self.start_ms)}s"
        return f"{format_seconds(self.start_ms)}-{format_seconds(end)}s"


@dataclass(frozen=True)
class Track:
    """One track: its type, its name, whether muted, its segments."""

    type: int = int(TrackType.VIDEO)
    name: str | None = None
    muted: bool = False
    segments: tuple[Segment, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, obj: Any) -> Track | None:
        if not isinstance(obj, Mapping):
            return None
        meta = _meta(obj)
        kind = _num(obj.get("tt"))
        raw_segments = obj.get("sg")
        segments = raw_segments if isinstance(raw_segments, list) else []
        parsed = (Segment.from_dict(seg) for seg in segments)
        return cls(
            type=int(kind) if kind is not None else -1,
            name=_str(meta.get("name")),
            muted=meta.get("muted") is True,
            segments=tuple(seg for seg in parsed if seg is not None),
            raw=obj,
        )

    @property
    def kind(self) -> str:
        """``"video"``, ``"audio"``, ``"text"`` or ``"other"``."""
        try:
            return _KIND[TrackType(self.type)]
        except ValueError:
            return "other"

    @property
    def label(self) -> str:
        """The summary's label: ``Video``; audio/text: the name, else ``Audio``/``Title``."""
        if self.kind == "video":
            return "Video"
        return self.name or _LABEL.get(self.kind, "Track")

    @property
    def end_ms(self) -> float | None:
        ends = [seg.end_ms for seg in self.segments if seg.end_ms is not None]
        return max(ends) if ends else None

    def segment_label(self, seg: Segment) -> str:
        if self.kind == "text" and seg.text:
            return f'"{seg.text}"'
        return seg.name or (f'"{seg.text}"' if seg.text else "clip")


@dataclass(frozen=True)
class Draft:
    """The timeline. ``raw`` is the wire dict, sent back unchanged on export."""

    tracks: tuple[Track, ...] = ()
    declared_ms: float | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, obj: Any) -> Draft:
        """Parse a wire draft; anything unreadable becomes an empty draft or is skipped."""
        if not isinstance(obj, Mapping):
            return cls(raw={})
        raw_tracks = obj.get("t")
        tracks = raw_tracks if isinstance(raw_tracks, list) else []
        parsed = (Track.from_dict(track) for track in tracks)
        return cls(
            tracks=tuple(track for track in parsed if track is not None),
            declared_ms=_num(obj.get("d")),
            raw=obj,
        )

    def to_dict(self) -> dict[str, Any]:
        """The wire dict (a shallow copy of what was parsed)."""
        return dict(self.raw)

    @property
    def duration_ms(self) -> float:
        """The draft's ``d``, else the end of its last segment, else 0."""
        if self.declared_ms is not None:
            return self.declared_ms
        ends = [track.end_ms for track in self.tracks if track.end_ms is not None]
        return max(ends) if ends else 0.0

    @property
    def duration_s(self) -> float:
        return self.duration_ms / 1000

    @property
    def ready_for_export(self) -> bool:
        """True when some track holds at least one segment."""
        return any(track.segments for track in self.tracks)

    @property
    def has_video(self) -> bool:
        return any(track.kind == "video" and track.segments for track in self.tracks)

    @property
    def has_audio(self) -> bool:
        """True when an unmuted audio track holds a segment that is not at 0 % volume."""
        return any(
            track.kind == "audio" and not track.muted and any(seg.volume != 0 for seg in track.segments)
            for track in self.tracks
        )

    def summary(self) -> str:
        """The one-line summary (rules in the module docstring)."""
        if not self.tracks:
            return "Timeline is empty"
        count = len(self.tracks)
        items = [f"{number}. {_track_line(track, self.declared_ms)}" for number, track in enumerate(self.tracks, 1)]
        return f"Timeline ({count} track{'s' if count != 1 else ''}): " + " ".join(items)

    def __str__(self) -> str:
        return self.summary()


def _track_line(track: Track, bound_ms: float | None) -> str:
    label = track.label + (" (muted)" if track.muted else "")
    if not track.segments:
        return f"{label}: empty"
    pieces = []
    for seg in track.segments:
        extra = ""
        if track.kind in ("video", "audio") and seg.volume is not None and round(seg.volume * 100) != 100:
            extra = f", {round(seg.volume * 100)}%"
        pieces.append(f"{track.segment_label(seg)} ({seg.span(bound_ms)}{extra})")
    return f"{label}: " + ", ".join(pieces)


# -- diff -------------------------------------------------------------------


def _phrase(track: Track) -> str:
    """``audio track 'BGM'`` / ``video track``: for additions and removals."""
    return f"{track.kind} track '{track.name}'" if track.name else f"{track.kind} track"


def _subject(track: Track) -> str:
    """``'BGM'`` / ``audio`` / ``video``: for changes inside a track."""
    return f"'{track.name}'" if track.name else track.kind


def _pair_tracks(old: Draft, new: Draft) -> tuple[list[tuple[Track, Track]], list[Track], list[Track]]:
    """Match tracks by (kind, name), in order; returns pairs, removed, added."""

    def keyed(draft: Draft) -> list[tuple[tuple[str, str | None, int], Track]]:
        seen: dict[tuple[str, str | None], int] = {}
        out = []
        for track in draft.tracks:
            base = (track.kind, track.name)
            seen[base] = seen.get(base, 0) + 1
            out.append(((track.kind, track.name, seen[base]), track))
        return out

    old_keyed, new_keyed = keyed(old), keyed(new)
    new_map = dict(new_keyed)
    old_keys = {key for key, _ in old_keyed}
    pairs = [(track, new_map[key]) for key, track in old_keyed if key in new_map]
    removed = [track for key, track in old_keyed if key not in new_map]
    added = [track for key, track in new_keyed if key not in old_keys]
    return pairs, removed, added


def _clip(track: Track, name: str | None) -> str:
    return f"{track.kind} clip '{name}'" if name else f"{track.kind} clip"


def _pct(volume: float | None) -> int:
    return round((1.0 if volume is None else volume) * 100)


def _segment_changes(old: Track, new: Track, bound: float | None) -> list[str]:
    subject = _subject(new)
    changes: list[str] = []
    if new.kind == "text":
        unmatched = [(seg.text or seg.name or "", seg) for seg in old.segments]
        for text, seg in ((seg.text or seg.name or "", seg) for seg in new.segments):
            same = [i for i, (t, _) in enumerate(unmatched) if t == text]
            if not same:
                changes.append(f'title "{text}" added at {seg.span(bound)}')
                continue
            # each old title pairs with one new one (the same place first): repeated texts are not "moved"
            pick = next((i for i in same if unmatched[i][1].span(bound) == seg.span(bound)), same[0])
            match = unmatched.pop(pick)[1]
            if match.span(bound) != seg.span(bound):
                changes.append(f'title "{text}" moved to {seg.span(bound)}')
        changes.extend(f'title "{text}" removed' for text, _ in unmatched)
        return changes
    if len(old.segments) == len(new.segments):
        for before, after in zip(old.segments, new.segments, strict=True):
            who = subject if len(new.segments) == 1 else f"{subject} clip '{after.name or 'clip'}'"
            if before.span(bound) != after.span(bound):
                verb = "moved"
                if before.duration_ms is not None and after.duration_ms is not None:
                    if after.duration_ms < before.duration_ms:
                        verb = "trimmed"
                    elif after.duration_ms > before.duration_ms:
                        verb = "extended"
                changes.append(f"{who} {verb} to {after.span(bound)}")
            if new.kind in ("video", "audio") and _pct(before.volume) != _pct(after.volume):
                changes.append(f"volume of {who} set to {_pct(after.volume)}%")
    else:
        old_spans = {(seg.name, seg.span(bound)) for seg in old.segments}
        new_spans = {(seg.name, seg.span(bound)) for seg in new.segments}
        for name, span in sorted(new_spans - old_spans, key=lambda x: x[1]):
            changes.append(f"{_clip(new, name)} added at {span}")
        for name, span in sorted(old_spans - new_spans, key=lambda x: x[1]):
            changes.append(f"{_clip(new, name)} at {span} removed")
    return changes


def diff(old: Draft | Mapping[str, Any] | None, new: Draft | Mapping[str, Any] | None) -> list[str]:
    """What changed from ``old`` to ``new``, as plain-English sentences.

    e.g. ``audio track 'BGM' removed``, ``video trimmed to 0-10s``,
    ``title "Urban Dreams" added at 0-3s``, ``volume of 'BGM' set to 35%``,
    ``audio muted``. No change gives ``[]``.
    """
    before = old if isinstance(old, Draft) else Draft.from_dict(old)
    after = new if isinstance(new, Draft) else Draft.from_dict(new)
    pairs, removed, added = _pair_tracks(before, after)
    changes = [f"{_phrase(track)} removed" for track in removed]
    changes += [f"{_phrase(track)} added" for track in added if track.kind != "text"]
    for track in added:
        if track.kind == "text":
            changes += _segment_changes(Track(type=track.type, name=track.name), track, after.declared_ms)
    for old_track, new_track in pairs:
        if old_track.muted != new_track.muted:
            changes.append(f"{_subject(new_track)} {'muted' if new_track.muted else 'unmuted'}")
        changes += _segment_changes(old_track, new_track, after.declared_ms)
    if not changes and before.duration_ms != after.duration_ms:
        changes.append(f"timeline length set to {format_seconds(after.duration_ms)}s")
    return changes
