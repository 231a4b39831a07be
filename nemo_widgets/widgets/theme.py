"""The Studio's stylesheet: every colour from the front end's CSS variables, widths from 360 px up.

JupyterLab (and Notebook 7, Voilà) define the ``--jp-*`` variables for light,
dark and high-contrast themes; VS Code maps many of them, and each rule
carries a fallback (a VS Code variable or a neutral colour) for front ends
that define none (Colab). ipywidgets' own button and tab colours are just
under WCAG AA contrast in JupyterLab's light theme, so they are restyled
here (and a label longer than its column wraps inside its button instead of pushing it out), and a fixed colour a child widget writes inline (ipyfilechooser's black
"No selection") gives way to the theme's text colour. The sheet travels as an ``HTML`` widget's ``<style>``, which every
front end draws, ipywidgets 7 included.
"""

from __future__ import annotations

__all__ = ["STUDIO_CSS"]

_TEXT = "var(--jp-ui-font-color1, var(--vscode-foreground, #1f1f1f))"
_SURFACE = "var(--jp-layout-color2, var(--vscode-input-background, #eeeeee))"
_BORDER = "var(--jp-border-color1, var(--vscode-panel-border, #8a8a8a))"
_QUIET_BORDER = "var(--jp-border-color2, var(--vscode-panel-border, #d0d0d0))"
_BRAND = "var(--jp-brand-color0, var(--vscode-button-background, #0d47a1))"

