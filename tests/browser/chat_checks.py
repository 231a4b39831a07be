"""What a person checks on the Studio as a chat: axe-core's verdict, themes, widths, cut labels, the log's scroll.

Geometry and colours are read from the live DOM; axe-core runs in the page
(axe-playwright-python carries its script). JupyterLab's ``<body>`` is 0 px
tall with overflow hidden, which makes axe take every text for clipped and
skip colour contrast: the body gets ``height: 100vh`` for the run, and the
number of elements judged for contrast is returned so a test can tell a pass
from a skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = ["AxeReport", "at_bottom", "cut_labels", "run_axe", "switch_lab_theme", "toggle_left_sidebar"]

_AXE_RUN = """async (root) => {
    // what the page shows at the middle of a node axe could not judge: the element over it, if any
    const on_top = (target) => {
        const el = document.querySelector(target.join(" "));
        if (!el) return "gone";
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (!top || el.contains(top)) return `on top at ${Math.round(box.top)}px`;
        return `under ${top.tagName.toLowerCase()}.${[...top.classList].join(".")} at ${Math.round(box.top)}px`;
    };
    const body = document.body.style.height;
    document.body.style.height = "100vh";
    try {
        const result = await axe.run(root, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations", "passes", "incomplete"],
        });
        const nodes = (list, id) => list.filter((r) => r.id === id).reduce((n, r) => n + r.nodes.length, 0);
        return {
            violations: result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => [n.target.join(" "), n.html.slice(0, 200), n.failureSummary].join(": "))})),
            contrast_passed: nodes(result.passes, "color-contrast"),
            contrast_failed: nodes(result.violations, "color-contrast"),
            contrast_incomplete: nodes(result.incomplete, "color-contrast"),
            // why axe could not judge a colour (another element over it, a background image ...), for a failure
            incomplete_reasons: result.incomplete.filter((r) => r.id === "color-contrast").flatMap((r) => r.nodes)
                .slice(0, 8).map((n) => [n.target.join(" "), ...n.any.map((c) => (c.data || {}).messageKey), on_top(n.target)]
                    .join(": ")).concat(document.getAnimations().slice(0, 4).map((a) =>
                    `animation ${a.playState}: ${a.animationName || a.transitionProperty || ""} on ${a.effect && a.effect.target ? a.effect.target.className : "?"}`)),
        };
    } finally {
        document.body.style.height = body;
    }
}"""

#: Text cut by its box: a button or label whose content is wider than what shows ("Ex…").
_CUT_JS = """(root) => {
    const cut = [];
    for (const el of root.querySelectorAll("button, .widget-label, label, .lm-TabBar-tabLabel, .p-TabBar-tabLabel")) {
        const box = el.getBoundingClientRect();
        if (!box.width || getComputedStyle(el).display === "none") continue;
        if (el.scrollWidth > el.clientWidth + 1) cut.push(`${(el.textContent || "").trim()} (${el.scrollWidth} > ${el.clientWidth} px)`);
    }
    return cut;
}"""


@dataclass
class AxeReport:
    violations: list[dict[str, Any]] = field(default_factory=list)
    contrast_passed: int = 0
    contrast_failed: int = 0
    contrast_incomplete: int = 0
    incomplete_reasons: list[str] = field(default_factory=list)

    @property
    def serious(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["impact"] in ("serious", "critical")]


def run_axe(page: Page, root: Locator) -> AxeReport:
    """axe-core's WCAG 2.1 A/AA rules on ``root``."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return AxeReport(**page.evaluate(_AXE_RUN, root.element_handle()))


def switch_lab_theme(page: Page, theme: str) -> None:
    """Settings → Theme → ``theme`` in JupyterLab's menu (live, no reload); waits until the body says so."""
    page.get_by_role("menuitem", name="Settings", exact=True).click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(r"^Theme$")).click()  # opens the submenu
    page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(rf"^{re.escape(theme)}$")).click()
    light = "false" if "Dark" in theme else "true"
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{light}'", timeout=60_000)
    # the menu closed and the new stylesheet applied: the page's own background is the theme's (a dark one is dark)
    page.wait_for_function(_THEME_SETTLED_JS, arg=light == "true", timeout=60_000)


#: No menu left open over the page, and the theme's own layout colour (read through a probe) as light or dark as
#: the theme says: the new stylesheet is applied, not only the body's attribute set.
_THEME_SETTLED_JS = """(light) => {
    if (document.querySelector(".lm-Menu")) return false;
    // no transition of the new theme's colours still running (a finite one: a spinner's never ends)
    const running = document.getAnimations().filter((a) => a.playState === "running"
        && (a.effect && a.effect.getTiming().iterations !== Infinity));
    if (running.length) return false;
    const probe = document.createElement("div");
    probe.style.background = "var(--jp-layout-color0, transparent)";
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const m = colour.match(/\\d+(\\.\\d+)?/g);
    if (!m || (m.length > 3 && Number(m[3]) === 0)) return false;
    const [r, g, b] = m.map(Number);
    return ((0.299 * r + 0.587 * g + 0.114 * b) / 255 > 0.5) === light;
}"""


def toggle_left_sidebar(page: Page) -> None:
    """The file browser's tab in JupyterLab's left bar: a click on the open tab folds its column away (or back)."""
    page.locator(".jp-SideBar.jp-mod-left li[data-id='filebrowser']").click()


def cut_labels(root: Locator) -> list[str]:
    return list(root.evaluate(_CUT_JS))


def at_bottom(log: Locator) -> bool:
    """The log shows its newest message: scrolled to the end (within a few pixels)."""
    return bool(log.evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight < 4"))
