"""Distinct accessible names for buttons whose short label repeats (a *Remove* on every row of a list).

ipywidgets' ``Button`` has no ``aria-label``: its accessible name is its visible label, so five rows meant
five buttons a screen reader announced as "Remove". A button passed through :func:`named` keeps its short
label and takes its tooltip (which names the file: "Remove clip.mp4 from the timeline") as its accessible
name, set in the page by :class:`AccessibleNames`, one per Studio. The tooltip starts with the visible label,
so a voice-control user saying what they see ("click Remove") still reaches it (WCAG's label in name).

Where the module cannot load (a front end without anywidget), the buttons keep their label and their tooltip.
"""

from __future__ import annotations

from typing import TypeVar

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["NAMED_CLASS", "AccessibleNames", "named"]

#: The DOM class of a button whose tooltip is its accessible name.
NAMED_CLASS = "nemo-named"

B = TypeVar("B", bound=widgets.Button)

_ESM = """
// Buttons marked NAMED_CLASS inside the Studio get their title (the tooltip ipywidgets sets) as aria-label,
// now and whenever rows are redrawn or a tooltip changes.
function render({ model, el }) {
  const selector = `button.${model.get("named_class")}`;
  const apply = (root) => {
    for (const button of root.querySelectorAll(selector)) {
      const title = button.getAttribute("title");
      if (title && button.getAttribute("aria-label") !== title) button.setAttribute("aria-label", title);
    }
  };
  let observer = null;
  let frame = 0;
  const attach = () => {
    const root = el.closest(model.get("scope"));
    if (!root) {  // not in the page yet: the box that holds this view appends it after rendering
      if (frame++ < 600) requestAnimationFrame(attach);
      return;
    }
    apply(root);
    observer = new MutationObserver(() => apply(root));
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["title"] });
  };
  attach();
  return () => { if (observer) observer.disconnect(); frame = Infinity; };
}
export default { render };
"""


class AccessibleNames(anywidget.AnyWidget):
    """Invisible: names the marked buttons inside the nearest ``scope`` element (the Studio)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    named_class = traitlets.Unicode(NAMED_CLASS, help="the DOM class of the buttons to name").tag(sync=True)
    scope = traitlets.Unicode(".nemo-studio", help="CSS selector of the element whose buttons are named").tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(layout=widgets.Layout(display="none"), **kwargs)


def named(button: B) -> B:
    """Mark ``button``: its tooltip (which must start with its visible label) becomes its accessible name."""
    tooltip, label = str(button.tooltip or ""), str(button.description or "")
    if not tooltip.startswith(label):
        raise ValueError(f"the tooltip {tooltip!r} must start with the visible label {label!r}")
    button.add_class(NAMED_CLASS)
    return button
