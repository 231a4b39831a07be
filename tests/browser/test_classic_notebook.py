"""Classic Notebook 6.5 + ipywidgets 7.7.1 (widgetsnbextension 3.6): the ipywidgets-7 front end, as Colab pins it.

The server runs from the Colab-pinned venv (``NEMO_CLASSIC_PYTHON``, set by
``.ci/run``'s classic phase); Playwright and the tests run from this venv.
Chromium shows its scrollbars here (``--hide-scrollbars`` dropped), and the
layout is asserted: nothing scrolls sideways, the uploaded-files table's
cells stand apart. Then the quickstart's silent-MP4 flow (with the download
link the notebook server serves), and the chunked uploader through the real
file dialog with a file bigger than any one websocket message may be.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_kit import CHROMIUM, CHROMIUM_FLAGS, require
from layout_checks import cell_gaps, overflows
from studio_page import Shots, StudioPage, silent_mp4_flow
from test_uploader import MB, refused_before_sending, wait_until
from upload_flow import (
    Sealed,
    SentBytes,
    UploaderPage,
    engine_copies,
    make_padded_clip,
    running,
    sha256,
    temp_leftovers,
)

CLASSIC_PYTHON = os.environ.get("NEMO_CLASSIC_PYTHON", "")
STDERR = ".output_stderr"
KERNEL_IDLE = """() => Boolean(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
    && Jupyter.notebook.kernel.is_connected() && document.querySelector("#kernel_indicator_icon.kernel_idle_icon"))"""

pytestmark = pytest.mark.skipif(
    not CLASSIC_PYTHON, reason="set NEMO_CLASSIC_PYTHON to a Python with notebook 6.5 + ipywidgets 7 (.ci/run does)"
)


class ClassicNotebook(Sealed):
    """``jupyter notebook`` (classic 6.5) from the Colab-pinned venv, sealed like the JupyterLab server."""

    def command(self) -> list[str]:
        cmd = [
            self.python, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
            "--port-retries=0", "--NotebookApp.token=", "--NotebookApp.password=", f"--notebook-dir={self.root}",
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd


def _versions(python: str) -> dict[str, str]:
    code = ("import importlib.metadata as m, json; print(json.dumps({n: m.version(n) for n in "
            "('notebook', 'ipywidgets', 'widgetsnbextension', 'anywidget', 'ipykernel')}))")  # fmt: skip
    import json

    return dict(json.loads(subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium as a person sees it: scrollbars drawn (Playwright passes ``--hide-scrollbars`` by default)."""
    from browser_kit import missing_tools

    require(", ".join(missing_tools()) or None, "browser tests need")
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
            ignore_default_args=["--hide-scrollbars"],
            env={**os.environ, "HOME": str(home)},
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def jupyter(tmp_path: Path, artifacts: Path) -> Iterator[ClassicNotebook]:
    versions = _versions(CLASSIC_PYTHON)
    assert versions["notebook"].startswith("6.5") and versions["ipywidgets"] == "7.7.1", versions
    assert versions["widgetsnbextension"].startswith("3.6"), versions
    (artifacts / "versions.txt").write_text(f"{versions}\n", encoding="utf-8")
    with running(ClassicNotebook(tmp_path / "jupyter", python=CLASSIC_PYTHON), artifacts) as server:
        yield server


#: widgetsnbextension 3.6 asks the kernel which widgets it already has when the page connects (first through a
#: "jupyter.widget.control" comm that ipywidgets 7 lacks, then comm by comm). Its console says when the first way
#: failed and the second starts; a flag set from that line tells the test when the page's question has been asked.
MARK_WIDGET_FETCH = """(() => { const warn = console.warn.bind(console);
    console.warn = (...args) => { if (String(args[0]).includes('"jupyter.widget.control"')) window.__nemoAsked = true;
                                  return warn(...args); }; })()"""
#: One round trip of the same question: shell requests are answered in order, so when it returns, the page's own
#: question has been answered too (before any cell ran: no widget existed yet).
WIDGET_FETCH_ANSWERED = (
    """() => new Promise(done => Jupyter.notebook.kernel.comm_info("jupyter.widget", () => done(true)))"""
)
#: Counts the comms the page builds itself for widgets (``register_comm``: the kernel's own comm_open messages
#: never call it, and the Studio opens none from the page): each is a second comm for a widget the kernel made.
COUNT_SECOND_COMMS = """() => { const manager = Jupyter.notebook.kernel.comm_manager, register = manager.register_comm;
    window.__nemoSecondComms = 0;
    manager.register_comm = function (comm) { window.__nemoSecondComms += 1; return register.call(this, comm); }; }"""


def open_and_run_all(page: Any, server: ClassicNotebook, path: str) -> None:
    """Open the notebook and run all its cells once the page has asked the kernel for its existing widgets.

    Run All sent before that question (a test, or a quick person, right after the kernel says idle) puts the
    cell ahead of it: the answer then lists the new widgets, some of whose comm_open messages are still on
    their way (iopub and shell are separate channels), and widgetsnbextension 3.6 makes a second model and
    comm for each of those. The views keep the first model, the kernel's updates reach the second: a line
    stays "No timeline yet", a chosen file is never named (1 run in 11 here, on a loaded machine)."""
    page.add_init_script(MARK_WIDGET_FETCH)
    page.goto(f"{server.url}/notebooks/{path}")
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.evaluate(COUNT_SECOND_COMMS)
    page.wait_for_function("() => window.__nemoAsked === true", timeout=90_000)
    page.evaluate(WIDGET_FETCH_ANSWERED)
    page.evaluate("Jupyter.notebook.execute_all_cells()")
    page.locator(".input_prompt", has_text="[1]").first.wait_for(timeout=90_000)


