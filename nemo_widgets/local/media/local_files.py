"""Files on this machine handed to the engine by path: the engine copies them itself, no bytes through HTTP.

Only the process that started the engine may do it: it holds the engine's
``file_key`` (a random secret made at start, kept in memory, never written or
logged), and an upload naming paths without that key in
:data:`~nemo_widgets.protocol.constants.LOCAL_FILES_HEADER` is refused. Even
then the engine takes only what an upload could have carried: an absolute
path, symlinks resolved, opened without following a link swapped in since,
a regular file (not a folder, a device, a pipe or a socket), within the size
limit, of an accepted type by name and by its first bytes. The copy is the
engine's own (a reflink where the disk has them, else the kernel's
``copy_file_range``), so changing or deleting the source later changes
nothing the engine holds.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from nemo_widgets.local.media.sniff import SNIFF_BYTES
from nemo_widgets.local.media.uploads import ReceivedFile, UploadRejected, display_name, new_file, too_large
from nemo_widgets.local.state.db import DISK_FULL, is_disk_full

__all__ = ["REFUSED", "key_matches", "receive_local"]

#: The answer to a request naming paths without the engine's key (status 403).
REFUSED = (
    "Files on this machine can only be handed to the engine by the program that started it. Upload the file instead."
)
_CHUNK = 1 << 20
_FICLONE = 0x40049409  # linux/fs.h: share the source's blocks (btrfs, XFS); copy-on-write from then on
#: O_NOFOLLOW: a link put in place of the resolved file since is refused; O_NONBLOCK: a pipe never hangs.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def key_matches(given: str | None, key: str) -> bool:
    """Whether a request carries the engine's key (compared in constant time)."""
    return given is not None and secrets.compare_digest(given.encode(), key.encode())


def receive_local(paths: Any, dest_dir: Path, limit: int) -> list[ReceivedFile]:
    """Copy each path into ``dest_dir`` with an upload's checks; every copy is removed on any refusal."""
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise UploadRejected(400, 'JSON local uploads need {"local_files": ["/absolute/path.mp4", ...]}.')
    files: list[ReceivedFile] = []
    try:
        for raw in paths:
            files.append(_take(raw, dest_dir, limit))
    except BaseException as exc:
        for received in files:
            received.path.unlink(missing_ok=True)
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise UploadRejected(507, DISK_FULL) from None
        raise
    return files


def _take(raw: str, dest_dir: Path, limit: int) -> ReceivedFile:
    name = display_name(raw)
    source = _open_regular(raw, name)
    received: ReceivedFile | None = None
    try:
        size = os.fstat(source).st_size
        if size > limit:
            raise too_large(limit)
        received, handle = new_file(name, dest_dir)
        with handle:
            _copy(source, handle.fileno(), size)
            received.size = os.fstat(handle.fileno()).st_size  # what was copied (a source may shrink meanwhile)
        received.head += os.pread(source, SNIFF_BYTES, 0)
        received.check_type()
        return received
    except BaseException:
        if received is not None:
            received.path.unlink(missing_ok=True)
        raise
    finally:
        os.close(source)


def _open_regular(raw: str, name: str) -> int:
    """The file behind ``raw`` opened for reading: absolute, links resolved, a regular file; else a sentence."""
    if "\x00" in raw or not os.path.isabs(raw):
        raise UploadRejected(400, f"'{name}' is not an absolute path on this machine.")
    resolved = os.path.realpath(raw)
    try:
        handle = os.open(resolved, _OPEN_FLAGS)
    except FileNotFoundError:
        raise UploadRejected(400, f"'{name}' was not found on this machine.") from None
    except PermissionError:
        raise UploadRejected(400, f"'{name}' cannot be read: permission denied.") from None
    except OSError as exc:
        raise UploadRejected(400, f"'{name}' could not be opened ({os.strerror(exc.errno or errno.EIO)}).") from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise UploadRejected(400, f"'{name}' is not a regular file (a folder, a device or a pipe): only files can be "
                                  "handed over.")  # fmt: skip
    return handle


def _copy(source: int, target: int, size: int) -> None:
    """``size`` bytes of ``source`` into the empty ``target``: a reflink, else the kernel's copy, else a read loop."""
    with contextlib.suppress(OSError, ImportError):
        import fcntl  # POSIX only: elsewhere the read loop below does it

        fcntl.ioctl(target, _FICLONE, source)
        os.ftruncate(target, size)  # a source that grew since its size was read: the size checked is kept
        return
    done = 0
    with contextlib.suppress(OSError, AttributeError):  # another file system, an old kernel, not Linux: read
        while done < size:
            sent = os.copy_file_range(source, target, size - done, done, done)
            if sent == 0:
                return  # the source shrank: what is there was copied (the type check and the probe judge it)
            done += sent
    while done < size:
        chunk = os.pread(source, min(_CHUNK, size - done), done)
        if not chunk:
            return
        done += os.pwrite(target, chunk, done)
