"""Where the player gets its media from, per environment (pure: no engine)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest
from nemo_widgets.widgets.player import MediaPlayer, notebook_files_url


@pytest.fixture
def server_root(tmp_path: Path) -> Path:
    (tmp_path / "notebooks" / "out").mkdir(parents=True)
    return tmp_path


def test_no_jupyter_server_no_url(server_root: Path) -> None:
    assert (
        notebook_files_url(server_root / "notebooks" / "out" / "a.mp4", env={}, cwd=server_root / "notebooks") is None
    )


@pytest.mark.parametrize("session, cwd, expected", [
    ("demo.ipynb", "notebooks", "/files/out/a%20b.mp4"),
    ("notebooks/demo.ipynb", "notebooks", "/files/notebooks/out/a%20b.mp4"),
])  # fmt: skip
def test_the_url_is_relative_to_the_server_root(server_root: Path, session: str, cwd: str, expected: str) -> None:
    path = server_root / "notebooks" / "out" / "a b.mp4"
    assert notebook_files_url(path, env={"JPY_SESSION_NAME": session}, cwd=server_root / cwd) == expected


def test_the_jupyterhub_prefix_is_kept(server_root: Path) -> None:
    env = {"JPY_SESSION_NAME": "demo.ipynb", "JUPYTERHUB_SERVICE_PREFIX": "/user/ann"}
    url = notebook_files_url(server_root / "out.mp4", env=env, cwd=server_root)
    assert url == "/user/ann/files/out.mp4"


@pytest.mark.parametrize("env", [
    {"JPY_SESSION_NAME": "/home/me/demo.ipynb"},  # VS Code: an absolute path, no files/ handler
    {"JPY_SESSION_NAME": "demo.ipynb", "VSCODE_PID": "42"},
])  # fmt: skip
def test_vs_code_has_no_files_url(server_root: Path, env: dict[str, str]) -> None:
    assert notebook_files_url(server_root / "out.mp4", env=env, cwd=server_root) is None


def test_a_file_outside_the_server_root_has_no_url(server_root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "a.mp4"
    env = {"JPY_SESSION_NAME": "notebooks/demo.ipynb"}
    assert notebook_files_url(elsewhere, env=env, cwd=server_root / "notebooks") is None


def test_small_files_are_embedded_with_the_right_widget(tmp_path: Path) -> None:
    audio = tmp_path / "a.mp3"
    audio.write_bytes(b"ID3" + bytes(100))
    player = MediaPlayer(embed_limit=1000)
    player.show(audio, "audio", "mp3")
    assert player.how == "embedded"
    assert isinstance(player.player, widgets.Audio) and player.player.value == audio.read_bytes()
    assert player.player.autoplay is False and player.player.loop is False
    assert player.player in player.children
    player.clear()
    assert player.how == "none" and player.player is None and player.link.value == ""


@pytest.mark.parametrize(("fmt", "vscode", "hint"), [("m4a", True, True), ("m4a", False, False), ("mp3", True, False)])
def test_vs_code_is_told_it_cannot_play_aac(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, vscode: bool,
                                            hint: bool) -> None:  # fmt: skip
    for name in ("VSCODE_PID", "TERM_PROGRAM", "COLAB_RELEASE_TAG", "COLAB_GPU"):
        monkeypatch.delenv(name, raising=False)
    if vscode:
        monkeypatch.setenv("VSCODE_PID", "4242")
    audio = tmp_path / f"a.{fmt}"
    audio.write_bytes(bytes(100))
    player = MediaPlayer()
    player.show(audio, "audio", fmt)
    assert ("does not play AAC audio" in player.link.value) is hint
    assert isinstance(player.player, widgets.Audio)  # still offered: other front ends play it
