from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

import pytest
from nemo_widgets.widgets._runner import UiRunner, detect_mode


def test_foreground_applies_updates_on_the_calling_thread() -> None:
    runner = UiRunner("foreground")
    seen: list[str] = []
    worker: list[str] = []

    async def job() -> int:
        worker.append(threading.current_thread().name)
        for _ in range(3):
            runner.ui(lambda seen=seen: seen.append(threading.current_thread().name))
            await asyncio.sleep(0.01)
        return 7

    assert runner.start(job) == 7
    assert worker == ["nemo-widgets-loop"]  # the work ran off the main thread
    assert seen == [threading.current_thread().name] * 3  # its updates were applied here


def test_foreground_reraises_the_error_of_the_work() -> None:
    runner = UiRunner("foreground")

    async def job() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        runner.start(job)


def test_background_returns_at_once_and_wait_pumps_the_updates() -> None:
    runner = UiRunner("background")
    release = threading.Event()
    seen: list[str] = []

    async def job() -> str:
        await asyncio.get_running_loop().run_in_executor(None, release.wait)
        runner.ui(lambda: seen.append(threading.current_thread().name))
        return "done"

    future = runner.start(job)
    assert isinstance(future, concurrent.futures.Future)  # background: a future, not the result
    assert not future.done()  # the caller was not blocked
    release.set()
    runner.wait(timeout=5)
    assert future.result() == "done"
    assert seen == [threading.current_thread().name]
    assert not runner.busy


async def test_background_hands_updates_to_the_kernel_loop() -> None:
    # inside a running loop (as in a kernel), updates are scheduled on that loop's thread
    runner = UiRunner("background")
    here = threading.current_thread().name
    seen: list[str] = []
    done = asyncio.Event()

    async def job() -> None:
        def note() -> None:
            seen.append(threading.current_thread().name)
            done.set()

        runner.ui(note)

    runner.start(job)
    await asyncio.wait_for(done.wait(), 5)
    assert seen == [here]


def test_cancel_all_stops_the_work() -> None:
    runner = UiRunner("background")

    async def job() -> None:
        await asyncio.sleep(30)

    future = runner.start(job)
    assert future is not None
    runner.cancel_all()
    with pytest.raises(concurrent.futures.CancelledError):
        future.result(timeout=5)
    assert future.cancelled()


def test_mode_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEMO_WIDGETS_MODE", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert detect_mode() == "background"
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261101")
    assert detect_mode() == "foreground"
    monkeypatch.setenv("NEMO_WIDGETS_MODE", "background")
    assert detect_mode() == "background"


def test_foreground_first_updates_wait_for_the_calling_thread_even_when_the_worker_is_warm() -> None:
    runner = UiRunner("foreground")
    here = threading.current_thread().name

    async def warm() -> None:
        return None

    runner.start(warm)  # the worker loop is running and idle: new work starts at once
    for _ in range(50):
        seen: list[str] = []

        async def job(seen: list[str] = seen) -> None:
            runner.ui(lambda: seen.append(threading.current_thread().name))  # before any await

        runner.start(job)
        assert seen == [here]


def test_foreground_work_started_from_an_update_on_the_worker_thread_does_not_deadlock() -> None:
    # a script drives a foreground runner from its own thread: nobody pumps, so updates run on the worker,
    # and an update that starts more work (the Studio fetches the claim link when a result is shown) must not wait
    runner = UiRunner("foreground")
    follow_up: list[str] = []

    async def claim() -> None:
        follow_up.append("claim fetched")

    async def export() -> str:
        runner.ui(lambda: runner.start(claim))
        return "exported"

    outcome: list[Any] = []  # what start() gave the script thread
    script = threading.Thread(target=lambda: outcome.append(runner.start(export)), daemon=True)
    script.start()
    script.join(10)
    assert not script.is_alive(), "deadlocked"
    assert outcome == ["exported"]
    runner.wait(timeout=5)
    assert follow_up == ["claim fetched"]
