"""The inline player for an exported file, chosen per environment.

The browser often cannot reach the kernel's localhost (Colab, Binder,
JupyterHub), so the player never points at the engine. Per result:

1. **Embedded** when the file is at most ``embed_limit`` bytes (20 MB by
   default): the bytes travel in the widget's state, so it plays in every
   front end (JupyterLab, Notebook 7, VS Code, Colab, Binder). The saved
   notebook carries them too, which is why large files are not embedded.
2. **Served by the notebook server** when the file is larger and a Jupyter
   server serves the kernel's folder: ``<base_url>files/<path>`` (the server
   is found from the kernel's ``JPY_PARENT_PID`` and its runtime file; the
   JupyterHub/Binder prefix is its base URL).
3. **A path** otherwise (VS Code, Colab for large files): the file is on the
   kernel's disk; the widget says where.

The download link uses the notebook server's ``files/…?download=1`` where it
can, else the path (and, on Colab, a button that calls
``google.colab.files.download``).
"""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets

from nemo_widgets.protocol.constants import export_format
from nemo_widgets.protocol.settings import detect_runtime

__all__ = ["DEFAULT_EMBED_LIMIT", "MediaPlayer", "notebook_files_url"]

DEFAULT_EMBED_LIMIT = 20 * 1024 * 1024
#: VS Code's notebook player plays MP4 video and MP3, but not AAC audio (an M4A file).
VSCODE_AAC_HINT = (
    "VS Code's notebook player does not play AAC audio (M4A): open the file, or export as MP3 to play it here."
)


def _server_info(env: dict[str, str]) -> tuple[Path, str] | None:
    """(root_dir, base_url) of the Jupyter server that started this kernel, from its runtime file.

    jupyter_client gives the kernel ``JPY_PARENT_PID`` (the server's pid) and the
    server writes ``jpserver-<pid>.json`` in the runtime folder (Jupyter Server 2;
    classic Notebook 6 writes ``nbserver-<pid>.json`` with ``notebook_dir``). Only
    the root folder and the base URL are read from it (it also holds the server's token).
    """
    pid = env.get("JPY_PARENT_PID", "")
    if not pid.isdigit():
        return None
    try:
        from jupyter_core.paths import jupyter_runtime_dir

        runtime = Path(env.get("JUPYTER_RUNTIME_DIR") or jupyter_runtime_dir())
    except Exception:  # noqa: BLE001 - no jupyter_core: no server we can see
        return None
    for prefix in ("jpserver", "nbserver"):
        try:
            info = json.loads((runtime / f"{prefix}-{pid}.json").read_text(encoding="utf-8"))
            root = info.get("root_dir") or info["notebook_dir"]
            return Path(root), str(info.get("base_url") or "/")
        except Exception:  # noqa: BLE001 - no such server file (or not one we can read): try the other
            continue
    return None


def _root_from_session(env: dict[str, str], cwd: Path) -> Path | None:
    """The server root from a relative ``JPY_SESSION_NAME`` (older servers): cwd minus the notebook's folder."""
    session = env.get("JPY_SESSION_NAME", "")
    if not session or os.path.isabs(session):
        return None
    root = cwd
    for _ in range(len(Path(session).parent.parts)):
        root = root.parent
    return root


def notebook_files_url(path: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str | None:
    """The notebook server's ``files/`` URL for ``path``, or None when no Jupyter server serves it.

    The server is found from the kernel's environment (its runtime file, or a
    relative ``JPY_SESSION_NAME``); VS Code and Colab have no ``files/`` handler.
    On JupyterHub/Binder the prefix comes from the server's base URL (or
    ``JUPYTERHUB_SERVICE_PREFIX``).
    """
    env = dict(os.environ) if env is None else env
    if detect_runtime(env) in ("vscode", "colab"):
        return None
    cwd = (cwd or Path.cwd()).resolve()
    found = _server_info(env)
    if found is not None:
        root, prefix = found
    else:
        session_root = _root_from_session(env, cwd)
        if session_root is None:
            return None
        root, prefix = session_root, env.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    try:
        relative = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if not prefix.endswith("/"):
        prefix += "/"
    return prefix + "files/" + quote(relative.as_posix())


class MediaPlayer(widgets.VBox):
    """A video or audio player plus a download link, for one exported file."""

    def __init__(self, *, embed_limit: int = DEFAULT_EMBED_LIMIT) -> None:
        self.embed_limit = embed_limit
        self.player: widgets.Video | widgets.Audio | None = None
        self.link = widgets.HTML()
        self._download_button = widgets.Button(
            description="Download", icon="download", layout=widgets.Layout(display="none")
        )
        self._download_button.on_click(self._on_download)
        self._path: Path | None = None
        self._how = "none"
        super().__init__([self.link, self._download_button])

    @property
    def how(self) -> str:
        """How the current file is shown: ``embedded``, ``served``, ``path`` or ``none``."""
        return self._how

    def show(self, path: str | os.PathLike[str], media_type: str, fmt: str) -> None:
        """Show the file at ``path``; ``media_type`` is ``video`` or ``audio``."""
        path = Path(path)
        self._path = path
        cls = widgets.Audio if media_type == "audio" else widgets.Video
        served = notebook_files_url(path)
        size = path.stat().st_size
        options = dict(autoplay=False, loop=False, controls=True)
        if size <= self.embed_limit:
            self.player = cls(value=path.read_bytes(), format=fmt, **options)
            self._how = "embedded"
        elif served is not None:
            self.player = cls(value=served.encode(), format="url", **options)
            self._how = "served"
        else:
            self.player = None
            self._how = "path"
        if media_type == "video" and self.player is not None:
            self.player.layout = widgets.Layout(max_width="640px", width="100%")
        self.link.value = self._link_html(path, served, size)
        if export_format(fmt) == "m4a" and detect_runtime(os.environ) == "vscode":
            self.link.value += f"<br><span style='opacity:.85'>{html.escape(VSCODE_AAC_HINT)}</span>"
        on_colab = detect_runtime(os.environ, sys.modules) == "colab"
        self._download_button.layout.display = "" if on_colab else "none"
        self.children = tuple(c for c in (self.player, self.link, self._download_button) if c is not None)

    def clear(self) -> None:
        self.player = None
        self._how = "none"
        self.link.value = ""
        self.children = (self.link, self._download_button)

    @staticmethod
    def _link_html(path: Path, served: str | None, size: int) -> str:
        size_text = f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"
        name = html.escape(path.name)
        if served:
            return (
                f'<a href="{html.escape(served)}?download=1" download="{name}" target="_blank">'
                f"⬇ Download {name}</a> ({size_text})"
            )
        return f"Saved on the kernel's disk: <code>{html.escape(str(path))}</code> ({size_text})"

    def _on_download(self, _button: widgets.Button) -> None:
        if self._path is None:
            return
        try:
            from google.colab import files

            files.download(str(self._path))
        except Exception:  # noqa: BLE001 - outside Colab the link above is the way
            pass
