"""Widget tests: ipywidgets' dummy comm (no front end), an isolated folder, Studios on a local engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from nemo_widgets.protocol.schedule import FixedSchedule
from widget_kit import CountingTransport

if TYPE_CHECKING:
    from nemo_widgets.widgets._runner import Mode

#: Renders on the local engine take a fraction of a second: poll often (the default waits 5 s first).
FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)


@pytest.fixture(autouse=True)
def _dummy_comm() -> Iterator[None]:
    """ipywidgets' own test comm: state is serialised and "sent" to a list, as if a front end listened."""
    try:
        from ipywidgets.widgets.tests.utils import setup_test_comm, teardown_test_comm
    except ImportError:  # a wheel without its tests: widgets still work without a kernel
        yield
        return
    setup_test_comm()
    yield
    teardown_test_comm()


@pytest.fixture(autouse=True)
def _isolated(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def make_studio(engine: Any, isolated: Path) -> Iterator[Callable[..., Any]]:
    """``make_studio(mode, engine=..., **Studio options)``: a Studio on a local engine whose requests are counted.

    ``studio.http`` is the :class:`CountingTransport`; ``client_options`` go to the client
    (e.g. ``token=...``); every Studio made is closed at the end (the engine is the fixture's).
    """
    from nemo_widgets.core.factory import open_session
    from nemo_widgets.widgets.studio import Studio

    made: list[Any] = []

    def make(mode: Mode = "foreground", *, on: Any = None, profile: str | None = None,
             client_options: dict[str, Any] | None = None, **options: Any) -> Any:  # fmt: skip
        running = on or engine
        transport = CountingTransport()
        session = open_session(
            profile=profile, output_dir=isolated / "nemo_exports", base_url=running.url, web_url=running.url,
            transport=transport, poll_schedule=FAST_POLLS, **(client_options or {}),
        )  # fmt: skip
        studio = Studio(session, mode=mode, **options)
        studio.http = transport
        made.append(studio)
        return studio

    yield make
    for studio in made:
        studio.close()
