"""The embedded engines a batch's jobs render with: one per process, each in its own data folder.

A job with ``local_engine`` set talks to :func:`worker_engine` (started once
in whichever process runs the job: the driver's, a thread pool's, a Dask
worker's) and takes its results from that engine's folder by a kernel copy
(:func:`hand_over`) instead of through HTTP.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from nemo_widgets.core.factory import default_engine_dir, start_engine
from nemo_widgets.protocol.errors import NemoError

__all__ = [
    "WORKER_ENGINE_CREDITS",
    "file_key_for",
    "hand_over",
    "lend_files_to",
    "local_engine_folder",
    "stop_worker_engines",
    "worker_engine",
]

WORKER_ENGINE_CREDITS = 1_000_000
_ENGINES: dict[str, Any] = {}
_ENGINES_LOCK = threading.Lock()
#: The ``file_key`` of each engine this process started, by URL: jobs talking to one hand it sources by path.
_FILE_KEYS: dict[str, str] = {}


def worker_engine(folder: str, renders: int = 2) -> Any:
    """This process's embedded engine for local work (started once, stopped at exit).

    It runs up to ``renders`` renders at once (raised, never lowered, by each
    batch that uses it). Its replies to a batch come without the typing delay
    a person watching the Studio sees: the jobs ask for that (``PACE_HEADER``).

    Each process takes a ``slot-N`` sub-folder of ``folder`` under an exclusive
    lock, so engines on one machine never share a data folder, and a later
    run on the same machine finds its renders again.
    """
    with _ENGINES_LOCK:
        engine = _ENGINES.get(folder)
        if engine is None:
            # the embedded engine's credits model the cloud's; on the user's own machine a batch is not rationed
            engine = start_engine(_claim_slot(Path(folder)), credits_per_token=WORKER_ENGINE_CREDITS)
            _ENGINES[folder] = engine
            _FILE_KEYS[engine.url] = engine.file_key  # under the lock already held
        # read live by the engine's render worker: a bigger batch may run more renders at once
        engine.settings.max_parallel_renders = max(engine.settings.max_parallel_renders, renders)
        return engine


def lend_files_to(url: str, key: str) -> None:
    """Jobs of this process talking to the engine at ``url`` hand it their sources by path with ``key`` (only
    the process that started that engine has it)."""
    with _ENGINES_LOCK:
        _FILE_KEYS[url] = key


def file_key_for(url: str) -> str | None:
    """The key to hand files by path to the engine at ``url``, when this process started it; else None."""
    with _ENGINES_LOCK:
        return _FILE_KEYS.get(url)


def stop_worker_engines() -> None:
    """Stop this process's embedded engines now (a command line ending after Ctrl-C), not at interpreter exit."""
    with _ENGINES_LOCK:
        engines = list(_ENGINES.values())
        _ENGINES.clear()
    for engine in engines:
        with _ENGINES_LOCK:
            _FILE_KEYS.pop(engine.url, None)
        engine.stop()


_SLOT_LOCKS: list[Any] = []  # held open for the life of the process


def _claim_slot(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1024):
        handle = open(folder / f"slot-{n}.lock", "a+b")  # noqa: SIM115 - kept open: the lock is the handle
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        _SLOT_LOCKS.append(handle)
        return folder / f"slot-{n}"
    raise NemoError("No free engine folder on this worker.", next_step="Remove stale slot-N folders.")


def local_engine_folder(chosen: str | os.PathLike[str] | bool) -> str:
    """The folder for worker engines: the one given, else the default engine folder's ``batch-workers``."""
    if chosen is True:
        return str(default_engine_dir() / "batch-workers")
    if isinstance(chosen, bool):  # False: the caller runs no local engine, so there is no folder to name
        raise ValueError("local_engine=False has no engine folder")
    return str(Path(chosen).expanduser())


def hand_over(folder: str, renders: int, url: str, target: Path) -> Path | None:
    """The render of this process's own engine copied from its folder by the kernel (no bytes through HTTP
    and Python); None when that engine does not vouch for the URL (then it is downloaded as usual)."""
    source = worker_engine(folder, renders=renders).result_file(url)
    if source is None:
        return None
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
    return target
