"""Layout assertions a person would make by looking: nothing scrolls sideways, table cells stand apart.

Geometry from the live DOM, so they hold whether or not the browser draws
scrollbars (the classic-notebook test also shows them, as a person sees them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Locator

__all__ = ["cell_gaps", "overflows"]

_OVERFLOWS_JS = """(root) => {
    const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).slice(0, 3).join(".") : "");
    const found = [];
    const edge = root.getBoundingClientRect().right;
    const holders = [];
    for (let up = root.parentElement; up && holders.length < 6; up = up.parentElement) holders.push(up);
    for (const el of [...holders, root, ...root.querySelectorAll("*")]) {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (style.display === "none" || style.visibility === "hidden" || box.width === 0) continue;
        const scrolls = ["auto", "scroll"].includes(style.overflowX) || el === document.scrollingElement;
        if (scrolls && el.scrollWidth > el.clientWidth) {
            const wide = [...el.children].map((c) => `${name(c)} ${Math.round(c.getBoundingClientRect().width)}px`);
            const text = (el.textContent || "").trim().slice(0, 60);
            const at = el.getBoundingClientRect();
            found.push(`${name(el)} ("${text}") at x=${Math.round(at.left)} y=${Math.round(at.top)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}; in it: ${wide.join(", ")}`);
        }
        const clip = el.parentElement && el.parentElement.closest("[style*=overflow]");
        if (root.contains(el) && box.right > edge + 0.5 && !(clip && root.contains(clip))) {
            found.push(`${name(el)} sticks out ${Math.round(box.right - edge)} px`);
        }
    }
    return found;
}"""

_GAPS_JS = """(table) => {
    const gaps = [];
    // a <table>'s rows, or a list drawn as one HBox per row (the uploaded-media list)
    const rows = table.querySelectorAll("tr").length ? table.querySelectorAll("tr") : table.querySelectorAll(".widget-hbox");
    for (const row of rows) {
        const cells = [...row.children];
        for (let i = 0; i + 1 < cells.length; i++) {
            const text = (cell) => { const r = document.createRange(); r.selectNodeContents(cell); return r.getBoundingClientRect(); };
            const a = text(cells[i]), b = text(cells[i + 1]);
            const sameLine = b.top < a.bottom && a.top < b.bottom; // a cell wrapped to the next line has no gap
            if (a.width && b.width && sameLine) gaps.push(b.left - a.right);
        }
    }
    return gaps;
}"""


def overflows(root: Locator) -> list[str]:
    """What scrolls sideways in or around ``root`` (its output area included), or sticks out of its right edge."""
    return list(root.evaluate(_OVERFLOWS_JS))


def cell_gaps(table: Locator) -> list[float]:
    """Pixels between the text of neighbouring cells, for every row of ``table`` (a <table>, or boxes of cells)."""
    return [float(g) for g in table.evaluate(_GAPS_JS)]
