"""What the session holds for the user's choice: :class:`HeldUpload`, a file that is already on the timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nemo_widgets.protocol.models import MediaInfo

__all__ = ["HeldUpload"]


@dataclass(frozen=True)
class HeldUpload:
    """A file the user uploaded while the same one is on the timeline, waiting for their choice.

    ``path`` or ``data`` is the file not yet uploaded; ``added`` is the copy already uploaded (from a link).
    """

    key: str
    name: str
    existing: MediaInfo
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)
    added: MediaInfo | None = None

    @property
    def question(self) -> str:
        """The sentence the user answers."""
        length = f", {self.existing.duration_s:.1f} s" if self.existing.duration_s is not None else ""
        if self.added is not None:
            return f"{self.name} was already on the timeline{length}: it is there twice now."
        return f"{self.name} is already on the timeline{length}. Upload it again?"
