"""JupyterLab 4, keyboard alone: a clip from the kernel's disk uploaded, the audio removed, *Show timeline*, an export.

Only Tab, Shift+Tab, the arrow keys, Enter and Space after the first control has the focus. On the way, what a
person sees and a screen reader hears is checked: the media list's columns stand apart and line up, each
*Remove* has its own accessible name, *Show timeline* brings a timeline that was out of view into view and
moves the focus to its chart, axe-core finds nothing serious in the light and dark themes. Screenshots: light
and dark, 1400 and 360 px wide.

The notebook is the quickstart's Studio on an engine that answers edits with no text (as the cloud does to
some), so that the reply offers *Show timeline*.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from chat_checks import run_axe, switch_lab_theme, toggle_left_sidebar
from layout_checks import cell_gaps, overflows
from live_jupyter import LiveJupyter
from studio_page import REMOVE_AUDIO, SAMPLE, SUMMARY, Shots, StudioPage
from test_lab_flow import open_and_run_all

NOTEBOOK = "keyboard.ipynb"
SOURCE = """from nemo_widgets import Studio, ensure_samples
from nemo_widgets.local.settings import EngineSettings

ensure_samples("samples")
studio = Studio.local(engine_settings=EngineSettings(silent_ratio=1.0))  # edits answered without text
studio"""

#: The media list's header cells and the first row's cells, left edges (px), column by column.
_COLUMN_EDGES_JS = """(media) => {
    const rows = [...media.querySelector(".nemo-media-grid").children];
    const lefts = (row) => [...row.children].map((cell) => Math.round(cell.getBoundingClientRect().left));
    return [lefts(rows[0]), lefts(rows[1])];
}"""


def _write_notebook(root: Path) -> None:
    cell: dict[str, Any] = {"cell_type": "code", "execution_count": None, "id": "studio", "metadata": {}, "outputs": [],
            "source": SOURCE}  # fmt: skip
    kernel = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    notebook = {"cells": [cell], "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}
    (root / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")


def _focused(page: Any, target: Any) -> bool:
    return bool(page.evaluate("el => document.activeElement === el", target.element_handle()))


def _press_until_focused(page: Any, key: str, target: Any, limit: int = 60) -> int:
    """Press ``key`` (Tab or Shift+Tab) until ``target`` has the focus; how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if _focused(page, target):
            return presses
    active = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 160)")
    raise AssertionError(f"{limit} presses of {key} never reached the control; the focus is on {active}")


def _highlighted(listing: Any) -> str:
    return str(listing.evaluate("s => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : ''"))


def _arrow_to(page: Any, studio: StudioPage, text: str, limit: int = 20) -> int:
    """Press the down arrow in the focused file list until ``text`` is highlighted; the folder must not change."""
    folder = studio.dropdown("Folder").input_value()
    for presses in range(1, limit + 1):
        page.keyboard.press("ArrowDown")
        assert studio.dropdown("Folder").input_value() == folder, "an arrow key opened a folder"
        if text in _highlighted(studio.chooser_list):
            return presses
    raise AssertionError(f"{text!r} never highlighted in the list")


#: Wholly inside the window and inside the notebook's scrolling panel.
_IN_VIEW_JS = """el => {
    const box = el.getBoundingClientRect();
    const panel = el.closest(".jp-WindowedPanel-outer, .jp-Notebook") || document.documentElement;
    const view = panel.getBoundingClientRect();
    return box.height > 0 && box.top >= Math.max(0, view.top) - 1
        && box.bottom <= Math.min(window.innerHeight, view.bottom) + 1;
}"""


#: The chart is drawn for the column's present width (the page reports it in 40 px steps; 200 to 1200 px), and
#: that width is not ``before`` (the width it was drawn for before the window changed) and at most ``most`` px.
_DRAWN_FOR_PAGE_JS = """([root, before, most]) => {
    const chart = root.querySelector("img.nemo-chart");
    const log = root.querySelector(".nemo-chatlog");
    if (!chart || !log) return false;
    const width = String(Math.min(1200, Math.max(200, Math.floor(log.getBoundingClientRect().width / 40) * 40)));
    return width !== before && Number(width) <= most && chart.getAttribute("width") === width && chart.complete;
}"""

