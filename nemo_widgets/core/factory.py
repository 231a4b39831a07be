"""Ready-made sessions: on the cloud (settings from the environment) or on the embedded engine."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.session import StudioSession
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.schedule import AdaptiveSchedule
from nemo_widgets.protocol.settings import Profile, Settings

if TYPE_CHECKING:  # types only: the engine is imported when start_engine starts one
    from nemo_widgets.local.server import LocalEngine
    from nemo_widgets.local.settings import EngineSettings

__all__ = [
    "LOCAL_ENGINE_REFUSES",
    "LOCAL_POLLS",
    "default_engine_dir",
    "local_client_settings",
    "open_local_session",
    "open_session",
    "refuse_for_local_engine",
    "start_engine",
]

#: The embedded engine renders a short clip in well under a second: poll it soon and often
#: (the default schedule, made for 30-90 s cloud renders, waits 5 s before its first look).
LOCAL_POLLS = AdaptiveSchedule(first=0.2, min_gap=0.2, margin=0.1, fallback=0.5)


#: Client options that cannot apply to the embedded engine: its address is its own (a ``token=`` applies:
#: one the engine issued resumes that account).
LOCAL_ENGINE_REFUSES = ("base_url", "web_url", "settings")


def refuse_for_local_engine(where: str, options: Iterable[str]) -> None:
    """Raise :class:`TypeError` when ``options`` (their names; values are never shown) include one the
    embedded engine cannot take, instead of dropping it or sending requests elsewhere."""
    refused = sorted(name for name in set(options) if name in LOCAL_ENGINE_REFUSES)
    if refused:
        raise TypeError(
            f"{where}({', '.join(f'{name}=...' for name in refused)}): the embedded engine has its own address, "
            "so these cannot apply; leave them out, or use Studio() / open_session() for a server of your own."
        )


def default_engine_dir() -> Path:
    """Where ``Studio.local()`` keeps the engine's data: ``$NEMO_ENGINE_DIR`` or ``~/.cache/nemo-widgets/engine``.

    A folder that outlives the kernel, so a render running at a restart is
    finished by the next engine and shown by the next Studio.
    """
    explicit = os.environ.get("NEMO_ENGINE_DIR")
    return Path(explicit) if explicit else Path.home() / ".cache" / "nemo-widgets" / "engine"


def start_engine(data_dir: Path, settings: EngineSettings | None = None, **tuning: Any) -> LocalEngine:
    """Start the embedded engine in this process on ``data_dir`` (``settings``, else ``EngineSettings(**tuning)``).

    The one place the lower floors reach the engine: it is imported here, when
    one is started, so ``protocol`` and ``core`` load without the ``[local]`` extra.
    """
    from nemo_widgets.local.server import start_in_background
    from nemo_widgets.local.settings import EngineSettings

    return start_in_background(settings if settings is not None else EngineSettings(**tuning), data_dir=data_dir)


def local_client_settings(engine_url: str, profile: str | Profile | None = None) -> Settings:
    """Client settings for an embedded engine: the cloud's token and URLs stay with the cloud.

    The engine issues its own anonymous tokens; ``NEMO_TOKEN``, ``NEMO_API_URL``
    and ``NEMO_WEB_URL`` from the environment are not used for it.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("NEMO_TOKEN", "NEMO_API_URL", "NEMO_WEB_URL")}
    return Settings.from_env(env=env, api_url=engine_url, web_url=engine_url, profile=profile)


def open_session(
    *,
    profile: str | Profile | None = None,
    output_dir: str | os.PathLike[str] = "nemo_exports",
    book: JobBook | None = None,
    book_key: str | None = None,
    **client_options: Any,
) -> StudioSession:
    """A session controller over a new :class:`AsyncNemoClient` (no request is made yet)."""
    client = AsyncNemoClient(profile=profile, **client_options)
    return StudioSession(client, output_dir=output_dir, book=book, book_key=book_key)


def open_local_session(
    *,
    profile: str | Profile | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    engine_settings: EngineSettings | None = None,
    output_dir: str | os.PathLike[str] = "nemo_exports",
    book: JobBook | None = None,
    **client_options: Any,
) -> tuple[StudioSession, LocalEngine]:
    """Start the embedded engine in this process and return (session, engine).

    ``client_options`` are :class:`AsyncNemoClient`'s, less the ones the engine cannot take
    (:data:`LOCAL_ENGINE_REFUSES`: a :class:`TypeError`, raised before the engine starts).
    """
    refuse_for_local_engine("open_local_session", client_options)
    folder = Path(data_dir) if data_dir is not None else default_engine_dir()
    folder.mkdir(parents=True, exist_ok=True)
    engine = start_engine(folder, engine_settings)
    client_options.setdefault("poll_schedule", LOCAL_POLLS)
    try:
        session = open_session(
            profile=profile,
            output_dir=output_dir,
            book=book,
            book_key=f"local:{folder.resolve()}",
            settings=local_client_settings(engine.url, profile),
            **client_options,
        )
    except BaseException:  # e.g. an option AsyncNemoClient does not know: no engine is left running
        engine.stop()
        raise
    return session, engine
