"""The faults a test can force: the header and the armed plan."""

from __future__ import annotations

from nemo_widgets.local.faults import Fault, FaultPlan


def test_fault_plan_header_and_armed() -> None:
    armed: dict[str, int] = {"429": 1, "slow-render:2": 1}
    plan = FaultPlan(armed)
    assert plan.take("chat", {"x-nemo-fault": "drop-stream"}) == [Fault("drop-stream")]
    assert plan.take("token", {"x-nemo-fault": "drop-stream"}) == []  # not a chat: ignored
    assert plan.take("state", {}) == [Fault("429")]
    assert plan.take("state", {}) == []
    assert plan.take("chat", {}) == []  # slow-render waits for an export
    assert plan.take("export", {}) == [Fault("slow-render", "2")] and Fault("slow-render", "2").seconds() == 2
    assert armed == {}