_CHART_FOCUSED_JS = "root => document.activeElement === root.querySelector('img.nemo-chart')"


def _in_view(locator: Any) -> bool:
    return bool(locator.evaluate(_IN_VIEW_JS))


def _keyboard_upload(page: Any, studio: StudioPage, report: dict[str, Any]) -> None:
    studio.dropdown("Skill").focus()  # where a keyboard user starts: the Studio's first control
    listing = studio.chooser_list
    report["tabs_to_file_list"] = _press_until_focused(page, "Tab", listing)
    report["arrows_to_samples"] = _arrow_to(page, studio, "samples")  # past "..", which must not open
    page.keyboard.press("Enter")
    studio.chooser_list.locator("option", has_text=SAMPLE).wait_for(timeout=studio.timeout_ms)
    page.wait_for_function("el => document.activeElement === el", arg=studio.chooser_list.element_handle())
    report["arrows_to_clip"] = _arrow_to(page, studio, SAMPLE)
    page.keyboard.press("Space")
    upload = studio.button(f"Upload {SAMPLE}")
    upload.wait_for(timeout=studio.timeout_ms)
    page.wait_for_function("el => !el.disabled", arg=upload.element_handle())
    report["tabs_to_upload"] = _press_until_focused(page, "Tab", upload, limit=5)
    page.keyboard.press("Enter")
    studio.wait_text(SUMMARY, re.escape(SAMPLE))
    studio.wait_image_loaded()
    studio.fail_on_error_status()


def _check_media_list(page: Any, studio: StudioPage, shots: Shots, report: dict[str, Any]) -> None:
    media = studio.root.locator(".nemo-media")
    remove = media.get_by_role("button", name=f"Remove {SAMPLE} from the timeline", exact=True)
    assert remove.count() == 1 and remove.inner_text().strip() == "Remove"  # a distinct name, a short label
    report["remove_height"] = remove.evaluate("b => b.getBoundingClientRect().height")
    assert report["remove_height"] < 40, "Remove wraps onto two lines at full width"
    head, row = media.evaluate(_COLUMN_EDGES_JS)
    report["column_edges"] = {"head": head, "row": row}
    assert head[:3] == row[:3], f"the headers do not line up with their columns: {head} vs {row}"
    gaps = cell_gaps(media)
    report["cell_gaps"] = gaps
    assert gaps and min(gaps) >= 12, f"cells too close: {gaps} px"
    shots("media-list-light", media)


def _send_by_keyboard(page: Any, studio: StudioPage) -> None:
    _press_until_focused(page, "Shift+Tab", studio.composer)  # the conversation is before the upload panel
    page.keyboard.type(REMOVE_AUDIO)
    page.keyboard.press("Enter")
    studio.root.get_by_role("button", name=re.compile(r"Show timeline$")).wait_for(timeout=studio.timeout_ms)
    studio.wait_composer_idle()
    studio.wait_text(SUMMARY, r"^Timeline \(1 track\)")  # the audio track is gone


