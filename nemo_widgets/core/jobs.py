"""A small book of the render in flight, kept next to the notebook.

After a kernel restart a new Studio reads it to resume polling the render
that was running and to show its result. It never holds a token: the token
is re-acquired from the client id (or comes from ``NEMO_TOKEN``), and the
render belongs to that identity.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nemo_widgets.protocol.constants import DEFAULT_VIDEO_QUALITY

__all__ = ["JobBook", "PendingRender", "default_book_path"]

BOOK_NAME = ".nemo_widgets.json"


def default_book_path() -> Path:
    """``./.nemo_widgets.json``: the kernel's working folder is the notebook's folder."""
    return Path.cwd() / BOOK_NAME


@dataclass(frozen=True)
class PendingRender:
    """A render submitted but not yet downloaded."""

    job_id: str
    session_id: str
    format: str
    quality: str
    submitted_at: float


class JobBook:
    """The render in flight per API (URL or local engine folder), as JSON on disk (0600)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_book_path()

    # -- renders -----------------------------------------------------------
    def pending(self, api_url: str) -> PendingRender | None:
        entry = self._read().get("renders", {}).get(api_url)
        if not isinstance(entry, dict):
            return None
        try:
            return PendingRender(
                job_id=str(entry["job_id"]),
                session_id=str(entry["session_id"]),
                format=str(entry.get("format", "mp4")),
                quality=str(entry.get("quality", DEFAULT_VIDEO_QUALITY)),
                submitted_at=float(entry.get("submitted_at", time.time())),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def remember_render(self, api_url: str, render: PendingRender) -> None:
        data = self._read()
        data.setdefault("renders", {})[api_url] = asdict(render)
        self._write(data)

    def forget_render(self, api_url: str, job_id: str | None = None) -> None:
        data = self._read()
        renders = data.get("renders", {})
        entry = renders.get(api_url)
        if entry is not None and (job_id is None or entry.get("job_id") == job_id):
            renders.pop(api_url, None)
            self._write(data)

    # -- file --------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".nemo_book", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except OSError:
            # a read-only folder must not break an export; resuming is a convenience
            pass
