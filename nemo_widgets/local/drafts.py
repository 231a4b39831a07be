"""Pure operations on a draft (the timeline), in the short-key shape of protocol.md.

    draft   {"t": [track, ...], "d": total_ms}
    track   {"tt": 0|1|7, "m": {"name": str, "muted": bool}, "sg": [segment, ...]}
    segment {"s": start_ms, "d": length_ms,
             "m": {"name": str, "src": media_id, "in": offset_ms, "volume": 0..1, "text": str}}

Every function returns a new draft and never mutates its argument. Drafts
coming from a client are read tolerantly (the keys of
:data:`~nemo_widgets.protocol.constants.SEGMENT_START_KEYS` for ``s``, an end
(:data:`~nemo_widgets.protocol.constants.SEGMENT_END_KEYS`) instead of ``d``).
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from nemo_widgets.protocol.constants import SEGMENT_END_KEYS, SEGMENT_START_KEYS, TrackType
from nemo_widgets.protocol.draft import Draft as WireDraft

__all__ = [
    "MAX_VOLUME",
    "append_media",
    "audio_only",
    "cut_range",
    "empty_draft",
    "fmt_secs",
    "has_content",
    "has_track",
    "keep_range",
    "media_on_timeline",
    "mute_range",
    "remove_audio",
    "remove_media",
    "remove_titles",
    "restore_audio",
    "seg_len",
    "seg_start",
    "set_title",
    "set_volume",
    "source_moved",
    "summary",
    "timeline_of_source",
    "total_ms",
]

Draft = dict[str, Any]
#: The loudest volume a segment may have (2.0 = 200 %): the editor refuses more, the help says so.
MAX_VOLUME = 2.0
AUDIO_TRACK_NAME = "Audio"
TITLE_TRACK_NAME = "Title"


def empty_draft() -> Draft:
    return {"t": [], "d": 0}


def seg_start(seg: dict[str, Any]) -> int:
    for key in SEGMENT_START_KEYS:
        if isinstance(seg.get(key), (int, float)):
            return int(seg[key])
    return 0


def seg_len(seg: dict[str, Any]) -> int:
    if isinstance(seg.get("d"), (int, float)):
        return int(seg["d"])
    for key in SEGMENT_END_KEYS:
        if isinstance(seg.get(key), (int, float)):
            return max(0, int(seg[key]) - seg_start(seg))
    return 0


def has_track(draft: Draft, kind: TrackType) -> bool:
    """Whether the draft has a track of ``kind`` with at least one segment ("has an audio track")."""
    return any(t.get("tt") == kind and t.get("sg") for t in draft.get("t", []))


def fmt_secs(ms: int) -> str:
    """Milliseconds as the agent says them: 2000 → ``2s``, 2500 → ``2.5s``."""
    value = ms / 1000
    return f"{value:g}s" if value != int(value) else f"{int(value)}s"


def _with_total(draft: Draft) -> Draft:
    ends = [seg_start(seg) + seg_len(seg) for track in draft["t"] for seg in track.get("sg", [])]
    draft["d"] = max(ends, default=0)
    return draft


def total_ms(draft: Draft) -> int:
    return int(_with_total(copy.deepcopy(draft))["d"])


def has_content(draft: Draft | None) -> bool:
    if not draft:
        return False
    return any(track.get("sg") for track in draft.get("t", []))


def _track(draft: Draft, kind: TrackType, name: str) -> dict[str, Any]:
    """The first track of ``kind`` (audio: of that name), made at the end if there is none."""
    for found in draft["t"]:
        if found.get("tt") == kind and (kind != TrackType.AUDIO or found["m"].get("name") == name):
            track: dict[str, Any] = found  # a draft's tracks are JSON objects
            return track
    made: dict[str, Any] = {"tt": int(kind), "m": {"name": name, "muted": False}, "sg": []}
    draft["t"].append(made)
    return made


def append_media(draft: Draft, media: dict[str, Any], image_ms: int = 5000) -> Draft:
    """Put an uploaded file at the end of the timeline (video and audio tracks)."""
    new = copy.deepcopy(draft)
    start = total_ms(new)
    still = media["kind"] == "image" and not media.get("animated")
    length = image_ms if still else int(media.get("duration_ms") or 0)
    if length <= 0:
        return new
    base = {"name": media["name"], "src": media["id"], "in": 0}
    if media["kind"] in ("video", "image") and (media.get("has_video") or media["kind"] == "image"):
        _track(new, TrackType.VIDEO, media["name"])["sg"].append({"s": start, "d": length, "m": dict(base)})
    if media.get("has_audio"):
        segment = {"s": start, "d": length, "m": dict(base, volume=1.0)}
        _track(new, TrackType.AUDIO, AUDIO_TRACK_NAME)["sg"].append(segment)
    return _with_total(new)


def remove_audio(draft: Draft) -> tuple[Draft, int]:
    """Drop every audio track; returns the new draft and how many were dropped."""
    kept = [track for track in draft["t"] if track.get("tt") != TrackType.AUDIO]
    return _with_total({**copy.deepcopy(draft), "t": copy.deepcopy(kept)}), len(draft["t"]) - len(kept)


def audio_only(draft: Draft) -> tuple[Draft, int]:
    """Keep only the audio tracks (video and text dropped); returns the draft and how many were dropped."""
    kept = [track for track in draft["t"] if track.get("tt") == TrackType.AUDIO]
    return _with_total({**copy.deepcopy(draft), "t": copy.deepcopy(kept)}), len(draft["t"]) - len(kept)


def _cut_segment(seg: dict[str, Any], start: int, end: int) -> list[dict[str, Any]]:
    s, d = seg_start(seg), seg_len(seg)
    e = s + d
    removed = end - start
    if e <= start:
        return [seg]
    if s >= end:
        return [{**seg, "s": s - removed}]
    pieces = []
    if s < start:
        pieces.append({**seg, "s": s, "d": start - s})
    if e > end:
        moved = {**seg, "s": start, "d": e - end, "m": dict(seg.get("m", {}))}
        if "in" in moved["m"] or moved["m"].get("src"):
            moved["m"]["in"] = int(moved["m"].get("in", 0)) + (end - s)
        pieces.append(moved)
    return pieces


def cut_range(draft: Draft, start_ms: int, end_ms: int) -> Draft:
    """Remove ``[start_ms, end_ms)`` from every track; what follows moves left."""
    new = copy.deepcopy(draft)
    start, end = max(0, int(start_ms)), min(int(end_ms), total_ms(new))
    if end <= start:
        return new
    for track in new["t"]:
        track["sg"] = [piece for seg in track.get("sg", []) for piece in _cut_segment(seg, start, end)]
        for seg in track["sg"]:
            for key in (*SEGMENT_START_KEYS[1:], *SEGMENT_END_KEYS):  # only "s" and "d" after a cut
                seg.pop(key, None)
    return _with_total(new)


def media_on_timeline(draft: Draft) -> list[str]:
    """The media ids the draft plays, in order of first appearance."""
    found: dict[str, None] = {}
    for track in draft.get("t", []):
        for seg in sorted(track.get("sg", []), key=seg_start):
            src = seg.get("m", {}).get("src")
            if src:
                found.setdefault(str(src), None)
    return list(found)


def _pieces(draft: Draft) -> list[tuple[int, int, int]]:
    """(timeline start, source start, length) of each piece of the one clip on the timeline, read on its picture
    (else its sound); none when the timeline plays several media, or one twice (a time is then only a time on the
    timeline)."""
    if len(media_on_timeline(draft)) != 1:
        return []
    for kind in (TrackType.VIDEO, TrackType.AUDIO):
        for track in draft.get("t", []):
            if track.get("tt") == kind and track.get("sg"):
                segs = sorted(track["sg"], key=seg_start)
                pieces = [(seg_start(g), int(g.get("m", {}).get("in", seg_start(g))), seg_len(g)) for g in segs]
                by_source = sorted((src, src + n) for _t, src, n in pieces)
                if any(b[0] < a[1] for a, b in itertools.pairwise(by_source)):
                    return []  # the same part of the clip plays twice: no one place on the timeline is its
                return pieces
    return []


def source_moved(draft: Draft, end_ms: int) -> bool:
    """Whether a time before ``end_ms`` on the timeline is another time of the clip as it was uploaded (a part of
    it was cut before that time): a time said then can be on either clock."""
    return any(start < end_ms and start != source for start, source, _length in _pieces(draft))


def timeline_of_source(draft: Draft, start_ms: int, end_ms: int) -> tuple[int, int] | None:
    """Where ``[start_ms, end_ms)`` of the clip as uploaded is on the timeline (its pieces still there close up
    into one span); None when all of it was cut, or the timeline plays several media."""
    hits = [
        (t + max(start_ms, src) - src, t + min(end_ms, src + n) - src)
        for t, src, n in _pieces(draft)
        if src < end_ms and src + n > start_ms
    ]
    return (min(h[0] for h in hits), max(h[1] for h in hits)) if hits else None


def remove_media(draft: Draft, media_id: str) -> Draft:
    """Take a medium off the timeline: its segments go, and the time they held closes up (what follows moves
    left) where nothing else plays in it; a title over it is cut with it."""
    new = copy.deepcopy(draft)
    spans: list[tuple[int, int]] = []
    for track in new["t"]:
        kept = []
        for seg in track.get("sg", []):
            if seg.get("m", {}).get("src") == media_id:
                spans.append((seg_start(seg), seg_start(seg) + seg_len(seg)))
            else:
                kept.append(seg)
        track["sg"] = kept
    for start, end in reversed(_merged(spans)):
        if not _plays_in(new, start, end):
            new = cut_range(new, start, end)
    new["t"] = [track for track in new["t"] if track["sg"]]
    return _with_total(new)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _plays_in(draft: Draft, start: int, end: int) -> bool:
    """Whether a video or audio segment plays somewhere in ``[start, end)``."""
    return any(
        seg_start(seg) < end and seg_start(seg) + seg_len(seg) > start
        for track in draft["t"]
        if track.get("tt") != TrackType.TEXT
        for seg in track.get("sg", [])
    )


def keep_range(draft: Draft, start_ms: int, end_ms: int) -> Draft:
    """Keep only ``[start_ms, end_ms)``."""
    total = total_ms(draft)
    trimmed = cut_range(draft, end_ms, total) if end_ms < total else copy.deepcopy(draft)
    return cut_range(trimmed, 0, start_ms) if start_ms > 0 else trimmed


def set_volume(
    draft: Draft, volume: float | None = None, track_names: set[str] | None = None, factor: float | None = None
) -> tuple[Draft, int]:
    """Set the volume (``volume``, 0-2) or scale it (``factor``) on the audio segments (of the named tracks
    if given). Muted ranges stay muted. Returns the new draft and how many segments changed."""
    new = copy.deepcopy(draft)
    changed = 0
    for track in new["t"]:
        if track.get("tt") != TrackType.AUDIO:
            continue
        if track_names and track["m"].get("name", "").lower() not in track_names:
            continue
        for seg in track.get("sg", []):
            meta = seg.setdefault("m", {})
            if meta.get("muted"):
                continue
            old = float(meta.get("volume", 1.0)) if isinstance(meta.get("volume", 1.0), (int, float)) else 1.0
            meta["volume"] = round(old * factor if factor is not None else float(volume or 0.0), 3)
            changed += 1
    return new, changed


def _split_at(segs: list[dict[str, Any]], at: int) -> list[dict[str, Any]]:
    """Split the segment that spans ``at`` in two (offsets into the source follow)."""
    out = []
    for seg in segs:
        s, d = seg_start(seg), seg_len(seg)
        if s < at < s + d:
            first = {**seg, "s": s, "d": at - s, "m": dict(seg.get("m", {}))}
            second = {**seg, "s": at, "d": s + d - at, "m": dict(seg.get("m", {}))}
            if "in" in second["m"] or second["m"].get("src"):
                second["m"]["in"] = int(second["m"].get("in", 0) or 0) + (at - s)
            out += [first, second]
        else:
            out.append(seg)
    return out


def mute_range(draft: Draft, start_ms: int, end_ms: int, mute: bool = True) -> tuple[Draft, int]:
    """Mute (``mute=False``: unmute) the audio in ``[start_ms, end_ms)``: its segments are split at the
    edges and the pieces inside get ``m.muted`` (and volume 0, which every renderer honours)."""
    new = copy.deepcopy(draft)
    changed = 0
    for track in new["t"]:
        if track.get("tt") != TrackType.AUDIO:
            continue
        track["sg"] = _split_at(_split_at(track.get("sg", []), int(start_ms)), int(end_ms))
        for seg in track["sg"]:
            inside = seg_start(seg) >= start_ms and seg_start(seg) + seg_len(seg) <= end_ms
            meta = seg.setdefault("m", {})
            if inside and bool(meta.get("muted")) != mute:
                if mute:
                    meta["muted"], meta["volume_before_mute"], meta["volume"] = True, meta.get("volume", 1.0), 0.0
                else:
                    meta.pop("muted", None)
                    meta["volume"] = meta.pop("volume_before_mute", 1.0)
                changed += 1
    return new, changed


def restore_audio(draft: Draft, media: dict[str, dict[str, Any]]) -> tuple[Draft, int]:
    """Give back the sound of the video segments whose source has audio (after "remove the audio")."""
    new = copy.deepcopy(draft)
    if has_track(new, TrackType.AUDIO):
        return mute_range(new, 0, total_ms(new), mute=False)
    added = 0
    for track in [t for t in new["t"] if t.get("tt") == TrackType.VIDEO]:
        for seg in track.get("sg", []):
            source = media.get(str(seg.get("m", {}).get("src")))
            if source and source.get("has_audio"):
                piece = {"s": seg_start(seg), "d": seg_len(seg), "m": {**seg.get("m", {}), "volume": 1.0}}
                _track(new, TrackType.AUDIO, AUDIO_TRACK_NAME)["sg"].append(piece)
                added += 1
    return _with_total(new), added


def set_title(draft: Draft, text: str, start_ms: int, length_ms: int) -> Draft:
    """Put a title on the text track "Title" (replacing an earlier one)."""
    new = copy.deepcopy(draft)
    new["t"] = [t for t in new["t"] if not (t.get("tt") == TrackType.TEXT and t["m"].get("name") == TITLE_TRACK_NAME)]
    segment = {"s": int(start_ms), "d": int(length_ms), "m": {"name": TITLE_TRACK_NAME, "text": text}}
    new["t"].append({"tt": int(TrackType.TEXT), "m": {"name": TITLE_TRACK_NAME, "muted": False}, "sg": [segment]})
    return _with_total(new)


def title_of(draft: Draft) -> tuple[str, int, int] | None:
    """The title on the timeline: (its words, start, length in ms), or None."""
    for track in draft.get("t", []):
        if track.get("tt") == TrackType.TEXT and track["m"].get("name") == TITLE_TRACK_NAME and track.get("sg"):
            seg = track["sg"][0]
            return str(seg["m"].get("text", "")), int(seg["s"]), int(seg["d"])
    return None


def remove_titles(draft: Draft) -> tuple[Draft, int]:
    """Drop the text tracks (titles); returns the draft and how many were dropped."""
    kept = [t for t in draft["t"] if t.get("tt") != TrackType.TEXT]
    return _with_total({**copy.deepcopy(draft), "t": copy.deepcopy(kept)}), len(draft["t"]) - len(kept)


def summary(draft: Draft | None) -> str:
    """One line, e.g. ``Timeline (2 tracks): 1. Video: clip.mp4 (0-10s) 2. Audio: clip.mp4 (0-10s, 35%)``: the
    client's summary (:meth:`nemo_widgets.protocol.draft.Draft.summary`, one place for the format), so what the
    agent says of the timeline is what the chart under it shows, every clip of a track named."""
    return WireDraft.from_dict(draft or empty_draft()).summary()