def _show_timeline(page: Any, studio: StudioPage, shots: Shots, report: dict[str, Any]) -> None:
    """At 360 px the timeline is under the conversation, out of view: *Show timeline* brings it and the focus.

    Then the window is made wider, so that the chart is drawn again for the new width just after the reveal (as
    when the page's width reaches the kernel after the click): the new chart keeps the focus, the mark and the
    view. Each order is made on purpose (the redraw for 360 px is waited for before the click), not left to chance.
    """
    root = studio.root.element_handle()
    toggle_left_sidebar(page)
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_function(_DRAWN_FOR_PAGE_JS, arg=[root, None, 320], timeout=studio.timeout_ms)  # the narrow one
    show = studio.root.get_by_role("button", name=re.compile(r"Show timeline$"))
    studio.composer.focus()
    report["tabs_to_show_timeline"] = _press_until_focused(page, "Shift+Tab", show, limit=10)  # above the box
    chart = studio.timeline_image
    assert not _in_view(chart), "the timeline was in view already: the test would show nothing"
    shots("before-show-timeline-360", None)
    page.keyboard.press("Enter")
    page.wait_for_function(_CHART_FOCUSED_JS, arg=root, timeout=studio.timeout_ms)
    page.wait_for_function(_IN_VIEW_JS, arg=chart.element_handle(), timeout=studio.timeout_ms)
    shots("after-show-timeline-360", None)
    report["overflows_360"] = overflows(studio.root)
    assert not report["overflows_360"], report["overflows_360"]
    shots("light-360", studio.root.locator(".nemo-media"))

    drawn = chart.get_attribute("width")
    page.set_viewport_size({"width": 560, "height": 800})
    # JupyterLab lays the panel out again a moment after the window changed: wait for the new width, then its chart
    page.wait_for_function(_DRAWN_FOR_PAGE_JS, arg=[root, drawn, 1200], timeout=studio.timeout_ms)
    page.wait_for_function(_CHART_FOCUSED_JS, arg=root, timeout=studio.timeout_ms)
    page.wait_for_function(_IN_VIEW_JS, arg=chart.element_handle(), timeout=studio.timeout_ms)
    report["mark_after_redraw"] = chart.evaluate("img => getComputedStyle(img.closest('.widget-html')).borderTopStyle")
    assert report["mark_after_redraw"] == "solid", "the redraw for the page's width took the mark away"
    shots("after-redraw-560", None)
    toggle_left_sidebar(page)
    page.set_viewport_size({"width": 1400, "height": 1000})


def _keyboard_export(page: Any, studio: StudioPage) -> None:
    export = studio.button("Export")
    studio.timeline_image.focus()  # where Show timeline left the focus; the export panel comes next
    _press_until_focused(page, "Tab", export, limit=10)
    page.keyboard.press("Space")
    studio.root.locator(".widget-label", has_text="Video ready!").wait_for(timeout=studio.timeout_ms)
    video = studio.root.locator("video")
    video.wait_for(timeout=studio.timeout_ms)
    page.wait_for_function("el => el.readyState >= 1", arg=video.element_handle(), timeout=studio.timeout_ms)
    studio.fail_on_error_status()


def _axe(page: Any, studio: StudioPage) -> dict[str, Any]:
    studio.root.scroll_into_view_if_needed()
    result = run_axe(page, studio.root)
    assert not result.serious, json.dumps(result.serious, indent=2)
    # contrast really judged (the reasons say why not, and what was over the nodes axe could not judge)
    assert result.contrast_passed >= 20, "\n".join([f"{result.contrast_passed} judged", *result.incomplete_reasons])
    return {"violations": result.violations, "contrast_passed": result.contrast_passed}


def test_upload_and_export_with_the_keyboard_alone(page: Any, jupyter: LiveJupyter, artifacts: Path) -> None:
    shots = Shots(page, artifacts)
    page.set_viewport_size({"width": 1400, "height": 1000})
    _write_notebook(jupyter.root)
    open_and_run_all(page, jupyter, NOTEBOOK)
    studio = StudioPage(page, shots)
    studio.wait_ready()
    report: dict[str, Any] = {}

    _keyboard_upload(page, studio, report)
    _check_media_list(page, studio, shots, report)
    report["axe_light"] = _axe(page, studio)
    shots("light-1400", studio.root)
    _send_by_keyboard(page, studio)
    _show_timeline(page, studio, shots, report)
    _keyboard_export(page, studio)
    shots("exported-light-1400", studio.root)

    switch_lab_theme(page, "JupyterLab Dark")
    report["axe_dark"] = _axe(page, studio)
    shots("dark-1400", studio.root.locator(".nemo-media"))
    toggle_left_sidebar(page)
    page.set_viewport_size({"width": 360, "height": 1400})
    shots("dark-360", studio.root.locator(".nemo-media"))
    (artifacts / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
