"""Ready-made sessions: on the cloud (settings from the environment) or on the embedded engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.session import StudioSession
from nemo_widgets.protocol.schedule import AdaptiveSchedule

if TYPE_CHECKING:  # types only: the engine is imported when open_local_session starts one
    from nemo_widgets.local.server import LocalEngine
    from nemo_widgets.local.settings import EngineSettings
    from nemo_widgets.protocol.settings import Profile, Settings

__all__ = ["LOCAL_POLLS", "default_engine_dir", "local_client_settings", "open_local_session", "open_session"]

#: The embedded engine renders a short clip in well under a second: poll it soon and often
#: (the default schedule, made for 30-90 s cloud renders, waits 5 s before its first look).
LOCAL_POLLS = AdaptiveSchedule(first=0.2, min_gap=0.2, margin=0.1, fallback=0.5)


def default_engine_dir() -> Path:
    """Where ``Studio.local()`` keeps the engine's data: ``$NEMO_ENGINE_DIR`` or ``~/.cache/nemo-widgets/engine``.

    A folder that outlives the kernel, so a render running at a restart is
    finished by the next engine and shown by the next Studio.
    """
    explicit = os.environ.get("NEMO_ENGINE_DIR")
    return Path(explicit) if explicit else Path.home() / ".cache" / "nemo-widgets" / "engine"


def local_client_settings(engine_url: str, profile: str | Profile | None = None) -> Settings:
    """Client settings for an embedded engine: the cloud's token and URLs stay with the cloud.

    The engine issues its own anonymous tokens; ``NEMO_TOKEN``, ``NEMO_API_URL``
    and ``NEMO_WEB_URL`` from the environment are not used for it.
    """
    from nemo_widgets.protocol.settings import Settings

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
    from nemo_widgets.protocol.async_client import AsyncNemoClient

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
    """Start the embedded engine in this process and return (session, engine)."""
    from nemo_widgets.local.server import start_in_background

    folder = Path(data_dir) if data_dir is not None else default_engine_dir()
    folder.mkdir(parents=True, exist_ok=True)
    engine = start_in_background(engine_settings, data_dir=folder)
    settings = local_client_settings(engine.url, profile)
    client_options.setdefault("poll_schedule", LOCAL_POLLS)
    session = open_session(
        profile=profile,
        output_dir=output_dir,
        book=book,
        book_key=f"local:{folder.resolve()}",
        settings=settings,
        **client_options,
    )
    return session, engine
