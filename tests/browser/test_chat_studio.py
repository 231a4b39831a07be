"""The Studio as a chat in JupyterLab 4: keyboard only, auto-scroll, light and dark, 360 to 1400 px, axe-core.

Screenshots (kept by CI in ``test-artifacts/browser/<test>/``): light and dark
at full width, and light at 900 and 360 px. Each width is also measured: nothing
scrolls sideways, no label is cut, the chart is drawn at the width it is shown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from chat_checks import at_bottom, cut_labels, run_axe, switch_lab_theme, toggle_left_sidebar
from layout_checks import overflows
from live_jupyter import LiveJupyter
from studio_page import Shots, StudioPage
from test_lab_flow import open_and_run_all
from upload_flow import TAB, SentBytes, UploaderPage

HELP = "what can you do?"
HELP_REPLY = r"\w{3,}"  # the engine's help text (its wording is the engine's business)


def _tab_to(page: Any, target: Any, start: Any, limit: int = 30) -> int:
    """Press Tab from ``start`` until ``target`` has the focus; how many presses (fails past ``limit``)."""
    start.focus()
    handle = target.element_handle()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return presses
    raise AssertionError(f"{limit} presses of Tab from the Skill menu never reached the message box")


def _newest_in_view(studio: StudioPage) -> bool:
    """The newest message is the agent's and shows inside the log's box."""
    return bool(
        studio.log.evaluate("""log => {
            const last = log.lastElementChild;
            if (!last || !last.classList.contains("nemo-agent")) return false;
            const a = log.getBoundingClientRect(), b = last.getBoundingClientRect();
            return b.bottom <= a.bottom + 2 && b.bottom >= a.top;
        }""")
    )


def _chart_scale(studio: StudioPage) -> float:
    """Shown width of the chart over the width it was drawn for (1.0: its text at its designed size)."""
    studio.wait_image_loaded()
    return float(
        studio.timeline_image.evaluate(
            "img => img.clientWidth / (img.naturalWidth / (window.devicePixelRatio >= 1.5 ? 2 : 1))"
        )
    )


def _wait_chart_fits(page: Any, studio: StudioPage) -> None:
    """The kernel redrew the chart for the width it now has (it follows the front end's report)."""
    page.wait_for_function(
        """root => {
            const img = root.querySelector("img.nemo-chart");
            return Boolean(img && img.complete && img.naturalWidth > 0 && img.clientWidth > 0
                && Math.abs(img.clientWidth - img.naturalWidth / (window.devicePixelRatio >= 1.5 ? 2 : 1)) <= 41);
        }""",
        arg=studio.root.element_handle(),
        timeout=60_000,
    )


def _check_width(page: Any, studio: StudioPage, shots: Shots, width: int, name: str) -> dict[str, Any]:
    page.set_viewport_size({"width": width, "height": 1000 if width >= 900 else 1400})
    _wait_chart_fits(page, studio)
    studio.root.scroll_into_view_if_needed()
    shots(name, studio.root)
    found = {"width": width, "overflows": overflows(studio.root), "cut": cut_labels(studio.root)}
    found["chart_scale"] = _chart_scale(studio)
    assert not found["overflows"], found
    assert not found["cut"], found
    assert found["chart_scale"] >= 0.9, found  # the chart's text is not shrunk to fit
    return found


def test_the_studio_as_a_chat_in_jupyterlab(page: Any, jupyter: LiveJupyter, artifacts: Path) -> None:
    shots = Shots(page, artifacts)
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    studio.wait_ready()
    studio.composer.wait_for()
    studio.root.scroll_into_view_if_needed()
    shots("light-1400", studio.root)
    report: dict[str, Any] = {}

    # Keyboard only: Tab from the first control reaches the message box; Shift+Enter adds a line, Enter sends.
    skill = studio.dropdown("Skill")
    report["tab_presses"] = _tab_to(page, studio.composer, skill)
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    assert studio.composer.input_value() == "first line\nsecond line"
    assert studio.root.locator(".nemo-user").count() == 0  # Shift+Enter sent nothing
    page.keyboard.press("Control+a")
    page.keyboard.type(HELP)
    page.keyboard.press("Enter")
    studio.root.locator(".nemo-user", has_text=HELP).wait_for()
    assert studio.composer.input_value() == ""
    studio.root.locator(".nemo-agent").first.wait_for()
    studio.wait_composer_idle()
    assert _newest_in_view(studio) and at_bottom(studio.log)
    shots("keyboard-reply", studio.root)

    # Auto-scroll: it follows new messages; once the reader scrolls up, it stays and offers a jump.
    while not studio.log.evaluate("el => el.scrollHeight > el.clientHeight * 1.5"):
        studio.send(HELP, HELP_REPLY, press_enter=True)
        assert _newest_in_view(studio) and at_bottom(studio.log)
    studio.log.evaluate("el => { el.scrollTop = 0; }")
    page.wait_for_function("el => el.scrollTop === 0", arg=studio.log.element_handle())
    count = studio.root.locator(".nemo-agent").count()
    studio.composer.fill(HELP)
    studio.composer.press("Enter")
    page.wait_for_function(
        "([root, n]) => root.querySelectorAll('.nemo-agent').length > n", arg=[studio.root.element_handle(), count]
    )
    studio.wait_composer_idle()
    assert studio.log.evaluate("el => el.scrollTop") == 0, "the log jumped while the reader was reading above"
    jump = studio.root.get_by_role("button", name="Jump to the newest message")
    jump.wait_for()
    shots("scrolled-up", studio.root)
    jump.click()
    assert at_bottom(studio.log) and _newest_in_view(studio)
    # the Studio alone, for docs/images (the 360 px one is the page: the notebook panel clips a tall element)
    studio.root.screenshot(path=str(artifacts / "studio-chat-light.png"))

    # Widths: full, 900 px, 360 px (no sideways scroll, no cut label, a chart drawn for its width).
    report["widths"] = [_check_width(page, studio, shots, w, f"light-{w}") for w in (1400, 900)]
    toggle_left_sidebar(page)  # on a phone-sized window the file browser would take the whole width
    report["widths"].append(_check_width(page, studio, shots, 360, "light-360"))
    toggle_left_sidebar(page)
    page.set_viewport_size({"width": 1400, "height": 1000})
    _wait_chart_fits(page, studio)

    # axe-core, light then dark (the chart follows the theme: redrawn in the page's colours).
    report["axe_light"] = _axe(page, studio)
    before = str(studio.timeline_image.get_attribute("src"))
    switch_lab_theme(page, "JupyterLab Dark")
    page.wait_for_function(  # the kernel redrew the chart in the dark theme's colours
        "([root, before]) => { const img = root.querySelector('img.nemo-chart'); return Boolean(img && img.src !== before); }",
        arg=[studio.root.element_handle(), before],
    )
    studio.root.scroll_into_view_if_needed()
    shots("dark-1400", studio.root)
    studio.root.screenshot(path=str(artifacts / "studio-chat-dark.png"))
    report["axe_dark"] = _axe(page, studio)
    toggle_left_sidebar(page)
    page.set_viewport_size({"width": 360, "height": 1400})
    _wait_chart_fits(page, studio)
    shots("dark-360", studio.root)
    (artifacts / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


def _axe(page: Any, studio: StudioPage) -> dict[str, Any]:
    studio.root.scroll_into_view_if_needed()
    result = run_axe(page, studio.root)
    assert not result.serious, json.dumps(result.serious, indent=2)
    assert result.contrast_passed >= 20, result  # contrast really judged (not skipped as hidden)
    return {
        "violations": result.violations,
        "contrast_passed": result.contrast_passed,
        "contrast_incomplete": result.contrast_incomplete,
    }


def test_a_refused_upload_is_shown_in_its_row(page: Any, jupyter: LiveJupyter, artifacts: Path,
                                              tmp_path: Path) -> None:  # fmt: skip
    shots = Shots(page, artifacts)
    fake = tmp_path / "fake.mp4"
    fake.write_text("this is a text file with a video's name\n" * 20)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    studio.wait_ready()
    uploader = UploaderPage(page, studio.root, SentBytes(page))
    uploader.open_tab()
    uploader.pick(fake)
    row = studio.root.locator(".nemo-upload-row", has_text="fake.mp4")
    row.locator(".nemo-status.nemo-error").wait_for(timeout=90_000)
    text = row.inner_text()
    assert "not uploaded" in text and re.search(r"fake\.mp4|file|video", text, re.I), text
    assert row.locator(".progress-bar-danger").count() == 1, "the bar is not in its error state"
    assert not row.locator(".progress-bar-success").count()
    assert "error" in str(studio.root.locator(".nemo-status").first.get_attribute("class"))  # the summary line
    said = studio.root.locator(".nemo-work-column .nemo-status.nemo-error", has_text="fake.mp4")
    assert said.count() == 1, "the reason is said once in the upload panel (in the row), not repeated under it"
    shots("refused-row", row)

    # A later success clears the panel's stale error (the row keeps its own record).
    studio.root.locator(TAB, has_text="Kernel's disk").click()
    studio.pick_on_disk("samples", "sample_clip.mp4")
    studio.upload_picked("sample_clip.mp4")
    notice = studio.root.locator(".nemo-work-column > .widget-html .nemo-status.nemo-error")
    assert notice.count() == 0, notice.first.inner_text()
    shots("after-success", studio.root)
