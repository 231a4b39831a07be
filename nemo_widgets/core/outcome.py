"""What the session's actions hand back: :class:`ExportOutcome` (the exported file) and :data:`Handled`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nemo_widgets.core.result_check import ResultCheck
from nemo_widgets.core.streams import StreamReport, read_streams
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS
from nemo_widgets.protocol.models import Credits, Reply, SessionState

__all__ = ["ExportOutcome", "Handled"]


@dataclass(frozen=True)
class ExportOutcome:
    """An exported file on the kernel's disk, and what its streams were found to be.

    ``check`` compares the file's streams with the profile's promise (a silent
    MP4 has no audio stream; an MP3 has audio and no video): ``check.found``
    has the counts, ``check.ok`` the verdict (``None``: unreadable),
    ``check.problem`` the sentence shown and ``check.fix`` the instruction the
    one-click fix sends to the agent (:meth:`StudioSession.fix_result`).
    """

    path: Path
    format: str
    job_id: str
    url: str | None = None
    size: int = 0
    check: ResultCheck | None = None

    @property
    def as_promised(self) -> bool:
        """False only when the file was read and breaks the profile's promise."""
        return self.check is None or self.check.ok is not False

    def streams(self) -> StreamReport:
        """The file's video and audio streams, read now (``.has_video``, ``.has_audio``, ``.duration_s``)."""
        return read_streams(self.path)

    @property
    def media_type(self) -> str:
        """``"audio"`` for MP3/WAV/M4A results, else ``"video"``."""
        return "audio" if self.format in AUDIO_EXPORT_FORMATS else "video"

    @property
    def mime(self) -> str:
        return {"mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4"}.get(self.format, "video/mp4")


#: What :meth:`StudioSession.handle` returns: the export's file, the credits, the state, the agent's reply,
#: or None (nothing to do, or an error already shown as a status line).
Handled = ExportOutcome | Credits | SessionState | Reply | None
