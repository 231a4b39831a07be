"""The draft: tolerant parsing, the one-line summary, the diff in words."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nemo_widgets.protocol.draft import Draft, diff, format_seconds

from .conftest import EXAMPLE_DRAFT

EXAMPLE_SUMMARY = (
    'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)'
)


def test_protocol_example_character_for_character():
    assert Draft.from_dict(EXAMPLE_DRAFT).summary() == EXAMPLE_SUMMARY
    assert str(Draft.from_dict(EXAMPLE_DRAFT)) == EXAMPLE_SUMMARY


def test_the_seed_example_without_track_names():
    """The seeds' line when the tracks carry no ``m.name``: the unnamed labels, Audio and Title."""
    unnamed = copy.deepcopy(EXAMPLE_DRAFT)
    for track in unnamed["t"]:
        track.pop("m", None)
    assert Draft.from_dict(unnamed).summary() == (
        'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. Audio: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)'
    )


@pytest.mark.parametrize(
    ("draft", "summary"),
    [
        (None, "Timeline is empty"),
        ({}, "Timeline is empty"),
        ({"t": []}, "Timeline is empty"),
        ({"t": [{"tt": 0, "sg": [{"d": 10000}]}], "d": 10000}, "Timeline (1 track): 1. Video: clip (0-10s)"),
        ({"t": [{"tt": 0, "sg": []}]}, "Timeline (1 track): 1. Video: empty"),
        ({"t": [{"tt": 1, "sg": [{"s": 2500, "d": 7500}]}]}, "Timeline (1 track): 1. Audio: clip (2.5-10s)"),
        ({"t": [{"tt": 1, "sg": [{"st": 1234, "e": 5000, "m": {"name": "a"}}]}]},
         "Timeline (1 track): 1. Audio: a (1.23-5s)"),
        ({"t": [{"tt": 1, "sg": [{"start": 0, "d": 1000, "m": {"volume": 1}}]}]},
         "Timeline (1 track): 1. Audio: clip (0-1s)"),
        ({"t": [{"tt": 1, "m": {"name": "Voice", "muted": True}, "sg": [{"d": 1000, "m": {"volume": 0}}]}]},
         "Timeline (1 track): 1. Voice (muted): clip (0-1s, 0%)"),
        ({"t": [{"tt": 0, "sg": [{"d": 1000, "m": {"volume": 0.5}}]}]},
         "Timeline (1 track): 1. Video: clip (0-1s, 50%)"),
        ({"t": [{"tt": 7, "sg": [{"d": 3000, "m": {"text": "Hi"}}]}]}, 'Timeline (1 track): 1. Title: "Hi" (0-3s)'),
        ({"t": [{"tt": 7, "sg": [{"d": 3000, "m": {"name": "caption"}}]}]},
         "Timeline (1 track): 1. Title: caption (0-3s)"),
        ({"t": [{"tt": 7, "m": {"name": "Subtitles"}, "sg": [{"d": 2000, "m": {"text": "Hi"}}]}]},
         'Timeline (1 track): 1. Subtitles: "Hi" (0-2s)'),
        ({"t": [{"tt": 1, "m": {"name": "BGM"}, "sg": [{"d": 10000, "m": {"name": "Lo-fi", "volume": 0.35}}]}]},
         "Timeline (1 track): 1. BGM: Lo-fi (0-10s, 35%)"),
        ({"t": [{"tt": 0, "m": {"name": "Main"}, "sg": [{"d": 10000, "m": {"name": "city timelapse"}}]}]},
         "Timeline (1 track): 1. Video: city timelapse (0-10s)"),
        ({"t": [{"tt": 3, "sg": [{"d": 3000}]}]}, "Timeline (1 track): 1. Track: clip (0-3s)"),
        ({"t": [{"tt": 0, "sg": [{"s": 2000}]}], "d": 9000}, "Timeline (1 track): 1. Video: clip (2-9s)"),
        ({"t": [{"tt": 0, "sg": [{"s": 2000}]}]}, "Timeline (1 track): 1. Video: clip (from 2s)"),
        ({"t": [{"tt": 0, "sg": [{"s": 0, "d": 5000, "m": {"name": "a"}},
                                 {"s": 5000, "d": 5000, "m": {"name": "b"}}]}]},
         "Timeline (1 track): 1. Video: a (0-5s), b (5-10s)"),
    ],
)  # fmt: skip
def test_summary_rules(draft, summary):
    assert Draft.from_dict(draft).summary() == summary


