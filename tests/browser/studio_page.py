"""The Studio as a user sees it in a browser: a page object over the widget DOM, and the two user flows.

Front-end independent: JupyterLab, Notebook 7 and Voilà render the same
ipywidgets DOM, so only opening and running the notebook differs (see the
test modules). Every wait is on a condition (a selector, a JS predicate),
never a fixed sleep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nemo_widgets.widgets.profile_text import PROFILE_TEXT

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Locator, Page

__all__ = ["STDERR", "PlaybackReport", "Shots", "StudioPage", "mp3_flow", "silent_mp4_flow"]

#: A notebook output printed to stderr (JupyterLab and Notebook 7 mark it with its MIME type).
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"

SAMPLE = "sample_clip.mp4"
REMOVE_AUDIO = "remove all audio from this video"
EXTRACT_MP3 = "extract the audio from this video as an MP3 file"
# The engine, like the cloud, answers ~30 % of edits with no text; the Studio then summarises the change.
REMOVED_REPLY = r"removed the audio|What changed: audio track .* removed"
EXTRACTED_REPLY = r"kept only the audio|extracted the audio|What changed: video track .* removed"

#: The timeline's one-line summary under its chart.
SUMMARY = ".nemo-timeline code"

#: SHA-256 of the bytes behind an <img> (the chart's data: URL), hex.
_IMAGE_DIGEST_JS = """async (img) => {
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, "0")).join("");
}"""

#: Records every distinct text of the last agent message, to tell a streamed reply from one drawn once.
_WATCH_REPLIES_JS = """(root) => {
    const seen = window.__nemoSeen = [];
    const record = () => {
        const agents = root.querySelectorAll(".nemo-agent");
        const last = agents.length ? agents[agents.length - 1].textContent : "";
        if (seen[seen.length - 1] !== last) seen.push(last);
    };
    window.__nemoObserver?.disconnect();
    window.__nemoObserver = new MutationObserver(record);
    window.__nemoObserver.observe(root, {childList: true, subtree: true, characterData: true});
}"""


class Shots:
    """Numbered screenshots of one flow: ``<folder>/01-studio.png``, ``02-…``."""

    def __init__(self, page: Page, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.taken: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str, focus: Locator | None = None) -> Path:
        if focus is not None:
            focus.scroll_into_view_if_needed()
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path))
        self.taken.append(path)
        return path


@dataclass
class PlaybackReport:
    """What Chromium decoded while the element played."""

    tag: str
    ready_state: int
    current_time: float
    duration: float
    audio_bytes: int
    video_bytes: int
    extra: dict[str, Any] = field(default_factory=dict)


class StudioPage:
    """The ``.nemo-studio`` widget on a page, driven through its visible controls."""

    def __init__(self, page: Page, shots: Shots, *, timeout_ms: float = 90_000) -> None:
        self.page = page
        self.shots = shots
        self.timeout_ms = timeout_ms
        self.root = page.locator(".nemo-studio").first

    # -- locators ----------------------------------------------------------
    def button(self, name: str) -> Locator:
        # A Font Awesome icon puts a private-use glyph before the label in the accessible name.
        return self.root.get_by_role("button", name=re.compile(rf"^[\ue000-\uf8ff]?\s*{re.escape(name)}$"))

    def dropdown(self, label: str) -> Locator:
        return self.root.locator(".widget-dropdown", has=self.page.locator("label", has_text=label)).locator("select")

    @property
    def chooser_list(self) -> Locator:
        return self.root.locator(".nemo-disk-picker .widget-select select")  # the kernel-disk picker's listing

    @property
    def timeline_image(self) -> Locator:
        return self.root.locator("img.nemo-chart")

    @property
    def conversation(self) -> Locator:
        return self.root.locator(".nemo-msg")

    # -- waits -------------------------------------------------------------
    def wait_ready(self) -> None:
        """The Studio is drawn and connected to its engine (status ``Ready!``)."""
        self.root.wait_for(state="visible", timeout=self.timeout_ms)
        self.root.locator(".nemo-status.nemo-ok", has_text="Ready").wait_for(timeout=self.timeout_ms)

    def wait_text(self, selector: str, pattern: str) -> Locator:
        found = self.root.locator(selector, has_text=re.compile(pattern))
        found.last.wait_for(timeout=self.timeout_ms)
        return found.last

    def fail_on_error_status(self) -> None:
        # a refused file's row keeps its reason after later successes: that is a record, not a current error
        errors = self.root.locator(".nemo-status.nemo-error:not(.nemo-upload-row .nemo-status)")
        if errors.count():
            raise AssertionError(f"the Studio shows an error: {errors.first.inner_text()}")

    # -- the upload panel --------------------------------------------------
    def pick_on_disk(self, folder: str, name: str) -> None:
        """The kernel-disk picker as a user drives it: open ``folder`` in the list, click ``name``."""
        listing = self.chooser_list
        listing.wait_for(state="visible", timeout=self.timeout_ms)
        self.shots("chooser-open", self.root.locator(".widget-tab"))
        listing.locator("option", has_text=folder).click()
        listing = self.chooser_list  # the folder opened in a new list
        listing.locator("option", has_text=name).wait_for(timeout=self.timeout_ms)
        listing.locator("option", has_text=name).click()
        self.button(f"Upload {name}").wait_for(timeout=self.timeout_ms)  # the one action left names the file
        self.shots("chooser-file-picked", self.root.locator(".widget-tab"))

    def upload_picked(self, name: str) -> None:
        self.button(f"Upload {name}").click()
        self.wait_text(".nemo-media", re.escape(name))
        # The timeline is redrawn from the session state after the upload.
        self.wait_text(SUMMARY, re.escape(name))
        self.wait_image_loaded()
        self.fail_on_error_status()

    def upload_from_browser(self, path: Path) -> None:
        """The "From your browser" tab: the FileUpload widget's file input."""
        self.root.get_by_role("tab", name="From your browser").click()
        self.root.locator(".widget-upload input[type=file]").set_input_files(str(path))
        self.wait_text(".nemo-media", re.escape(path.name))
        self.fail_on_error_status()

    # -- the chat ----------------------------------------------------------
    @property
    def composer(self) -> Locator:
        return self.root.locator(".nemo-composer textarea")

    @property
    def composer_button(self) -> Locator:
        return self.root.locator(".nemo-composer button")

    @property
    def log(self) -> Locator:
        return self.root.locator(".nemo-log")

    def wait_composer_idle(self) -> None:
        """The turn is over: the composer's button is Send again (Stop while the reply streams)."""
        self.page.wait_for_function(
            "el => !el.disabled && el.getAttribute('aria-label') === 'Send message'",
            arg=self.composer_button.element_handle(),
            timeout=self.timeout_ms,
        )

    def send(self, text: str, reply_pattern: str, *, press_enter: bool = False) -> tuple[str, list[str]]:
        """Type ``text``, press Send (or Enter), wait for the agent's reply matching ``reply_pattern``; the texts
        seen while it streamed."""
        agents_before = self.root.locator(".nemo-agent").count()
        self.root.evaluate(_WATCH_REPLIES_JS)
        box = self.composer
        box.click()
        box.fill(text)
        self.shots("typed", box)
        if press_enter:
            box.press("Enter")
        else:
            self.composer_button.click()
        reply = self.root.locator(".nemo-agent").nth(agents_before)
        # The conversation's content is replaced on every update: query it afresh at each poll (an element
        # handle would keep the first, partial, detached message).
        self.page.wait_for_function(
            """([root, n, pattern]) => {
                const reply = root.querySelectorAll(".nemo-agent")[n];
                return Boolean(reply && new RegExp(pattern).test(reply.textContent));
            }""",
            arg=[self.root.element_handle(), agents_before, reply_pattern],
            timeout=self.timeout_ms,
        )
        self.wait_composer_idle()  # the whole turn (reply + state) is done
        seen = self.page.evaluate("() => window.__nemoSeen || []")
        return str(reply.text_content()), list(seen)

    # -- the timeline ------------------------------------------------------
    # The chart is an <img> replaced at each redraw: the page is queried afresh at each poll.
    def wait_image_loaded(self) -> None:
        self.page.wait_for_function(
            "root => { const img = root.querySelector('img.nemo-chart');"
            " return Boolean(img && img.src && img.complete && img.naturalWidth > 0); }",
            arg=self.root.element_handle(),
            timeout=self.timeout_ms,
        )

    def timeline_snapshot(self) -> tuple[str, str, str]:
        """(src, SHA-256 of the PNG shown, summary text) of the timeline chart."""
        self.wait_image_loaded()
        img = self.timeline_image.element_handle()
        src = str(img.get_attribute("src"))
        digest = str(img.evaluate(_IMAGE_DIGEST_JS))
        # an empty timeline has no summary line under the chart: the chart's alt text says it
        code = self.root.locator(SUMMARY)
        summary = code.inner_text() if code.count() else str(img.get_attribute("alt"))
        return src, digest, summary

    def wait_timeline_changed(self, before_src: str) -> tuple[str, str, str]:
        self.page.wait_for_function(
            "([root, before]) => { const img = root.querySelector('img.nemo-chart');"
            " return Boolean(img && img.src !== before && img.complete && img.naturalWidth > 0); }",
            arg=[self.root.element_handle(), before_src],
            timeout=self.timeout_ms,
        )
        return self.timeline_snapshot()

    # -- skills and export -------------------------------------------------
    def switch_skill(self, profile: str) -> None:
        title = PROFILE_TEXT[profile].title
        self.dropdown("Skill").select_option(label=title)
        self.wait_text("h3", re.escape(title))

    def export(self, fmt: str, tag: str) -> ElementHandle:
        """Choose ``fmt`` in Format, press Export, wait for the inline <video>/<audio> to have data (readyState >= 2)."""
        self.dropdown("Format").select_option(label=fmt.upper())
        self.button("Export").click()
        ready = "Video ready!" if tag == "video" else "Audio ready!"
        self.root.locator(".widget-label", has_text=ready).wait_for(timeout=self.timeout_ms)
        media = self.root.locator(tag)
        media.wait_for(timeout=self.timeout_ms)
        handle = media.element_handle()
        self.page.wait_for_function("el => el.readyState >= 2", arg=handle, timeout=self.timeout_ms)
        self.fail_on_error_status()
        return handle

    def play(self, handle: ElementHandle, seconds: float) -> PlaybackReport:
        """Play from the start until ``seconds`` of media time went by; report what Chromium decoded."""
        handle.evaluate("async el => { el.currentTime = 0; await el.play(); }")
        self.page.wait_for_function(
            "([el, s]) => el.currentTime >= s || el.ended",
            arg=[handle, seconds],
            timeout=self.timeout_ms,
        )
        state = handle.evaluate("""el => ({
            tag: el.tagName.toLowerCase(), ready_state: el.readyState, current_time: el.currentTime,
            duration: el.duration, audio_bytes: el.webkitAudioDecodedByteCount,
            video_bytes: el.webkitVideoDecodedByteCount, paused: el.paused, error: el.error && el.error.code,
            width: el.videoWidth || 0, height: el.videoHeight || 0,
        })""")
        report = PlaybackReport(
            tag=state.pop("tag"),
            ready_state=state.pop("ready_state"),
            current_time=state.pop("current_time"),
            duration=state.pop("duration"),
            audio_bytes=state.pop("audio_bytes"),
            video_bytes=state.pop("video_bytes"),
            extra=state,
        )
        return report