def assert_one_comm_per_widget(page: Any) -> None:
    """No widget got a second model and comm from the page (measured without the wait: 157 of them, in 1 run
    of 3 here; a view then keeps the model the kernel no longer updates)."""
    assert page.evaluate("() => window.__nemoSecondComms") == 0, "the page built second comms for widgets"


def assert_layout(studio: StudioPage) -> None:
    problems = overflows(studio.root)
    (studio.shots.folder / "layout.txt").write_text("\n".join(problems) or "no overflow", encoding="utf-8")
    assert not problems, problems
    gaps = cell_gaps(studio.root.locator(".nemo-media"))
    assert gaps and min(gaps) >= 8, f"table cells touch: gaps {gaps} px"


def test_nbextensions_are_enabled() -> None:
    listed = subprocess.run([str(Path(CLASSIC_PYTHON).parent / "jupyter"), "nbextension", "list"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    text = listed.stdout + listed.stderr
    for extension in ("jupyter-js-widgets/extension", "anywidget/extension"):
        line = next((x for x in text.splitlines() if extension in x), "")
        assert "enabled" in line, f"{extension} is not enabled:\n{text}"


def test_quickstart_in_classic_notebook(page: Any, jupyter: ClassicNotebook, artifacts: Path) -> None:
    shots = Shots(page, artifacts)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    studio.wait_ready()
    assert_one_comm_per_widget(page)
    report = silent_mp4_flow(studio)
    assert_layout(studio)
    # Notebook 6 writes nbserver-<pid>.json: the player finds the server and links the result through it
    link = studio.root.locator("a[download]")
    link.wait_for(timeout=30_000)
    href = str(link.get_attribute("href"))
    assert "/files/nemo_exports/" in href and href.endswith("?download=1"), href
    got = page.evaluate(
        "async url => { const r = await fetch(url); return [r.status, (await r.arrayBuffer()).byteLength]; }", href
    )
    assert got[0] == 200 and got[1] > 100_000, got  # the exported MP4, as a click on the link downloads it
    shots("layout", studio.root)
    stderr = page.locator(STDERR)
    assert not stderr.count(), stderr.first.inner_text()
    assert report.audio_bytes == 0


def test_chunked_upload_in_classic_notebook(page: Any, jupyter: ClassicNotebook, artifacts: Path,
                                            tmp_path: Path) -> None:  # fmt: skip
    sent = SentBytes(page)
    shots = Shots(page, artifacts)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots, timeout_ms=180_000)
    studio.wait_ready()
    uploader = UploaderPage(page, studio.root, sent)
    uploader.open_tab()
    shots("uploader", uploader.zone)
    clip = make_padded_clip(tmp_path / "from my laptop.mp4", 40 * MB)  # 4x what one message may carry
    uploader.pick(clip)
    uploader.wait_said(r"in \d+\.\d s")
    uploader.wait_listed(clip.name)
    shots("uploaded", studio.root.locator(".nemo-media"))
    studio.fail_on_error_status()
    assert wait_until(lambda: engine_copies(jupyter, sha256(clip), clip.stat().st_size), what="the engine's copy")
    assert wait_until(lambda: not temp_leftovers(jupyter), what="the temporary copy removed")
    text = tmp_path / "notes.txt"
    text.write_text("not a video\n")
    refused_before_sending(uploader, studio, text, "not a video, audio or image", r"'notes\.txt' is not a supported")
    assert_layout(studio)
    assert sys.executable != CLASSIC_PYTHON  # Playwright here, the server from the Colab venv


def test_the_chat_from_the_keyboard_in_classic_notebook(page: Any, jupyter: ClassicNotebook, artifacts: Path) -> None:
    """ipywidgets 7: Shift+Enter adds a line (it does not run the cell), Enter sends, the reply shows at the bottom."""
    shots = Shots(page, artifacts)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    studio.wait_ready()
    box = studio.composer
    box.click()
    selected = page.evaluate("Jupyter.notebook.get_selected_index()")
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    assert box.input_value() == "first line\nsecond line"
    assert page.evaluate("Jupyter.notebook.get_selected_index()") == selected  # no cell ran, none was selected
    assert page.locator(".input_prompt", has_text="[2]").count() == 0
    assert studio.root.locator(".nemo-user").count() == 0
    box.fill("what can you do?")
    box.press("Enter")
    studio.root.locator(".nemo-agent").first.wait_for()
    studio.wait_composer_idle()
    assert box.input_value() == ""
    assert studio.log.evaluate("el => el.lastElementChild.classList.contains('nemo-agent')")
    assert studio.log.evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight < 4")  # scrolled to it
    shots("keyboard-reply", studio.root)
    assert not page.locator(STDERR).count()
