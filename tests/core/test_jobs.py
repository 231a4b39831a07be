"""The job book: the render in flight, kept on disk for a restart."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest
from nemo_widgets.core.jobs import BOOK_NAME, JobBook, PendingRender, default_book_path

RENDER = PendingRender("render_1", "sess_1", "mp4", "high", 1_700_000_000.0)


def test_round_trip(tmp_path: Path) -> None:
    book = JobBook(tmp_path / "book.json")
    assert book.pending("https://api.test") is None
    book.remember_render("https://api.test", RENDER)
    other = PendingRender("render_2", "sess_9", "mp3", "192k", 1_700_000_100.0)
    book.remember_render("local:/data", other)
    again = JobBook(tmp_path / "book.json")  # a new kernel reads it
    assert again.pending("https://api.test") == RENDER
    assert again.pending("local:/data") == other
    again.forget_render("https://api.test", job_id="render_other")  # not that job: kept
    assert again.pending("https://api.test") == RENDER
    again.forget_render("https://api.test")
    assert again.pending("https://api.test") is None and again.pending("local:/data") == other


def test_the_book_is_private_and_holds_no_token(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    JobBook(path).remember_render("https://api.test", RENDER)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "token" not in text.lower() and "nmv_" not in text
    assert not [p for p in tmp_path.iterdir() if p.name != "book.json"]  # no temporary file left behind


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"renders": {"https://api.test": {"session_id": "s"}}}',
                                     '{"renders": {"https://api.test": "render_1"}}', ""])  # fmt: skip
def test_a_corrupt_book_is_tolerated(tmp_path: Path, content: str) -> None:
    path = tmp_path / "book.json"
    path.write_text(content)
    book = JobBook(path)
    assert book.pending("https://api.test") is None
    book.forget_render("https://api.test")
    book.remember_render("https://api.test", RENDER)  # and replaced by a good one
    assert JobBook(path).pending("https://api.test") == RENDER
    assert json.loads(path.read_text())["renders"]["https://api.test"]["job_id"] == "render_1"


def test_missing_fields_get_defaults(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    path.write_text(json.dumps({"renders": {"k": {"job_id": "render_5", "session_id": "s"}}}))
    pending = JobBook(path).pending("k")
    assert pending is not None and (pending.format, pending.quality) == ("mp4", "high")
    assert abs(pending.submitted_at - time.time()) < 60


def test_an_unwritable_place_does_not_break_the_export(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    book = JobBook(blocker / "book.json")  # its folder is a file: cannot be created
    book.remember_render("k", RENDER)  # no exception
    assert book.pending("k") is None


def test_default_place_is_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_book_path() == tmp_path / BOOK_NAME
    assert JobBook().path == tmp_path / BOOK_NAME
