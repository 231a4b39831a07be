"""Notebook 7: from the /tree file browser to the notebook (it opens in a new tab), Run All, then both flows."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from live_jupyter import LiveJupyter
from studio_page import STDERR, Shots, StudioPage, mp3_flow, silent_mp4_flow

# The execution indicator reads "idle" once before any kernel exists ("No Kernel"): wait for the
# kernel's name in the toolbar too, which appears when the session has its kernel.
KERNEL_IDLE = """() => {
    const name = document.querySelector("[data-jp-item-name=kernelName]");
    const status = document.querySelector(".jp-Notebook-ExecutionIndicator");
    return Boolean(name && name.textContent.includes("(ipykernel)") && status && status.dataset.status === "idle");
}"""


def open_from_tree_and_run_all(page: Any, jupyter: LiveJupyter, name: str, shots: Shots) -> Any:
    """Double-click ``name`` in /tree, follow the new tab, wait for the kernel to be idle, Run → Run All Cells."""
    page.goto(f"{jupyter.url}/tree")
    entry = page.locator(".jp-DirListing-item", has_text=name)
    entry.wait_for()
    shots("tree")
    with page.context.expect_page() as opened:
        entry.dblclick()
    notebook = opened.value
    notebook.set_default_timeout(60_000)
    notebook.wait_for_function(KERNEL_IDLE, timeout=90_000)
    notebook.get_by_role("menuitem", name="Run", exact=True).click()
    notebook.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    notebook.locator(".jp-InputArea-prompt", has_text="[1]").first.wait_for(timeout=90_000)
    return notebook


def test_quickstart_in_notebook7(page: Any, jupyter: LiveJupyter, artifacts: Path) -> None:
    tree_shots = Shots(page, artifacts)
    notebook = open_from_tree_and_run_all(page, jupyter, "quickstart.ipynb", tree_shots)
    assert "/notebooks/quickstart.ipynb" in notebook.url, notebook.url
    shots = Shots(notebook, artifacts)
    shots.taken = list(tree_shots.taken)  # one numbering for the whole flow
    studio = StudioPage(notebook, shots)
    silent = silent_mp4_flow(studio)
    mp3 = mp3_flow(studio, after_silent_edit=True)
    stderr = notebook.locator(STDERR)
    assert not stderr.count(), stderr.first.inner_text()
    (artifacts / "playback.json").write_text(json.dumps([asdict(silent), asdict(mp3)], indent=2), encoding="utf-8")
