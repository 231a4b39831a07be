"""A file picker for the kernel's disk: click a file, then one *Upload*.

The folder's sub-folders and its accepted files are one list (a folder opens
with a click, ``..`` goes up, the path above the list goes back to any parent);
picking a file names it on the *Upload* button, which is the only action left.
There is no file-name box to type into and no separate "Select" step.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

__all__ = ["DiskPicker"]

UP = "⬆ .."
FOLDER = "📁 "
#: The longest file name shown whole on the Upload button.
_BUTTON_NAME = 28


class DiskPicker(widgets.VBox):
    """Browse the kernel's disk from ``start_dir`` and upload the picked file (``on_pick(path)``)."""

    def __init__(
        self,
        start_dir: str | os.PathLike[str],
        extensions: Sequence[str],
        on_pick: Callable[[Path], None],
        *,
        rows: int = 8,
    ) -> None:
        self._extensions = {e.lower().lstrip(".") for e in extensions}
        self._on_pick = on_pick
        self.folder = Path(start_dir).expanduser().resolve()
        self.path = widgets.Dropdown(description="Folder", layout=widgets.Layout(width="auto"))
        self.path.style.description_width = "initial"
        self._rows = rows
        self.listing = self._new_listing(())
        self.upload = widgets.Button(
            description="Upload", icon="upload", button_style="primary", disabled=True, layout={"width": "auto"}
        )
        self.note = widgets.HTML()
        self.path.observe(self._on_path, names="value")
        self.upload.on_click(self._on_upload)
        self._actions = widgets.HBox([self.upload, self.note])
        super().__init__([self.path, self.listing, self._actions])
        self.add_class("nemo-disk-picker")
        self.show(self.folder)

    @property
    def selected(self) -> Path | None:
        """The picked file, if any."""
        value = str(self.listing.value or "")
        if not value or value == UP or value.startswith(FOLDER):
            return None
        return self.folder / value

    def show(self, folder: str | os.PathLike[str]) -> None:
        """List ``folder`` (it becomes the current one); an unreadable folder keeps the current one and says why."""
        target = Path(folder).expanduser().resolve()
        try:
            entries = sorted(os.scandir(target), key=lambda e: e.name.lower())
        except OSError as exc:
            self.note.value = f"<small>That folder cannot be read ({type(exc).__name__}).</small>"
            return
        folders = [FOLDER + e.name for e in entries if _is_dir(e) and not e.name.startswith(".")]
        files = [e.name for e in entries if not _is_dir(e) and self._accepted(e.name)]
        self.folder = target
        self.path.unobserve(self._on_path, names="value")
        self.path.options = [str(p) for p in (target, *target.parents)]
        self.path.value = str(target)
        self.path.observe(self._on_path, names="value")
        # a new list, not new options in the old one: the click that opened this folder is still being
        # applied to the old list (its value, then its index), and would land on an entry of the new one
        self.listing = self._new_listing(([UP] if target.parent != target else []) + folders + files)
        self.children = (self.path, self.listing, self._actions)
        self.note.value = "" if files else "<small>No video or audio file here: open a folder.</small>"
        self._name_button()

    def _new_listing(self, options: Sequence[str]) -> widgets.Select:
        listing = widgets.Select(options=list(options), value=None, rows=self._rows, layout={"width": "auto"})
        listing.observe(self._on_listing, names="value")
        return listing

    def _accepted(self, name: str) -> bool:
        return not name.startswith(".") and name.rpartition(".")[2].lower() in self._extensions and "." in name

    def _name_button(self) -> None:
        picked = self.selected
        name = picked.name if picked else ""
        short = name if len(name) <= _BUTTON_NAME else name[: _BUTTON_NAME - 1] + "…"
        self.upload.disabled = picked is None
        self.upload.description = f"Upload {short}" if picked else "Upload"
        self.upload.tooltip = f"Upload {name}" if picked else "Pick a file in the list first"

    # -- handlers ----------------------------------------------------------
    def _on_path(self, change: dict[str, Any]) -> None:
        if change.get("new"):
            self.show(change["new"])

    def _on_listing(self, change: dict[str, Any]) -> None:
        if change.get("owner") is not self.listing:
            return  # a list this picker has since replaced
        value = change.get("new")
        if value == UP:
            self.show(self.folder.parent)
        elif value and value.startswith(FOLDER):
            self.show(self.folder / value[len(FOLDER) :])
        else:
            self._name_button()

    def _on_upload(self, _button: Any = None) -> None:
        picked = self.selected
        if picked is not None:
            self._on_pick(picked)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
