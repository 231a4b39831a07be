"""Uploaded file names: shown exactly as given (never a path), stored under a name any disk takes."""

from __future__ import annotations

import pytest
from nemo_widgets.local.media.uploads import display_name, stored_name


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.mp4", "passwd.mp4"),
        ("/abs/path/clip.mp4", "clip.mp4"),
        ("C:\\Users\\me\\clip.mp4", "clip.mp4"),
        ("cl\x00ip\x1b.mp4", "clip.mp4"),
        ("..hidden.mp4", "..hidden.mp4"),
        ("a<b>c|d?.mp4", "a<b>c|d?.mp4"),
        ("می\u200cخواهم.mp4", "می\u200cخواهم.mp4"),  # a zero-width non-joiner is part of the word
        ("at 10.22\u202fAM.mov", "at 10.22\u202fAM.mov"),
        ("vide\u0301o.mp4", "vide\u0301o.mp4"),  # decomposed, as macOS gives it: kept as given
        ("", "upload"),
        ("../", "upload"),
    ],
)
def test_display_name_is_the_name_given(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


def test_stored_name_fits_255_bytes_with_its_suffix_and_cuts_no_character() -> None:
    title = "我们一起去看海边的日出" * 10  # 330 bytes
    stored = stored_name(title, "_edited.mp4")
    assert len(stored.encode()) <= 255 and stored.endswith("_edited.mp4") and title.startswith(stored[:-11])
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467" * 30
    assert not stored_name(family, ".mp3").removesuffix(".mp3").endswith("\u200d")  # no joiner left hanging
    assert stored_name("a/b\\c\nd", ".mp3") == "a_b_c_d.mp3" and stored_name("", ".mp3") == "render.mp3"
