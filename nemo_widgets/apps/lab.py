"""``nemo-widgets lab``: JupyterLab on the quickstart notebook, with sample clips ready."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from nemo_widgets.apps.samples import ensure_samples

__all__ = ["find_notebook_dir", "jupyter_lab_command", "launch_lab"]

QUICKSTART = "quickstart.ipynb"


def find_notebook_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``quickstart.ipynb``: explicit, ./notebooks, the source checkout, else ~/nemo-widgets."""
    if explicit is not None:
        return Path(explicit).expanduser().resolve()
    for candidate in (Path.cwd() / "notebooks", Path(__file__).resolve().parents[2] / "notebooks"):
        if (candidate / QUICKSTART).is_file():
            return candidate
    return Path.home() / "nemo-widgets"


def _ensure_notebooks(folder: Path) -> None:
    """Copy the shipped notebooks into ``folder`` when it has none (an installed, non-checkout package)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / QUICKSTART).is_file():
        return
    shipped = Path(__file__).resolve().parents[2] / "notebooks"
    if shipped.is_dir():
        for nb in shipped.glob("*.ipynb"):
            shutil.copy2(nb, folder / nb.name)


def jupyter_lab_command(folder: Path, *, port: int, open_browser: bool, extra: list[str]) -> list[str]:
    """The argument list that starts JupyterLab on the quickstart (pure: tests check it)."""
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        str(folder / QUICKSTART),
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
    ]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra)


def launch_lab(
    directory: str | None, *, port: int = 8888, open_browser: bool = True, extra: list[str] | None = None
) -> int:
    """Prepare the notebooks and sample clips, then replace this process with JupyterLab."""
    folder = find_notebook_dir(directory)
    _ensure_notebooks(folder)
    try:
        ensure_samples(folder / "samples")
    except Exception as exc:  # noqa: BLE001 - the notebook can still make them; say why here
        print(f"nemo-widgets: sample clips not generated ({exc}); the quickstart will try again.", file=sys.stderr)
    cmd = jupyter_lab_command(folder, port=port, open_browser=open_browser, extra=extra or [])
    print(f"nemo-widgets: starting JupyterLab on {folder / QUICKSTART} (embedded engine, no account needed)")
    sys.stdout.flush()
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover - execv does not return