def silent_mp4_flow(studio: StudioPage) -> PlaybackReport:
    """Pick the sample clip, upload it, ask to remove the audio, check the chart changed, export, play: no audio."""
    shots = studio.shots
    studio.wait_ready()
    shots("studio", studio.root)
    studio.pick_on_disk("samples", SAMPLE)
    studio.upload_picked(SAMPLE)
    shots("uploaded", studio.root.locator(".nemo-media"))
    before_src, before_digest, before_summary = studio.timeline_snapshot()
    assert "Audio" in before_summary, before_summary

    reply, seen = studio.send(REMOVE_AUDIO, REMOVED_REPLY)
    _after_src, after_digest, after_summary = studio.wait_timeline_changed(before_src)
    shots("reply-and-timeline", studio.timeline_image)
    assert re.search(REMOVED_REPLY, reply), reply
    assert seen and seen[-1] == reply, seen  # what the page showed last is the final reply
    assert after_digest != before_digest, "the timeline chart was redrawn with the same picture"
    assert "Audio" not in after_summary and SAMPLE in after_summary, after_summary
    # A long conversation scrolls inside its box instead of pushing the timeline away.
    assert studio.log.evaluate("e => [getComputedStyle(e).height, getComputedStyle(e).overflowY]") == ["300px", "auto"]

    video = studio.export("mp4", "video")
    report = studio.play(video, 1.5)
    shots("video-playing", studio.root.locator("video"))
    assert report.tag == "video" and report.ready_state >= 2, report
    assert report.video_bytes > 0, f"no video decoded: {report}"
    assert report.audio_bytes == 0, f"the silent MP4 decoded audio: {report}"
    assert report.extra["width"] == 640 and 9 <= report.duration <= 11, report
    report.extra["streamed_texts"] = seen
    return report


def mp3_flow(studio: StudioPage, *, after_silent_edit: bool) -> PlaybackReport:
    """Switch the skill to Video to MP3, ask for the MP3, export it, play it: audio decoded.

    After the silent-MP4 flow the draft has no audio left, so the user first
    says "undo" (the agent restores the audio track), as they would.
    """
    shots = studio.shots
    if after_silent_edit:
        studio.send("undo", r"\S")  # the wording varies (the agent's text or a summary of the change)
        studio.wait_text(SUMMARY, r"\d\. Audio")
    studio.switch_skill("video-to-mp3")
    shots("skill-mp3", studio.root.locator("h3"))
    studio.send(EXTRACT_MP3, EXTRACTED_REPLY)
    studio.wait_text(SUMMARY, r"\(1 track\): 1\. Audio")  # the video track is gone
    shots("mp3-reply", studio.timeline_image)
    audio = studio.export("mp3", "audio")
    report = studio.play(audio, 1.0)
    shots("audio-playing", studio.root.locator("audio"))
    assert report.tag == "audio" and report.ready_state >= 2, report
    assert report.audio_bytes > 0, f"the MP3 decoded no audio: {report}"
    assert 9 <= report.duration <= 11, report
    return report
