"""What the Studio says for each skill profile: its title, its greeting and the "try saying" lines.

The words are the skills' own ("Getting Started" in each skill document), kept here, on the floor that
shows them; :mod:`nemo_widgets.protocol.settings` keeps only what a client sends and defaults to.
"""

from __future__ import annotations

from dataclasses import dataclass

from nemo_widgets.protocol.settings import Profile

__all__ = ["PROFILE_TEXT", "ProfileText", "profile_text"]


@dataclass(frozen=True)
class ProfileText:
    """The Studio's words for one profile."""

    #: The header and the *Skill* dropdown's label.
    title: str
    #: The line under the header.
    greeting: str
    #: The suggestion buttons under the instruction box, before the agent offers its own.
    try_saying: tuple[str, ...]


#: By profile name (a key of :data:`~nemo_widgets.protocol.settings.PROFILES`).
PROFILE_TEXT: dict[str, ProfileText] = {
    "video-audio-remover": ProfileText(
        title="Video Audio Remover — Remove Audio and Export Silent Videos",
        greeting="Share your video clips and I'll get started on AI audio removal. "
        "Or just tell me what you're thinking.",
        try_saying=("strip my video clips", "export 1080p MP4", "remove all audio from this video"),
    ),
    "video-to-mp3": ProfileText(
        title="Video to MP3 — Extract Audio from Any Video",
        greeting="Share your video files and I'll get started on audio extraction. "
        "Or just tell me what you're thinking.",
        try_saying=("convert my video files", "export audio only MP3", "extract the audio from this video"),
    ),
}


def profile_text(profile: Profile | str) -> ProfileText:
    """The words for ``profile``; a profile of your own (not in the table) is titled by its name, with no
    greeting and no suggestions."""
    name = profile if isinstance(profile, str) else profile.name
    return PROFILE_TEXT.get(name) or ProfileText(title=name, greeting="", try_saying=())
