"""A file picker for the kernel's disk: click a file, then one *Upload*.

The folder's sub-folders and its accepted files are one list (a folder opens
with a click, ``..`` goes up, the path above the list goes back to any parent);
picking a file names it on the *Upload* button, which is the only action left.
There is no file-name box to type into and no separate "Select" step.

From the keyboard a list that opens a folder on every change would be a trap (the first arrow key opens
``..``), so a small page-side module (:class:`_ListKeys`) makes the arrow keys, Home, End and the page keys
only move the highlight, and Enter or Space choose it: a folder opens (the new list takes the focus), a file
is picked; then Tab reaches *Upload*. A mouse click still opens or picks at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["DiskPicker"]

UP = "⬆ .."
FOLDER = "📁 "
#: The longest file name shown whole on the Upload button.
_BUTTON_NAME = 28

_KEYS_ESM = """
// The picker's list from the keyboard: arrows, Home, End, PageUp/PageDown move the highlight and tell the
// kernel nothing (selectedIndex set by script fires no change); Enter or Space choose: the change the kernel
// hears, as a click. A chosen folder is replaced by a new list, which then takes the focus.
const MOVES = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5, Home: -1e9, End: 1e9 };
function render({ model, el }) {
  let picker = null, frame = 0, waiting = 0;
  // an entry's value, not its text (ipywidgets shows spaces as &nbsp;)
  const opens = (option) => model.get("folder_marks").some((mark) => option.value.startsWith(mark));
  // the kernel replaces the list of a folder it opened: the new one takes the focus once it is drawn
  const focusNewList = (old, frames) => {
    const list = picker.querySelector(".widget-select select");
    if (list && list !== old && list.isConnected) {
      if (!picker.contains(document.activeElement) || document.activeElement === old) list.focus();
    } else if (frames > 0) {
      waiting = requestAnimationFrame(() => focusNewList(old, frames - 1));
    }
  };
  const onKey = (event) => {
    const list = event.target;
    if (!(list instanceof HTMLSelectElement) || !list.closest(".widget-select")) return;
    if (event.altKey || event.ctrlKey || event.metaKey || !list.options.length) return;
    const count = list.options.length;
    if (event.key in MOVES) {
      event.preventDefault();
      event.stopPropagation();
      const at = list.selectedIndex, step = MOVES[event.key];
      const next = at < 0 ? (step > 0 ? 0 : count - 1) : at + step;
      list.selectedIndex = Math.max(0, Math.min(count - 1, next));
      list.options[list.selectedIndex].scrollIntoView({ block: "nearest" });
    } else if ((event.key === "Enter" || event.key === " ") && list.selectedIndex >= 0) {
      event.preventDefault();
      event.stopPropagation();
      const folder = opens(list.options[list.selectedIndex]);
      list.dispatchEvent(new Event("change", { bubbles: true }));
      cancelAnimationFrame(waiting);
      if (folder) focusNewList(list, 1200); // about 20 s of frames: the kernel may be busy
    }
  };
  const attach = () => {
    picker = el.closest(".nemo-disk-picker");
    if (!picker) {
      if (frame++ < 600) requestAnimationFrame(attach);
      return;
    }
    picker.setAttribute("data-lm-suppress-shortcuts", "true"); // arrows and Enter are the list's, not the notebook's
    picker.addEventListener("keydown", onKey, true);
  };
  attach();
  // A pending focusNewList outlives this view on purpose: the kernel's new list also redraws the boxes after
  // it, this one included (its frames are counted: it ends by itself).
  return () => {
    frame = Infinity;
    if (picker) picker.removeEventListener("keydown", onKey, true);
  };
}
export default { render };
"""


class _ListKeys(anywidget.AnyWidget):
    """Invisible: the keyboard behaviour of the picker's list (see the module's docstring)."""

    _esm = traitlets.Unicode(_KEYS_ESM).tag(sync=True)
    folder_marks = traitlets.List(traitlets.Unicode(), help="how an entry that opens a folder starts").tag(sync=True)


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
        self._actions = widgets.HBox(
            [self.upload, self.note, _ListKeys(folder_marks=[UP, FOLDER], layout={"display": "none"})]
        )
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
        # a visible label: a screen reader names the list by it (axe: a <select> with only a hidden label has none)
        listing = widgets.Select(
            options=list(options), value=None, rows=self._rows, description="Files", layout={"width": "auto"}
        )
        listing.style.description_width = "initial"
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
