"""Fixtures of the engine's HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from nemo_widgets.local import LocalEngine
from nemo_widgets.protocol.client import NemoClient


@pytest.fixture
def client(engine: LocalEngine, clip10: Path) -> Iterator[NemoClient]:
    """The toolkit's client on a fresh session holding the 10 s clip."""
    with NemoClient(base_url=engine.url, web_url=engine.url) as made:
        made.new_session()
        made.upload(clip10)
        yield made
