// nemo-widgets' chat: the conversation and the composer (an anywidget ES module: no build step, no CDN).
//
// One module, two parts, chosen by the model's `part` trait:
// - "log": the conversation, newest message at the bottom. The kernel sends it as sanitised HTML
//   (Markdown rendered and cleaned by nh3 on the Python side); this view only places it, keeps the newest
//   message in view unless the reader scrolled up (then a "Jump to the newest message" button shows),
//   shows a typing state while a reply streams, and reports the page's theme colours to the kernel (the
//   timeline chart follows them).
// - "composer": a text box and one button, Send (or Stop while a reply streams). Enter sends, Shift+Enter
//   adds a line, and Enter while an input method composes (Chinese, Japanese) is left to the input method.
// Every colour is a JupyterLab CSS variable, with VS Code's variables and plain colours as fallbacks.

const STYLE_ID = "nemo-chat-view-style";
const CSS = `
.nemo-chatpart { box-sizing: border-box; width: 100%; max-width: 100%; font-family: var(--jp-ui-font-family, inherit);
  font-size: var(--jp-ui-font-size1, 13px); color: var(--jp-ui-font-color1, var(--vscode-foreground, inherit)); }
.nemo-chatpart * { box-sizing: border-box; }
.nemo-log { height: var(--nemo-log-height, 300px); overflow-y: auto; overflow-x: hidden; padding: 8px;
  border: 1px solid var(--jp-border-color2, var(--vscode-panel-border, #d0d0d0)); border-radius: 6px;
  background: var(--jp-layout-color0, var(--vscode-editor-background, transparent)); overflow-wrap: anywhere; }
.nemo-log:focus-visible { outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 1px; }
.nemo-log .nemo-msg { margin: 0 0 8px 0; line-height: 1.45; }
.nemo-log .nemo-msg:last-child { margin-bottom: 0; }
.nemo-log .nemo-who { display: block; font-weight: 600; font-size: var(--jp-ui-font-size0, 11px);
  color: var(--jp-ui-font-color1, inherit); margin-bottom: 2px; }
.nemo-log .nemo-user { margin-left: 15%; padding: 6px 10px; border-radius: 10px 10px 2px 10px;
  background: var(--jp-layout-color2, var(--vscode-input-background, #eeeeee));
  color: var(--jp-ui-font-color1, inherit); }
.nemo-log .nemo-agent { margin-right: 8%; padding: 6px 10px; border-radius: 10px 10px 10px 2px;
  background: var(--jp-layout-color1, var(--vscode-editor-background, transparent));
  border: 1px solid var(--jp-border-color2, #d0d0d0); color: var(--jp-content-font-color1, inherit); }
.nemo-log .nemo-note { font-style: italic; color: var(--jp-ui-font-color1, inherit); padding: 0 4px;
  border-left: 3px solid var(--jp-border-color1, #bdbdbd); }
.nemo-log .nemo-note.nemo-note-error { border-left-color: var(--jp-error-color1, #d32f2f); }
.nemo-log .nemo-empty { color: var(--jp-ui-font-color1, inherit); padding: 4px; }
.nemo-log p, .nemo-log ul, .nemo-log ol, .nemo-log pre, .nemo-log table { margin: 4px 0; }
.nemo-log a { color: var(--jp-content-link-color, var(--vscode-textLink-foreground, #1565c0)); }
.nemo-log code, .nemo-log pre { font-family: var(--jp-code-font-family, monospace);
  background: var(--jp-layout-color2, rgba(127,127,127,0.15)); border-radius: 3px; padding: 0 3px; }
.nemo-log pre { padding: 6px; overflow-x: auto; white-space: pre-wrap; }
.nemo-log table { border-collapse: collapse; }
.nemo-log th, .nemo-log td { border: 1px solid var(--jp-border-color2, #d0d0d0); padding: 2px 6px; }
.nemo-typing { display: none; align-items: center; gap: 6px; margin-top: 6px; min-height: 18px;
  color: var(--jp-ui-font-color1, inherit); }
.nemo-typing.nemo-on { display: flex; }
.nemo-dots span { display: inline-block; width: 6px; height: 6px; margin-right: 3px; border-radius: 50%;
  background: var(--jp-brand-color1, #1976d2); animation: nemo-blink 1.2s infinite ease-in-out; }
.nemo-dots span:nth-child(2) { animation-delay: 0.2s; }
.nemo-dots span:nth-child(3) { animation-delay: 0.4s; }
@keyframes nemo-blink { 0%, 80%, 100% { opacity: 0.25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .nemo-dots span { animation: none; } }
.nemo-jump { display: none; margin: 6px 0 0 auto; }
.nemo-jump.nemo-on { display: block; }
.nemo-composer { display: flex; gap: 6px; align-items: flex-end; width: 100%; }
.nemo-composer textarea { flex: 1 1 auto; min-width: 0; min-height: 40px; max-height: 160px; resize: vertical;
  padding: 6px 8px; font: inherit; line-height: 1.4; border-radius: 6px;
  color: var(--jp-ui-font-color1, var(--vscode-input-foreground, inherit));
  background: var(--jp-layout-color1, var(--vscode-input-background, #ffffff));
  border: 1px solid var(--jp-border-color1, var(--vscode-input-border, #8a8a8a)); }
.nemo-composer textarea::placeholder { color: var(--jp-ui-font-color2, #616161); opacity: 1; }
.nemo-composer textarea:focus { outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 0; }
.nemo-chatpart button { font: inherit; cursor: pointer; border-radius: 6px; padding: 6px 14px; min-height: 32px;
  white-space: nowrap; border: 1px solid var(--jp-border-color1, #8a8a8a);
  color: var(--jp-ui-font-color1, inherit); background: var(--jp-layout-color2, #eeeeee); }
.nemo-chatpart button.nemo-primary { color: #ffffff; border-color: transparent;
  background: var(--jp-brand-color0, var(--vscode-button-background, #0d47a1)); }
.nemo-chatpart button:focus-visible { outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 2px; }
.nemo-chatpart button:disabled { cursor: default; opacity: 0.6; }
.nemo-hint { margin-top: 2px; font-size: var(--jp-ui-font-size0, 11px); color: var(--jp-ui-font-color1, inherit); }
.nemo-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

function addStyle() {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Keys typed in the box are text, never notebook shortcuts ("I, I" interrupts the kernel in JupyterLab's
// command mode and ate the "i" of "first"): Lumino (JupyterLab, Notebook 7) skips shortcuts for events from
// inside an element marked data-lm-suppress-shortcuts; classic Notebook (ipywidgets 7) turns its keyboard
// manager off while the box has focus.
function quietNotebookShortcuts(node) {
  node.setAttribute("data-lm-suppress-shortcuts", "true");
  const manager = window.Jupyter && window.Jupyter.keyboard_manager;
  if (manager && typeof manager.register_events === "function") manager.register_events(node);
}

// -- the theme, as the page draws it ------------------------------------------------------------------
function rgb(text) {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?/.exec(text || "");
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return { r: +m[1], g: +m[2], b: +m[3], a: alpha };
}

function hex(c) {
  return "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
}

function luminance(c) {
  const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

// The background a person sees behind `node`: the first opaque one up the tree (the page's, else white).
function backdrop(node) {
  for (let up = node; up && up.nodeType === 1; up = up.parentElement) {
    const c = rgb(getComputedStyle(up).backgroundColor);
    if (c && c.a > 0.5) return c;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
}

// A colour the page defines, mixed over the backdrop when translucent (JupyterLab's font colours are).
function colourOf(node, css, under) {
  const probe = element("span");
  probe.style.color = css;
  probe.style.display = "none";
  node.appendChild(probe);
  const c = rgb(getComputedStyle(probe).color);
  probe.remove();
  if (!c) return null;
  const mix = (v, u) => v * c.a + u * (1 - c.a);
  return hex({ r: mix(c.r, under.r), g: mix(c.g, under.g), b: mix(c.b, under.b) });
}

function readTheme(node) {
  const under = backdrop(node);
  const colour = (name, fallback) => colourOf(node, `var(${name}, ${fallback})`, under);
  const dark = luminance(under) < 0.4;
  return {
    dark,
    background: hex(under),
    foreground: colour("--jp-ui-font-color1", "var(--vscode-foreground, currentColor)"),
    subtle: colour("--jp-ui-font-color2", "var(--vscode-descriptionForeground, currentColor)"),
    grid: colour("--jp-border-color2", dark ? "#3d444d" : "#d8dee4"),
    lane: colour("--jp-layout-color2", dark ? "#2b2f36" : "#f3f4f6"),
    // the column's width, in steps of 40 px (a chart is not redrawn for every pixel of a resize)
    width: Math.floor(node.getBoundingClientRect().width / 40) * 40,
    scale: window.devicePixelRatio >= 1.5 ? 2 : 1,
  };
}

function watchTheme(model, node) {
  let last = "";
  const report = () => {
    if (!node.isConnected || node.getBoundingClientRect().width === 0) return; // not on the page (yet)
    const theme = readTheme(node);
    const key = JSON.stringify(theme);
    if (key === last) return;
    last = key;
    model.set("theme", theme);
    model.save_changes();
  };
  report();
  // JupyterLab switches themes by swapping a stylesheet and body's data attributes; VS Code by body classes.
  const observer = new MutationObserver(() => setTimeout(report, 50));
  observer.observe(document.body, { attributes: true, attributeFilter: ["class", "data-jp-theme-light", "data-jp-theme-name"] });
  observer.observe(document.head, { childList: true });
  let resized = null;
  const sizes = typeof ResizeObserver === "function" ? new ResizeObserver(() => {
    clearTimeout(resized);
    resized = setTimeout(report, 200);
  }) : null;
  if (sizes) sizes.observe(node);
  return () => {
    clearTimeout(resized);
    observer.disconnect();
    if (sizes) sizes.disconnect();
  };
}

// -- the conversation --------------------------------------------------------------------------------
function renderLog({ model, el }) {
  const root = element("div", "nemo-chatpart nemo-chatlog");
  const log = element("div", "nemo-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Conversation with the agent");
  log.tabIndex = 0; // a scrolling region a keyboard user can reach and scroll
  const typing = element("div", "nemo-typing");
  typing.setAttribute("role", "status");
  const dots = element("span", "nemo-dots");
  dots.setAttribute("aria-hidden", "true");
  dots.append(element("span"), element("span"), element("span"));
  const typingText = element("span", "", "");
  typing.append(dots, typingText);
  const jump = element("button", "nemo-jump", "Jump to the newest message");
  jump.type = "button";
  root.append(log, typing, jump);
  el.appendChild(root);

  // The reader is at the bottom: new messages scroll into view. Only the reader moving up stops that; a reflow
  // that makes the messages taller (a narrower column) does not.
  let following = true;
  let lastTop = 0;
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  const toBottom = () => {
    log.scrollTop = log.scrollHeight;
    lastTop = log.scrollTop;
    following = true;
    jump.classList.remove("nemo-on");
  };
  log.addEventListener("scroll", () => {
    if (atBottom()) following = true;
    else if (log.scrollTop < lastTop - 2) following = false;
    lastTop = log.scrollTop;
    if (following) jump.classList.remove("nemo-on");
  });
  jump.addEventListener("click", () => {
    toBottom();
    log.focus();
  });

  const draw = () => {
    log.style.setProperty("--nemo-log-height", model.get("height"));
    log.innerHTML = model.get("value"); // sanitised by the kernel (markdown-it without HTML, then nh3)
    if (following) toBottom();
    else if (log.scrollHeight > log.clientHeight) jump.classList.add("nemo-on");
  };
  const drawTyping = () => {
    const text = model.get("typing");
    typing.classList.toggle("nemo-on", Boolean(text));
    typingText.textContent = text;
    if (following) requestAnimationFrame(toBottom);
  };
  model.on("change:value", draw);
  model.on("change:height", draw);
  model.on("change:typing", drawTyping);
  draw();
  drawTyping();
  // Drawn once the element is in the page (its size and backdrop are known then).
  requestAnimationFrame(() => requestAnimationFrame(toBottom));
  // a narrower column makes the messages taller: a reader at the bottom stays there
  const resized = typeof ResizeObserver === "function" ? new ResizeObserver(() => following && toBottom()) : null;
  if (resized) resized.observe(log);
  const stopTheme = watchTheme(model, root);
  model.set("ready", true);
  model.save_changes();
  return () => {
    stopTheme();
    if (resized) resized.disconnect();
    model.off("change:value", draw);
    model.off("change:height", draw);
    model.off("change:typing", drawTyping);
  };
}

// -- the composer ------------------------------------------------------------------------------------
function renderComposer({ model, el }) {
  const root = element("div", "nemo-chatpart");
  const row = element("div", "nemo-composer");
  const box = element("textarea");
  box.rows = 2;
  box.setAttribute("aria-label", "Message to the agent");
  const hintId = `nemo-hint-${Math.random().toString(36).slice(2)}`;
  box.setAttribute("aria-describedby", hintId);
  const button = element("button");
  button.type = "button";
  const hint = element("div", "nemo-hint", "Enter sends · Shift+Enter adds a line");
  hint.id = hintId;
  row.append(box, button);
  root.append(row, hint);
  el.appendChild(root);
  quietNotebookShortcuts(box);

  // The kernel's text reaches the box only when the kernel changed it (a suggestion clicked, the box cleared
  // after a send); other changes (the placeholder of a new skill, busy) never touch what is being typed.
  // While the reader types, the kernel's copy lags behind: an echo of an earlier save (ipywidgets 8 echoes
  // every update) must not put back an older text and lose the keys typed since.
  let lastInput = 0;
  const showValue = () => {
    if (document.activeElement === box && Date.now() - lastInput < 1500) return;
    if (box.value !== model.get("value")) box.value = model.get("value");
  };
  const showState = () => {
    box.placeholder = model.get("placeholder");
    const busy = model.get("busy");
    button.textContent = busy ? model.get("stop_label") : model.get("send_label");
    button.setAttribute("aria-label", busy ? model.get("stop_name") : model.get("send_name"));
    button.className = busy ? "" : "nemo-primary";
    button.disabled = model.get("disabled");
  };
  const send = () => {
    const text = box.value;
    lastInput = 0;
    box.value = ""; // cleared at once: the kernel clears its copy too
    model.set("value", "");
    model.save_changes();
    model.send({ kind: "send", text });
  };
  let typed = null;
  box.addEventListener("input", () => {
    lastInput = Date.now();
    model.set("value", box.value); // this view's copy at once; the kernel's when typing pauses
    clearTimeout(typed);
    typed = setTimeout(() => model.save_changes(), 300);
  });
  box.addEventListener("keydown", (event) => {
    event.stopPropagation(); // keys typed here are text, never notebook shortcuts (run cell, cut cell...)
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    if (!model.get("busy") && !model.get("disabled")) {
      clearTimeout(typed);
      send();
    }
  });
  button.addEventListener("click", () => {
    clearTimeout(typed);
    if (model.get("busy")) model.send({ kind: "stop" });
    else send();
    box.focus();
  });
  const names = ["busy", "disabled", "placeholder", "send_label", "stop_label", "send_name", "stop_name"];
  for (const name of names) model.on(`change:${name}`, showState);
  model.on("change:value", showValue);
  showValue();
  showState();
  model.set("ready", true);
  model.save_changes();
  return () => {
    clearTimeout(typed);
    for (const name of names) model.off(`change:${name}`, showState);
    model.off("change:value", showValue);
  };
}

function render(context) {
  addStyle();
  return context.model.get("part") === "composer" ? renderComposer(context) : renderLog(context);
}

export default { render };
