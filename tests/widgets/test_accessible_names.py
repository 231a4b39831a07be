"""Buttons whose short label repeats on every row get distinct accessible names (their tooltips, naming the file).

The names are set in the page (``AccessibleNames``, checked by axe and by role in the browser tests); here: every
such button is marked, its tooltip starts with its label and names its file, and no two are alike.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from nemo_widgets.core.held import HeldUpload
from nemo_widgets.protocol.models import MediaInfo
from nemo_widgets.widgets.accessible_names import NAMED_CLASS, AccessibleNames, named
from nemo_widgets.widgets.media_list import DuplicateQuestions, MediaList


def _media(*names: str) -> tuple[MediaInfo, ...]:
    return tuple(
        MediaInfo(id=f"m{i}", name=name, duration_s=2.0, has_video=True, has_audio=True, width=320, height=180)
        for i, name in enumerate(names)
    )


def test_each_remove_button_names_its_file_and_keeps_the_short_label() -> None:
    listing = MediaList(on_remove=lambda _id: None)
    listing.show(_media("beach.mp4", "forest.mp4", "city.mov"))
    buttons = [row.children[-1] for row in listing.rows]
    assert [b.description for b in buttons] == ["Remove"] * 3
    assert [b.tooltip for b in buttons] == [
        f"Remove {n} from the timeline" for n in ("beach.mp4", "forest.mp4", "city.mov")
    ]
    assert all(NAMED_CLASS in b._dom_classes for b in buttons)


def test_every_row_fills_the_four_columns_of_the_grid() -> None:
    listing = MediaList(on_remove=lambda _id: None)
    media = _media("beach.mp4", "forest.mp4")
    listing.show(media, playing={"m1"})  # beach.mp4 is off the timeline
    assert [len(row.children) for row in listing.grid.children] == [4, 4, 4]  # the head and both rows
    assert listing.texts == ["beach.mp4 | 2.0 s | video 320x180, audio | not on the timeline",
                             "forest.mp4 | 2.0 s | video 320x180, audio | Remove"]  # fmt: skip


@pytest.mark.parametrize("from_link", [False, True])
def test_the_duplicate_question_buttons_name_their_file(from_link: bool) -> None:
    questions = DuplicateQuestions(on_answer=lambda _key, _add: None)
    for name in ("beach.mp4", "forest.mp4"):
        (existing,) = _media(name)
        held = HeldUpload(key=name, name=name, existing=existing, added=existing if from_link else None)
        questions.ask(held)
    buttons = [b for row in questions.children for b in row.children if isinstance(b, widgets.Button)]
    tooltips = [b.tooltip for b in buttons]
    assert len(set(tooltips)) == 4 and all(NAMED_CLASS in b._dom_classes for b in buttons)
    assert all(b.tooltip.startswith(b.description) for b in buttons)  # the visible label starts the name
    assert sum("forest.mp4" in t for t in tooltips) == 2


def test_a_name_must_start_with_the_visible_label() -> None:
    with pytest.raises(ValueError, match="must start with the visible label"):
        named(widgets.Button(description="Remove", tooltip="Take clip.mp4 off"))
    assert AccessibleNames().layout.display == "none"  # it draws nothing
