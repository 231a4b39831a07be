from __future__ import annotations

import asyncio
import threading

import pytest

from nemo_widgets.widgets._runner import UiRunner, detect_mode


def test_foreground_applies_updates_on_the_calling_thread() -> None:
    runner = UiRunner("foreground")
    seen: list[str] = []

    async def job() -> int:
        for _ in range(3):
            runner.ui(lambda: seen.append(threading.current_thread().name))
            await asyncio.sleep(0.01)
        return 7

    assert runner.start(job) == 7
    assert seen == [threading.current_thread().name] * 3


def test_foreground_reraises_the_error_of_the_work() -> None:
    runner = UiRunner("foreground")

    async def job() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        runner.start(job)


async def test_background_runs_as_a_task_on_the_running_loop() -> None:
    runner = UiRunner("background")
    started = asyncio.Event()

    async def job() -> str:
        started.set()
        await asyncio.sleep(0.01)
        return "done"

    task = runner.start(job)
    assert isinstance(task, asyncio.Task)  # returned at once, not awaited
    await started.wait()
    assert await task == "done"


def test_background_without_a_loop_uses_a_worker_thread() -> None:
    runner = UiRunner("background")

    async def job() -> str:
        return threading.current_thread().name

    assert runner.start(job).result(timeout=5) == "nemo-widgets-loop"


def test_mode_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEMO_WIDGETS_MODE", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert detect_mode() == "background"
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261101")
    assert detect_mode() == "foreground"
    monkeypatch.setenv("NEMO_WIDGETS_MODE", "background")
    assert detect_mode() == "background"
