"""The Studio as a user meets it: connecting, the profile switch, Cancel, "still working", no secret in widget state."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.protocol.settings import PROFILES
from nemo_widgets.widgets.profile_text import PROFILE_TEXT, profile_text
from nemo_widgets.widgets.status import StatusLine
from widget_kit import browser_upload, state_strings, wait_for

CREDITS = re.compile(r"(\d+) available · (\d+) frozen · (\d+) total")


def credits_of(studio: Any) -> tuple[str, ...]:
    """The badge's three numbers (available, frozen, total)."""
    found = CREDITS.search(studio.credits.value)
    assert found is not None, studio.credits.value
    return found.groups()


@pytest.fixture
def shown_statuses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every (message, level) any status line showed, in order."""
    shown: list[tuple[str, str]] = []
    original = StatusLine.show

    def show(self: StatusLine, message: str, level: str = "info", next_step: str = "", link: str | None = None) -> None:
        shown.append((message, level))
        original(self, message, level, next_step, link)

    monkeypatch.setattr(StatusLine, "show", show)
    return shown


def test_foreground_studio_sets_up_then_is_ready(make_studio: Any, shown_statuses: list[tuple[str, str]]) -> None:
    studio = make_studio("foreground")  # blocks until connected, like a Colab cell
    assert studio.runner.mode == "foreground"
    messages = [m for m, _ in shown_statuses]
    assert messages[0] == "Setting things up..."
    assert messages[-1] == "Ready!" and studio.status.level == "ok"
    assert "Ready!" in studio.status.value
    assert credits_of(studio) == ("100", "0", "100")
    assert PROFILE_TEXT["video-audio-remover"].title in studio.title.value
    # the greeting is what the empty conversation says (the first thing read where you type)
    assert PROFILE_TEXT["video-audio-remover"].greeting in html.unescape(studio.chat.conversation.value)


def test_a_refused_token_is_said_once_not_hidden(make_studio: Any, shown_statuses: list[tuple[str, str]]) -> None:
    revoked = "nmv-revoked-user-token-value"
    studio = make_studio("foreground", client_options={"token": revoked})  # the engine never issued it
    assert studio.status.level == "warn"
    assert "token (NEMO_TOKEN) was refused" in studio.status.message
    assert "new anonymous account" in studio.status.message and "restart the kernel" in studio.status.message
    assert revoked not in studio.status.value
    assert not [v for v in state_strings(studio) if (revoked in v if isinstance(v, str) else revoked.encode() in v)]
    assert credits_of(studio) == ("100", "0", "100")  # the new account works
    studio.send("what can you do?")
    assert [level for _m, level in shown_statuses].count("warn") == 1  # said once, then business as usual
    assert studio.status.level != "warn"


async def test_background_studio_returns_at_once_then_gets_ready(
    make_studio: Any, shown_statuses: list[tuple[str, str]]
) -> None:
    studio = make_studio("background")  # a kernel's loop is running: work happens off it
    assert studio.runner.mode == "background"
    assert studio.status.message != "Ready!"  # the cell returned before the connection was made
    await wait_for(lambda: studio.status.message == "Ready!", what="Ready!")
    messages = [m for m, _ in shown_statuses]
    assert messages.index("Setting things up...") < messages.index("Ready!")
    await wait_for(lambda: CREDITS.search(studio.credits.value), what="the credits badge")
    assert credits_of(studio) == ("100", "0", "100")


async def test_a_cell_run_while_the_studio_connects_uses_the_same_session(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("background")
    studio.upload(sample_clip)  # "Run All": the next cell starts before the Studio has connected
    studio.send("remove all audio from this video")
    assert studio.http.count("/api/tasks/me/with-session/nemo_agent") == 1
    assert "removed the audio track" in studio.chat.messages[-1][1]
    await wait_for(lambda: "1 track" in studio.timeline.summary.value, what="the edited timeline")


def test_studio_local_starts_its_own_engine(isolated: Path) -> None:
    from nemo_widgets.local import EngineSettings
    from nemo_widgets.widgets.studio import Studio

    studio = Studio.local(mode="foreground", data_dir=isolated / "engine", engine_settings=EngineSettings(seed=1))
    try:
        assert studio.engine is not None and studio.engine.url.startswith("http://127.0.0.1:")
        assert studio.status.message == "Ready!"
        assert CREDITS.search(studio.credits.value)
    finally:
        studio.close()
    with pytest.raises(httpx.HTTPError):  # closing the Studio stopped the engine it started
        httpx.get(studio.engine.url + "/api/credits/balance/simple", timeout=2)
    studio.close()  # closing twice is harmless


def test_every_profile_has_its_words_from_its_skill_document() -> None:
    assert set(PROFILE_TEXT) == set(PROFILES)  # a new profile needs its title, greeting and suggestions
    remover, mp3 = PROFILE_TEXT["video-audio-remover"], PROFILE_TEXT["video-to-mp3"]
    assert remover.try_saying == ("strip my video clips", "export 1080p MP4", "remove all audio from this video")
    assert mp3.try_saying == ("convert my video files", "export audio only MP3", "extract the audio from this video")
    assert "audio removal" in remover.greeting and "audio extraction" in mp3.greeting
    assert profile_text(PROFILES["video-to-mp3"]) is mp3
    own = profile_text("my-skill")  # a profile of one's own: titled by its name, nothing invented
    assert (own.title, own.greeting, own.try_saying) == ("my-skill", "", ())


def test_profile_switch_changes_greeting_suggestions_format_and_attribution(make_studio: Any) -> None:
    studio = make_studio("foreground")
    assert studio.exporter.format.value == "MP4"
    labels = [b.description for b in studio.chat.suggestions.children[1:]]
    assert labels == list(PROFILE_TEXT["video-audio-remover"].try_saying)

    names = [value for _, value in studio.profile_picker.options]
    studio.profile_picker.set_state({"index": names.index("video-to-mp3")})  # as the front end does

    mp3 = PROFILE_TEXT["video-to-mp3"]
    assert mp3.greeting in html.unescape(studio.chat.conversation.value)
    assert mp3.try_saying[-1] in studio.chat.text.placeholder  # the example is the skill's, not "remove all audio"
    assert "remove all audio" not in studio.chat.text.placeholder
    assert mp3.title.split(" — ")[0] in studio.title.value
    assert [b.description for b in studio.chat.suggestions.children[1:]] == list(mp3.try_saying)
    assert studio.exporter.format.value == "MP3"
    before = len(studio.http.requests)
    studio.chat.suggestions.children[1].click()  # "convert my video files": goes to the agent
    sent = studio.http.requests[before:]
    assert sent, "the suggestion sent nothing"
    assert {r.headers["X-Skill-Source"] for r in sent} == {"video-to-mp3"}
    assert studio.http.chats == 1


async def test_cancel_during_a_slow_step(make_studio: Any, engine: Any, sample_clip: Path) -> None:
    studio = make_studio("background")
    await wait_for(lambda: studio.status.message == "Ready!")
    studio.upload(sample_clip)
    engine.inject("slow-chat:20")
    studio.chat.text.value = "remove all audio from this video"
    studio.chat.send_button.click()
    await wait_for(lambda: studio.http.chats == 1 and not studio.chat.cancel_button.disabled, what="the turn to start")
    assert studio.chat.send_button.disabled
    assert studio.exporter.button.disabled
    suggestions = studio.chat.suggestions.children[1:]
    assert suggestions and all(b.disabled for b in suggestions)  # a suggestion is a Send too

    studio.chat.cancel_button.click()

    await wait_for(lambda: "Cancelled" in studio.chat.conversation.value, what="a cancelled note")
    await wait_for(lambda: not studio.runner.busy and not studio.chat.send_button.disabled, what="buttons back")
    assert studio.chat.cancel_button.disabled and not studio.exporter.button.disabled
    assert not any(b.disabled for b in suggestions)
    assert not any(who == "agent" for who, _ in studio.chat.messages)
    studio.send("credits")  # the next action works; the cancelled message was never re-sent
    assert studio.status.message.startswith("Credits:")
    assert studio.http.chats == 1


def test_still_working_notes_during_a_long_quiet_step(make_studio: Any, start_engine: Any) -> None:
    engine = start_engine(heartbeat_s=0.05)
    fast_clock = lambda: time.monotonic() * 300  # noqa: E731 - two "minutes" of heartbeats every 0.4 s
    studio = make_studio("foreground", on=engine, client_options={"clock": fast_clock})
    engine.inject("slow-chat:1")
    lines: list[str] = []
    studio.status.observe(lambda change: lines.append(change["new"]), names="value")
    typing: list[str] = []
    studio.chat.conversation.observe(lambda change: typing.append(change["new"]), names="typing")
    studio.send("what can you do?")
    working = [line for line in lines if "Still working" in line]
    assert working and all(line.count("⏳") == 1 for line in working), working  # one hourglass, not two
    # the chat's typing state says so while it lasts, and no note of it is left once the reply came
    assert any("Still working" in text for text in typing), typing
    assert not [text for _who, text in studio.chat.messages if "Still working" in text], studio.chat.messages
    assert studio.chat.messages[-1][0] == "agent" and studio.chat.conversation.typing == ""


def test_no_secret_in_any_widget_state(make_studio: Any, engine: Any, sample_clip: Path) -> None:
    answer = httpx.post(engine.url + "/api/auth/anonymous-token", headers={"X-Client-Id": "secret-test-client"})
    token = answer.json()["data"]["token"]
    studio = make_studio("foreground", client_options={"token": token})
    studio.upload(sample_clip)
    browser_upload(studio.uploads.browser, [("notes.mp4", b"not a video at all")])  # an error line too
    studio.send("remove all audio from this video")
    studio.send("credits")
    studio.export()
    assert studio.exporter.message.value == "Video ready!"
    assert "ct=" in studio.exporter.claim.value
    used = {r.headers.get("authorization") for r in studio.http.requests} - {None}
    assert used == {f"Bearer {token}"}  # the explicit token was the one in use
    assert "/api/auth/anonymous-token" not in studio.http.paths()

    found = [s for s in state_strings(studio) if (token in s if isinstance(s, str) else token.encode() in s)]
    assert found == []
    assert token not in repr(studio) and token not in repr(studio.session.client)
    book = Path(".nemo_widgets.json")
    assert not book.exists() or token not in book.read_text()


async def test_a_new_studio_shows_the_render_that_was_running_at_a_restart(isolated: Path, sample_clip: Path) -> None:
    from nemo_widgets.core.jobs import JobBook
    from nemo_widgets.local import EngineSettings
    from nemo_widgets.widgets.studio import Studio

    def settings() -> EngineSettings:
        return EngineSettings(silent_ratio=0.0, gui_ratio=0.0, seed=3)

    data = isolated / "engine-data"
    before = Studio.local(mode="background", data_dir=data, engine_settings=settings())
    try:
        await wait_for(lambda: before.status.message == "Ready!")
        before.upload(sample_clip)
        before.send("remove all audio from this video")
        assert before.engine is not None
        before.engine.inject("slow-render:2")
        before.exporter.button.click()
        await wait_for(lambda: JobBook().pending(f"local:{data.resolve()}"), what="the render to be filed")
        assert before.exporter.player.player is None
    finally:
        before.close()  # the kernel restarts: this Studio and its engine are gone, the render is not done

    after = Studio.local(mode="background", data_dir=data, engine_settings=settings())
    try:
        await wait_for(lambda: after.exporter.message.value == "Video ready!", what="the resumed render")
        await wait_for(lambda: after.exporter.player.player is not None, what="the player")
        shown = after.exporter.player.player
        assert shown is not None and shown.format == "mp4"
        assert JobBook().pending(f"local:{data.resolve()}") is None
    finally:
        after.close()


@pytest.mark.parametrize(
    ("options", "named"),
    [({"token": "nemo_secret_value"}, "token=..."), ({"output_dir": "elsewhere"}, "output_dir=...")],
)
def test_options_a_given_session_cannot_take_are_a_type_error(options: dict[str, Any], named: str) -> None:
    """``Studio(session, token=...)`` used to drop the token silently: now it says so (and never echoes it)."""
    from nemo_widgets.core.factory import open_session
    from nemo_widgets.widgets.studio import Studio

    session = open_session(base_url="http://127.0.0.1:9")
    with pytest.raises(TypeError) as caught:
        Studio(session, connect=False, **options)
    assert named in str(caught.value)
    assert "nemo_secret_value" not in str(caught.value)


@pytest.mark.parametrize(
    "options",
    [
        {"base_url": "http://127.0.0.1:9"},
        {"client_options": {"web_url": "https://nemovideo.test"}},
        {"settings": object(), "client_id": "c1"},
    ],
)
def test_studio_local_refuses_options_its_engine_cannot_take_before_starting_one(
    options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine has its own address: ``base_url=`` / ``web_url=`` / ``settings=`` would be dropped or collide."""
    import nemo_widgets.local.server as server
    from nemo_widgets.widgets.studio import Studio

    started: list[object] = []
    monkeypatch.setattr(server, "start_in_background", lambda *a, **k: started.append(a))
    with pytest.raises(TypeError) as caught:
        Studio.local(connect=False, **options)
    named = next(name for name in ("base_url", "web_url", "settings") if name in str(caught.value))
    assert f"Studio.local({named}=...)" in str(caught.value)
    assert "127.0.0.1:9" not in str(caught.value) and "nemovideo.test" not in str(caught.value)  # names, not values
    assert started == []  # refused before any engine started


def test_an_option_the_client_does_not_know_stops_the_engine_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nemo_widgets.local.settings import EngineSettings
    from nemo_widgets.widgets.studio import Studio

    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path / "config"))
    engines: list[Any] = []
    import nemo_widgets.local.server as server

    real = server.start_in_background

    def start(*args: Any, **kwargs: Any) -> Any:
        engines.append(real(*args, **kwargs))
        return engines[-1]

    monkeypatch.setattr(server, "start_in_background", start)
    with pytest.raises(TypeError, match="no_such_option"):
        Studio.local(
            connect=False, data_dir=tmp_path / "engine", engine_settings=EngineSettings(seed=1), no_such_option=1
        )
    assert len(engines) == 1
    with pytest.raises(httpx.TransportError):  # stopped: nothing answers on its port any more
        httpx.get(engines[0].url + "/api/credits", timeout=2)
