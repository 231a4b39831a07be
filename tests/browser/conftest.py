"""Fixtures of the browser tests: Debian's Chromium through Playwright, a sealed Jupyter server, screenshots.

Outside CI the tests skip (saying why) when Playwright, Chromium or
JupyterLab is missing; with ``CI`` set they fail instead, so a CI machine
that lost its browser cannot pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # live_jupyter, studio_page

from browser_kit import CHROMIUM, CHROMIUM_FLAGS, missing_tools, require
from live_jupyter import REPO, LiveJupyter

VIEWPORT = {"width": 1400, "height": 2200}  # the notebook scrolls inside a viewport-sized panel: be tall
ARTIFACTS = REPO / "test-artifacts" / "browser"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a real Chromium and a Jupyter server: not the quick loop


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium (Debian's, never Playwright's download), headless, its HOME in a temporary folder."""
    missing = missing_tools()
    require(", ".join(missing) or None, "browser tests need")
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
            env={**os.environ, "HOME": str(home)},
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """``test-artifacts/browser/<test>/``, emptied first (CI keeps the folder)."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def jupyter(tmp_path: Path, artifacts: Path) -> Iterator[LiveJupyter]:
    """A Jupyter server for one test; it stops (with its kernels) when the test ends, and leaves its log."""
    server = LiveJupyter(tmp_path / "jupyter")
    try:
        yield server.start()
    finally:
        server.stop()
        if server.log_path.exists():
            shutil.copy2(server.log_path, artifacts / "jupyter.log")


@pytest.fixture
def page(browser: Any, jupyter: LiveJupyter, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A tall page; its console goes to ``console.log``, and a failing test leaves ``failure-N.png``.

    It asks for ``jupyter`` so that the server outlives the page (the failure screenshot shows the live page).
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=False)
    context.set_default_timeout(60_000)
    new_page = context.new_page()
    console: list[str] = []
    context.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    context.on("weberror", lambda err: console.append(f"[pageerror] {err.error}"))
    context.on("requestfailed", lambda req: console.append(f"[requestfailed] {req.url} {req.failure}"))
    try:
        yield new_page
    finally:
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            for number, open_page in enumerate(context.pages):
                try:
                    open_page.screenshot(path=str(artifacts / f"failure-{number}.png"))
                except Exception:  # noqa: BLE001 - a screenshot of a dead page is not worth a second error
                    pass
        (artifacts / "console.log").write_text("\n".join(console), encoding="utf-8")
        context.close()
