"""Media: :class:`MediaFlow`, the part of the session that uploads, holds a duplicate for the user's choice and
takes a clip off the timeline.

A file that is already on the timeline (the same name and size) is not uploaded again without asking: it is
*held* (:class:`HeldUpload`, a ``duplicate`` event) until the user adds it again (:meth:`MediaFlow.add_held`)
or lets it go (:meth:`MediaFlow.drop_held`). A link's file is known only once fetched: a duplicate from a link
is held after the fact, and letting it go takes the new copy off the timeline.

Taking a clip off the timeline is a timeline edit, so it is said to the agent (protocol.md documents no other
way to change the cloud's draft: its agent owns the draft; the local engine reads the same sentence): the edit
is then one undo step like any other, on either back end.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from nemo_widgets.core.chat_flow import ChatFlow
from nemo_widgets.core.held import HeldUpload
from nemo_widgets.core.session_base import UploadSource
from nemo_widgets.protocol.draft import Draft
from nemo_widgets.protocol.models import MediaInfo, Reply

__all__ = ["DuplicateChoice", "HeldUpload", "MediaFlow", "on_timeline", "removal_instruction"]

#: What :meth:`MediaFlow.upload` does with a file already on the timeline: hold it and ask, add it, skip it.
DuplicateChoice = Literal["ask", "add", "skip"]
_KEYS = itertools.count(1)


def on_timeline(draft: Draft | None, media: Sequence[MediaInfo]) -> set[str]:
    """The ids of ``media`` that some segment of ``draft`` plays. A draft whose segments name no source (a
    server that does not write ``m.src``) tells nothing: then every medium counts as on the timeline."""
    if draft is None:
        return set()
    sources = {seg.src for track in draft.tracks for seg in track.segments if seg.src}
    if not sources and draft.ready_for_export:
        return {m.id for m in media if m.id}
    return {m.id for m in media if m.id and m.id in sources}


def removal_instruction(media: MediaInfo) -> str:
    """What the agent is told to take ``media`` off the timeline: its name, and its id for a name used twice."""
    return f'Remove the clip "{media.name or "file"}" (media {media.id}) from the timeline.'


class MediaFlow(ChatFlow):
    """Upload (disk, bytes, link), a duplicate held for the user's choice, a clip taken off the timeline."""

    def on_timeline_ids(self) -> set[str]:
        return on_timeline(self.state.draft if self.state else None, self.media)

    def duplicate_of(self, name: str, size: int | None) -> MediaInfo | None:
        """The medium on the timeline that ``name`` (of ``size`` bytes, when known) uploads again, if any."""
        playing = self.on_timeline_ids()
        for media in self.media:
            same_size = size is None or media.size is None or media.size == size
            if media.id in playing and media.name == name and same_size:
                return media
        return None

    def _hold(
        self, name: str, existing: MediaInfo, path: Path | None, data: bytes | None, added: MediaInfo | None = None
    ) -> HeldUpload:
        held = HeldUpload(f"held-{next(_KEYS)}", name, existing, path, data, added)
        self.held[held.key] = held
        self.events.emit("duplicate", held)
        self.status(held.question, "warn", "Choose in the upload panel: add it again, or leave it out.")
        return held

    # -- upload --------------------------------------------------------------
    async def upload(
        self, sources: Sequence[UploadSource] | UploadSource, *, if_duplicate: DuplicateChoice = "ask"
    ) -> tuple[MediaInfo, ...]:
        """Upload local files (streamed from disk) and show their progress, then the new state.

        A file already on the timeline is held for the user's choice (``"ask"``), uploaded again (``"add"``)
        or left out (``"skip"``).
        """
        await self.ensure_connected()
        paths = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
        added: list[MediaInfo] = []
        for path in paths:
            name = Path(path).name
            if self._held_back(name, _size_of(path), if_duplicate, Path(path), None):
                continue
            self.status(f"Uploading {name}...", "busy")
            with self.progress_events("upload_progress", name) as progress:
                result = await self.client.upload(path, progress=progress)
            added.extend(_media_list(result))
        return await self._after_upload(added) if added else ()

    async def upload_bytes(
        self, data: bytes, filename: str, *, if_duplicate: DuplicateChoice = "ask"
    ) -> tuple[MediaInfo, ...]:
        """Upload in-memory bytes (a browser FileUpload)."""
        await self.ensure_connected()
        if self._held_back(filename, len(data), if_duplicate, None, data):
            return ()
        self.status(f"Uploading {filename}...", "busy")
        with self.progress_events("upload_progress", filename) as progress:
            result = await self.client.upload_bytes(data, filename, progress=progress)
        return await self._after_upload(_media_list(result))

    async def upload_url(self, url: str) -> tuple[MediaInfo, ...]:
        """Ask the API to fetch a file from a URL (a duplicate is found once it is here: see the module)."""
        await self.ensure_connected()
        before = {m.id for m in self.media}
        playing = self.on_timeline_ids()
        earlier = [m for m in self.media if m.id in playing]
        self.status("Fetching the file from the link...", "busy")
        result = await self.client.upload_url(url)
        added = await self._after_upload(_media_list(result))
        for media in added:
            twin = next((m for m in earlier if m.name == media.name and m.size == media.size), None)
            if twin is not None and media.id not in before:
                self._hold(media.name or "The file", twin, None, None, media)
        return added

    def _held_back(
        self, name: str, size: int | None, choice: DuplicateChoice, path: Path | None, data: bytes | None
    ) -> bool:
        """Whether a duplicate is kept from uploading (held for the user, or skipped as asked)."""
        existing = None if choice == "add" else self.duplicate_of(name, size)
        if existing is None:
            return False
        if choice == "skip":
            self.status(f"{name} is already on the timeline: left out.", "info")
        else:
            self._hold(name, existing, path, data)
        return True

    async def _after_upload(self, added: list[MediaInfo]) -> tuple[MediaInfo, ...]:
        await self.refresh()
        names = ", ".join(m.name or "file" for m in added) or "the file"
        self.status(f"Uploaded {names}. Tell me what to do with it.", "ok")
        return tuple(added)

    # -- the user's choice about a duplicate -----------------------------------
    async def add_held(self, key: str) -> tuple[MediaInfo, ...]:
        """Upload the held duplicate after all (for one from a link: keep both copies)."""
        held = self.held.pop(key, None)
        if held is None:
            return ()
        self.events.emit("duplicate_resolved", key)
        if held.added is not None:
            self.status(f"Kept both copies of {held.name} on the timeline.", "ok")
            return (held.added,)
        if held.data is not None:
            return await self.upload_bytes(held.data, held.name, if_duplicate="add")
        return await self.upload([held.path or held.name], if_duplicate="add")

    async def drop_held(self, key: str) -> Reply | None:
        """Leave the held duplicate out (for one from a link: take the new copy off the timeline)."""
        held = self.held.pop(key, None)
        if held is None:
            return None
        self.events.emit("duplicate_resolved", key)
        if held.added is not None and held.added.id:
            return await self.remove_media(held.added.id)
        self.status(f"{held.name} was not uploaded again.", "info")
        return None

    # -- off the timeline ------------------------------------------------------
    async def remove_media(self, media_id: str) -> Reply | None:
        """Take an uploaded clip off the timeline: an edit the agent makes (one undo step, like any edit)."""
        await self.ensure_connected()
        media = next((m for m in self.media if m.id == media_id), None)
        if media is None:
            self.status("That file is no longer in this session.", "info")
            return None
        if media_id not in self.on_timeline_ids():
            self.status(f"{media.name or 'That file'} is not on the timeline.", "info")
            return None
        return await self.ask(removal_instruction(media), shown=f"Remove {media.name or 'this clip'} from the timeline")


def _size_of(path: UploadSource) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None  # the upload says what is wrong with the path


def _media_list(result: object) -> list[MediaInfo]:
    if isinstance(result, MediaInfo):
        return [result]
    if isinstance(result, (list, tuple)):
        return [m for m in result if isinstance(m, MediaInfo)]
    media = getattr(result, "media", None)
    return list(media) if media else []
