"""What the browser tests need, and the one rule for when it is missing: skip outside CI, fail under CI.

Imported by the folder's conftest and by the tests that start a browser of their own.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

CHROMIUM = os.environ.get("NEMO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing_tools() -> list[str]:
    """What the browser tests need and this machine lacks, in words."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -e '.[browser]')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if importlib.util.find_spec("jupyterlab") is None:
        missing.append("JupyterLab (pip install -e '.[browser]')")
    return missing


def require(what: str | None, why: str) -> None:
    """Skip outside CI, fail under CI."""
    if what is None:
        return
    message = f"{why}: {what}"
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set, so the browser tests must run, but {message}", pytrace=False)
    pytest.skip(message)