STUDIO_CSS = f"""<style>
.nemo-studio {{ box-sizing: border-box; color: {_TEXT}; border: 1px solid {_QUIET_BORDER}; border-radius: 8px; }}
.nemo-studio * {{ box-sizing: border-box; }}
.nemo-studio .nemo-columns {{ gap: 12px; }}
.nemo-studio .nemo-column {{ flex: 1 1 340px; min-width: 0; gap: 10px; }}
.nemo-studio .nemo-panel {{ border-top: 1px solid {_QUIET_BORDER}; padding-top: 6px; }}
.nemo-studio .widget-label, .nemo-studio .widget-html, .nemo-studio .widget-html-content,
.nemo-studio .widget-label-basic, .nemo-studio label {{ color: {_TEXT}; }}
.nemo-studio .widget-html-content, .nemo-studio .widget-label {{ white-space: normal; overflow-wrap: break-word; }}
.nemo-studio .widget-html-content {{ height: auto; line-height: 1.4; }}
.nemo-studio .widget-box {{ max-width: 100%; min-width: 0; }}
.nemo-studio .widget-hbox {{ flex-wrap: wrap; row-gap: 4px; }}
.nemo-studio .widget-vbox > .jupyter-button, .nemo-studio .widget-vbox > .widget-button {{ align-self: flex-start; }}
.nemo-studio .widget-inline-hbox .widget-label {{ white-space: nowrap; }}
.nemo-studio .widget-dropdown {{ max-width: 100%; min-width: 0; flex: 0 1 auto; }}
.nemo-studio .widget-dropdown select {{ min-width: 6em; }}
.nemo-studio .jupyter-button, .nemo-studio .widget-button {{ flex: 0 0 auto; width: auto;
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); min-width: 0; height: auto; min-height: var(--jp-widgets-inline-height, 28px); white-space: normal; padding: 0 12px; border-radius: 4px; color: {_TEXT}; background: {_SURFACE};
  border: 1px solid {_BORDER}; }}
.nemo-studio .jupyter-button.mod-primary, .nemo-studio .widget-button.mod-primary {{ color: #ffffff;
  background: {_BRAND}; border-color: transparent; }}
.nemo-studio .jupyter-button:focus-visible {{ outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 1px; }}
.nemo-studio .jupyter-button:disabled {{ opacity: 0.55; }}
.nemo-studio .lm-TabBar-content, .nemo-studio .p-TabBar-content {{ flex-wrap: wrap; }}
.nemo-studio .lm-TabBar, .nemo-studio .p-TabBar {{ height: auto; min-height: var(--jp-widgets-horizontal-tab-height, 24px); }}
.nemo-studio .lm-TabBar-tab, .nemo-studio .p-TabBar-tab {{ color: {_TEXT}; background: {_SURFACE};
  flex: 0 0 auto; min-width: fit-content; }}
.nemo-studio .lm-TabBar-tab.lm-mod-current, .nemo-studio .p-TabBar-tab.p-mod-current {{
  background: var(--jp-layout-color1, transparent); }}
.nemo-studio .lm-TabBar-tabLabel, .nemo-studio .p-TabBar-tabLabel {{ color: {_TEXT}; }}
.nemo-studio .widget-tab > .widget-tab-contents, .nemo-studio .widget-tab > .lm-TabBar,
.nemo-studio .widget-tab > .p-TabBar {{ max-width: 100%; }}
.nemo-studio .widget-html-content span[style*="color"] {{ color: {_TEXT} !important; }}
.nemo-studio .widget-readout, .nemo-studio .widget-text input, .nemo-studio textarea {{ color: {_TEXT}; }}
.nemo-studio a {{ color: var(--jp-content-link-color, var(--vscode-textLink-foreground, #1565c0)); }}
.nemo-studio code {{ color: {_TEXT}; background: transparent; overflow-wrap: anywhere; }}
.nemo-studio .nemo-status {{ padding: 2px 0 2px 8px; border-left: 3px solid {_BORDER}; color: {_TEXT}; }}
.nemo-studio .nemo-status.nemo-ok {{ border-left-color: var(--jp-success-color1, #388e3c); }}
.nemo-studio .nemo-status.nemo-busy {{ border-left-color: var(--jp-brand-color1, #1976d2); }}
.nemo-studio .nemo-status.nemo-warn {{ border-left-color: var(--jp-warn-color1, #f57c00); }}
.nemo-studio .nemo-status.nemo-error {{ border-left-color: var(--jp-error-color1, #d32f2f); }}
.nemo-studio .nemo-credits {{ display: inline-block; border: 1px solid {_BORDER}; border-radius: 10px; padding: 1px 8px; }}
.nemo-studio .nemo-problem {{ border-left: 3px solid var(--jp-warn-color1, #f57c00); padding-left: 6px; }}
.nemo-studio .nemo-msg {{ margin: 4px 0; }}
.nemo-studio .nemo-media {{ container-type: inline-size; }}
.nemo-studio .nemo-media-grid {{ display: grid !important; align-items: center; column-gap: 16px; row-gap: 2px;
  grid-template-columns: minmax(0, 2fr) max-content minmax(0, 1.5fr) max-content; }}
.nemo-studio .nemo-media-grid > .widget-hbox {{ display: contents !important; }}
.nemo-studio .nemo-media .widget-html {{ margin: 0; min-width: 0; }}
.nemo-studio .nemo-media .widget-html-content {{ overflow-wrap: anywhere; }}
.nemo-studio .nemo-media-head .widget-html {{ align-self: end; border-bottom: 1px solid {_QUIET_BORDER};
  padding-bottom: 2px; }}
@container (max-width: 380px) {{
  .nemo-studio .nemo-media-grid {{ grid-template-columns: minmax(0, 1fr) max-content; }}
  .nemo-studio .nemo-media-grid > .nemo-media-head {{ display: none !important; }}
  .nemo-studio .nemo-media-row > :nth-child(1), .nemo-studio .nemo-media-row > :nth-child(2) {{ padding-top: 6px; }}
  .nemo-studio .nemo-media-row > :nth-child(3), .nemo-studio .nemo-media-row > :nth-child(4) {{
    padding-bottom: 6px; border-bottom: 1px solid {_QUIET_BORDER}; }}
}}
.nemo-studio .nemo-media .jupyter-button {{ margin: 2px 0; max-width: 100%; }}  /* its track is its own width */
.nemo-studio .nemo-chart {{ max-width: 100%; height: auto; }}
.nemo-studio .nemo-chart:focus {{ outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 2px; }}
.nemo-studio video, .nemo-studio audio {{ max-width: 100%; margin-left: 0; margin-right: 0; }}
.nemo-studio .progress-bar-danger, .nemo-studio .widget-progress .progress-bar-danger {{
  background-color: var(--jp-error-color1, #d32f2f); }}
</style>"""
