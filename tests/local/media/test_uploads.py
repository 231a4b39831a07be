"""Uploaded file names made safe: what a browser or a URL gives, kept readable, never a path."""

from __future__ import annotations

import pytest
from nemo_widgets.local.media.uploads import sanitise_filename


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.mp4", "passwd.mp4"),
        ("/abs/path/clip.mp4", "clip.mp4"),
        ("C:\\Users\\me\\clip.mp4", "clip.mp4"),
        ("cl\x00ip.mp4", "clip.mp4"),
        ("..hidden.mp4", "hidden.mp4"),
        ("a<b>c|d?.mp4", "a_b_c_d_.mp4"),
        ("", "upload"),
        ("../", "upload"),
    ],
)
def test_sanitise_filename(raw: str, clean: str) -> None:
    assert sanitise_filename(raw) == clean


def test_sanitise_filename_caps_length_keeping_the_extension() -> None:
    name = sanitise_filename("x" * 300 + ".mp4")
    assert len(name) <= 120 and name.endswith(".mp4")
