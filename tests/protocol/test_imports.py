"""The protocol floor stands alone: no Jupyter, no plotting, no server; pinned public names."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

MODULES = [
    "nemo_widgets.protocol",
    "nemo_widgets.protocol.constants",
    "nemo_widgets.protocol.settings",
    "nemo_widgets.protocol.errors",
    "nemo_widgets.protocol.draft",
    "nemo_widgets.protocol.models",
    "nemo_widgets.protocol.events",
    "nemo_widgets.protocol.intents",
    "nemo_widgets.protocol.schedule",
    "nemo_widgets.protocol.client",
    "nemo_widgets.protocol.async_client",
]

HEAVY = ("ipywidgets", "matplotlib", "starlette", "uvicorn", "traitlets", "IPython")


def test_imports_with_ipywidgets_blocked():
    code = (
        "import sys\n"
        "for name in ('ipywidgets', 'matplotlib', 'starlette', 'uvicorn'):\n"
        "    sys.modules[name] = None\n"
        f"for module in {MODULES!r}:\n"
        "    __import__(module)\n"
        "import nemo_widgets.protocol as p\n"
        "for name in p.__all__:\n"
        "    getattr(p, name)\n"
        f"print(sorted(n for n in {HEAVY!r} if sys.modules.get(n) is not None))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_client_import_pulls_nothing_heavy():
    code = "import sys, nemo_widgets.protocol.client, nemo_widgets.protocol.async_client; print(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    loaded = set(eval(done.stdout))
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


PUBLIC = {
    "nemo_widgets.protocol.client": ["ChatStream", "NemoClient"],
    "nemo_widgets.protocol.async_client": ["AsyncChatStream", "AsyncNemoClient"],
    "nemo_widgets.protocol.settings": ["DEFAULT_PROFILE", "PROFILES", "Profile", "Settings", "detect_platform",
                                       "detect_runtime", "load_client_id"],
    "nemo_widgets.protocol.draft": ["Draft", "Segment", "Track", "diff", "format_seconds"],
    "nemo_widgets.protocol.events": ["ChatEvent", "EventKind", "TurnDecoder", "decode_adk", "decode_data"],
    "nemo_widgets.protocol.intents": ["CREDITS_KEYWORDS", "EDIT_KEYWORDS", "EXPORT_KEYWORDS", "Intent",
                                      "STATE_KEYWORDS", "Translation", "UPLOAD_KEYWORDS", "route", "suggestions",
                                      "translate"],
    "nemo_widgets.protocol.schedule": ["AdaptiveSchedule", "FixedSchedule", "Poll", "PollSchedule"],
    "nemo_widgets.protocol.models": ["Credits", "Draft", "MediaInfo", "RenderJob", "RenderResult", "RenderStatus",
                                     "Reply", "Segment", "SessionInfo", "SessionState", "Track", "diff"],
}  # fmt: skip


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_exported_names_are_pinned(module):
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == sorted(PUBLIC[module])
    for name in mod.__all__:
        assert hasattr(mod, name)


def test_twins_have_the_same_public_methods():
    from nemo_widgets.protocol.async_client import AsyncNemoClient
    from nemo_widgets.protocol.client import NemoClient

    def public(cls):
        return {name for name in dir(cls) if not name.startswith("_")}

    assert public(NemoClient) - {"close"} == public(AsyncNemoClient) - {"aclose", "close"}


def test_top_level_lazy_names():
    import nemo_widgets

    for name in ("NemoClient", "AsyncNemoClient", "Settings", "Profile", "PROFILES", "NemoError", "Draft", "route",
                 "translate"):  # fmt: skip
        assert getattr(nemo_widgets, name) is not None


def test_the_library_prints_no_log_line_unless_logging_is_set_up() -> None:
    code = (
        "import logging, nemo_widgets; from nemo_widgets.protocol import client; "
        "logging.getLogger('nemo_widgets.protocol').warning('the token you supplied was refused')"
    )
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 0 and quiet.stderr == ""  # no stray line in some notebook cell
    loud = subprocess.run(
        [sys.executable, "-c", "import logging; logging.basicConfig(); " + code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "the token you supplied was refused" in loud.stderr  # the user's own logging sees it


def test_the_lazy_names_are_written_out_and_typed() -> None:
    """``__all__``, the lazy table and the TYPE_CHECKING imports name the same things (so ``Studio`` types)."""
    import ast
    import inspect

    import nemo_widgets

    tree = ast.parse(inspect.getsource(nemo_widgets))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom)
                typed.update({alias.name: str(imp.module) for alias in imp.names})
    assert set(nemo_widgets.__all__) == {"__version__", *nemo_widgets._LAZY}
    assert typed == nemo_widgets._LAZY