def test_format_seconds():
    assert [format_seconds(ms) for ms in (0, 10000, 2500, 1234, 1005, 999.4)] == ["0", "10", "2.5", "1.23", "1", "1"]


@pytest.mark.parametrize(
    "garbage",
    [None, 5, "x", [], {"t": "x"}, {"t": [None, 1, "a", {"tt": "zz", "sg": "no"}]}, {"t": [{"sg": [None, {"s": "x"}]}]},
     {"t": [{"tt": 1, "m": "x", "sg": [{"m": [], "d": {}}]}]}, {"d": "long"}],
)  # fmt: skip
def test_garbage_is_tolerated(garbage):
    draft = Draft.from_dict(garbage)
    assert isinstance(draft.summary(), str)
    assert isinstance(draft.ready_for_export, bool)
    diff(garbage, EXAMPLE_DRAFT)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["t", "tt", "sg", "s", "st", "start", "d", "e", "m", "name", "text", "volume", "muted"]),
        children, max_size=4,
    ),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(_json, _json)
def test_any_json_parses_summarises_and_diffs(a, b):
    Draft.from_dict(a).summary()
    diff(a, b)


def test_helpers():
    draft = Draft.from_dict(EXAMPLE_DRAFT)
    assert draft.ready_for_export and draft.has_video and draft.has_audio
    assert draft.duration_s == 10.0
    assert draft.to_dict() == EXAMPLE_DRAFT
    silent = Draft.from_dict({"t": [{"tt": 0, "sg": [{"d": 1}]}, {"tt": 1, "m": {"muted": True}, "sg": [{"d": 1}]}]})
    assert silent.has_video and not silent.has_audio
    assert not Draft.from_dict({"t": [{"tt": 0, "sg": []}]}).ready_for_export
    assert Draft.from_dict({"t": [{"tt": 1, "sg": [{"d": 4000}]}]}).duration_ms == 4000


def changed(**edits):
    new = copy.deepcopy(EXAMPLE_DRAFT)
    for path, value in edits.items():
        target: Any = new
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        if value is None:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return new


def test_diff_sentences():
    assert diff(EXAMPLE_DRAFT, EXAMPLE_DRAFT) == []
    assert diff(EXAMPLE_DRAFT, changed(t__1=None)) == ["audio track 'BGM' removed"]
    assert diff(EXAMPLE_DRAFT, changed(t__0__sg__0__d=6000)) == ["video trimmed to 0-6s"]
    assert diff(EXAMPLE_DRAFT, changed(t__0__sg__0__d=12000)) == ["video extended to 0-12s"]
    assert diff(EXAMPLE_DRAFT, changed(t__0__sg__0__s=1000)) == ["video moved to 1-11s"]
    assert diff(EXAMPLE_DRAFT, changed(t__1__sg__0__m__volume=0.8)) == ["volume of 'BGM' set to 80%"]
    assert diff(EXAMPLE_DRAFT, changed(t__1__m__muted=True)) == ["'BGM' muted"]
    assert diff(EXAMPLE_DRAFT, changed(t__2__sg__0__m__text="City Nights")) == [
        'title "City Nights" added at 0-3s',
        'title "Urban Dreams" removed',
    ]
    assert diff(EXAMPLE_DRAFT, changed(t__2__sg__0__s=1000)) == ['title "Urban Dreams" moved to 1-4s']


def test_diff_added_tracks_and_titles():
    video = {"t": [EXAMPLE_DRAFT["t"][0]], "d": 10000}
    assert diff(video, EXAMPLE_DRAFT) == ["audio track 'BGM' added", 'title "Urban Dreams" added at 0-3s']
    assert diff(None, video) == ["video track added"]
    assert diff(video, None) == ["video track removed"]


def test_diff_unnamed_audio_muted_and_volume():
    old = {"t": [{"tt": 1, "sg": [{"d": 1000}]}]}
    assert diff(old, {"t": [{"tt": 1, "m": {"muted": True}, "sg": [{"d": 1000}]}]}) == ["audio muted"]
    assert diff(old, {"t": [{"tt": 1, "sg": [{"d": 1000, "m": {"volume": 0.35}}]}]}) == ["volume of audio set to 35%"]


def test_diff_split_clip():
    old = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 10000}]}]}
    new = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 4000}, {"s": 4000, "d": 6000}]}]}
    assert diff(old, new) == ["video clip added at 0-4s", "video clip added at 4-10s", "video clip at 0-10s removed"]


def test_diff_only_length():
    assert diff({"t": [], "d": 1000}, {"t": [], "d": 3000}) == ["timeline length set to 3s"]
