"""Settings of the embedded local engine (one frozen-by-convention object per engine)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from nemo_widgets.protocol.constants import MAX_UPLOAD_BYTES

__all__ = ["EngineSettings", "parse_size"]

SEVEN_DAYS_S = 7 * 24 * 3600
KEEP_DAYS = 7.0
MAX_SIZE = "2G"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from ``"2G"``, ``"500M"``, ``"1.5GB"``, ``"750k"`` or a plain number (powers of 1024); 0: no cap."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (try 2G, 500M or a number of bytes)")
    power = " kmgt".index(match.group(2).lower() or " ")
    return int(float(match.group(1)) * 1024**power)


def _env_days() -> float:
    return float(os.environ.get("NEMO_ENGINE_KEEP_DAYS") or KEEP_DAYS)


def _env_size() -> int:
    return parse_size(os.environ.get("NEMO_ENGINE_MAX_SIZE") or MAX_SIZE)


@dataclass
class EngineSettings:
    """Everything an engine can be tuned with.

    ``faults`` maps a fault name (see :mod:`nemo_widgets.local.faults`) to the
    number of upcoming matching requests it hits, e.g. ``{"429": 1}``. The
    dict is read live, so a test may arm a fault on a running engine with
    ``engine.settings.faults["1001"] = 1`` (or ``engine.inject("1001")``).
    """

    #: Where state, uploads and renders live. ``None``: a fresh temporary
    #: directory, removed when the engine that created it stops.
    data_dir: Path | str | None = None
    #: Credits granted to each new anonymous account.
    credits_per_token: int = 100
    #: Credits one applied edit costs (undo, taking a clip off the timeline and export are free).
    edit_cost: int = 1
    #: Share of edits that answer with no text at all. 0: every edit says what it did (the offline Studio speaks
    #: with one voice). The cloud does this to about 30 % of edits: tests of the client's fallback set it.
    silent_ratio: float = 0.0
    #: Share of text replies that speak of the web editor's GUI ("Click the Export button"). 0: never. The
    #: cloud's habit, kept for the tests of the client's GUI translation, which set it.
    gui_ratio: float = 0.0
    #: Seed of the engine's random choices (silent / GUI replies, when their shares are between 0 and 1);
    #: ``None``: random.
    seed: int | None = None
    #: Extra seconds every render takes (reported as progress).
    render_delay_s: float = 0.0
    #: Pause between streamed partial text chunks.
    chunk_delay_s: float = 0.02
    #: Extra seconds every chat step takes (heartbeats are sent meanwhile).
    step_delay_s: float = 0.0
    #: Interval of the ``: ping`` SSE comments while a step runs.
    heartbeat_s: float = 5.0
    #: Largest accepted upload, per file.
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    #: Longest hold of an export poll with ``?wait=S`` (the long poll the client
    #: uses when the poll answer names it); 0 turns the extension off.
    long_poll_max_s: float = 20.0
    #: Credits held (``frozen``) while a render runs and given back when it ends, however it ends
    #: (export is free; the cloud holds some while its GPU works). 0: none held.
    render_hold_credits: int = 0
    #: How many renders may run at once across sessions (one per session).
    max_parallel_renders: int = 2
    #: Lifetime of an anonymous token.
    token_ttl_s: int = SEVEN_DAYS_S
    #: Lifetime of a claim token.
    claim_ttl_s: int = 3600
    #: Length of an uploaded still image on the timeline.
    image_ms: int = 5000
    #: Path of the ffmpeg binary; ``None``: imageio-ffmpeg's, else the system's.
    ffmpeg: str | None = None
    #: Sessions, uploads and renders not used for this many days are removed (0: never).
    #: Default ``$NEMO_ENGINE_KEEP_DAYS``, else 7.
    keep_days: float = field(default_factory=_env_days)
    #: The data dir is kept under this many bytes, least recently used first (0: no cap).
    #: Default ``$NEMO_ENGINE_MAX_SIZE`` ("2G", "500M"), else 2 GiB.
    max_size_bytes: int = field(default_factory=_env_size)
    #: How often the retention sweep runs (it also runs at start and soon after an upload).
    retention_every_s: float = 600.0
    #: Armed faults: name -> how many upcoming matching requests it hits.
    faults: dict[str, int] = field(default_factory=dict)
