"""Voilà (the notebook as an app, code hidden): /voila/render/quickstart.ipynb runs it, then both flows."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from browser_kit import require
from live_jupyter import LiveJupyter
from studio_page import Shots, StudioPage, mp3_flow, silent_mp4_flow


def test_quickstart_in_voila(page: Any, jupyter: LiveJupyter, artifacts: Path) -> None:
    require(None if importlib.util.find_spec("voila") else "Voilà (pip install -e '.[browser]')", "this test needs")
    shots = Shots(page, artifacts)
    page.goto(f"{jupyter.url}/voila/render/quickstart.ipynb")
    studio = StudioPage(page, shots)
    studio.wait_ready()
    assert "import Studio" not in page.locator("body").inner_text()  # Voilà shows outputs, not code
    silent = silent_mp4_flow(studio)
    mp3 = mp3_flow(studio, after_silent_edit=True)
    (artifacts / "playback.json").write_text(json.dumps([asdict(silent), asdict(mp3)], indent=2), encoding="utf-8")
