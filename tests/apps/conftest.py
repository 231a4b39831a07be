"""Fixtures of the command-line tests: an engine on 127.0.0.1 standing in for the cloud."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    """An engine for ``--cloud`` runs (``NEMO_API_URL`` points at it): never silent, deterministic."""
    with start_in_background(EngineSettings(silent_ratio=0.0, seed=7, chunk_delay_s=0.0)) as running:
        yield running
