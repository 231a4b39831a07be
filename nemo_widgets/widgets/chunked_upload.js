// nemo-widgets' chunked browser uploader (an anywidget ES module: no build step, no CDN).
//
// The file is read in slices (File.slice) and each slice goes to the kernel as a binary buffer of a
// custom widget message; the kernel answers every slice with an "ack", and at most `window` slices are
// unanswered at a time (backpressure: the browser never queues the whole file in the websocket).
// Type and size are checked here before the first byte is read; the kernel checks them again.
// Messages: start -> ready|refused, chunk(offset)+buffer -> ack(received), end(crc32) -> done|failed,
// cancel -> cancelled. Nothing of the file goes into the widget's state.

const STYLE_ID = "nemo-chunked-upload-style";
const CSS = `
.nemo-chunked { box-sizing: border-box; max-width: 100%; font-size: var(--jp-ui-font-size1, 13px); }
.nemo-chunked * { box-sizing: border-box; }
.nemo-chunked .nemo-drop { border: 2px dashed var(--jp-border-color1, #8a8a8a); border-radius: 8px; padding: 14px;
  text-align: center; color: var(--jp-ui-font-color1, inherit); background: var(--jp-layout-color1, transparent); }
.nemo-chunked .nemo-drop.nemo-over { border-color: var(--jp-brand-color1, #1976d2); background: var(--jp-layout-color2, #e8f1fb); }
.nemo-chunked .nemo-drop button, .nemo-chunked .nemo-run button { margin: 0 4px; padding: 3px 10px; cursor: pointer;
  font: inherit; border-radius: 4px; color: var(--jp-ui-font-color1, inherit); background: var(--jp-layout-color2, #eeeeee);
  border: 1px solid var(--jp-border-color1, #8a8a8a); }
.nemo-chunked .nemo-run { margin-top: 6px; display: none; align-items: center; gap: 8px; flex-wrap: wrap; }
.nemo-chunked .nemo-run.nemo-on { display: flex; }
.nemo-chunked progress { width: 40%; min-width: 120px; height: 14px; }
.nemo-chunked .nemo-said { margin-top: 4px; min-height: 1em; }
.nemo-chunked .nemo-said.nemo-bad { color: var(--jp-ui-font-color1, inherit);
  border-left: 3px solid var(--jp-error-color1, #d32f2f); padding-left: 6px; }
`;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

// CRC-32 (the zlib one) carried over slices: crc32(bytes, crc32(previous)). Plain JS: WebCrypto needs a
// secure context, which a JupyterHub on plain http is not.
function crc32(bytes, previous) {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function sizeText(n) {
  return n >= 100000 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

function timeText(s) {
  if (!isFinite(s)) return "";
  if (s < 60) return `${Math.max(1, Math.round(s))} s left`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s left`;
}

function extension(name) {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

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

class Inbox {
  // Messages from the kernel for this view, kept until something waits for them (an ack may arrive while
  // the next slice is being read: it must not be lost, or the window never frees).
  constructor(model) {
    this.waiters = [];
    this.kept = [];
    this.handler = (content) => this.deliver(content || {});
    model.on("msg:custom", this.handler);
  }
  deliver(message) {
    const waiter = this.waiters.find((w) => w.test(message));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    } else if (message.id) {
      this.kept.push(message);
      if (this.kept.length > 10000) this.kept.shift();
    }
  }
  next(test, timeoutMs) {
    const at = this.kept.findIndex(test);
    if (at >= 0) return Promise.resolve(this.kept.splice(at, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      this.waiters.push(waiter);
      if (timeoutMs) {
        waiter.timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) {
            this.waiters.splice(index, 1);
            reject(new Error("the kernel stopped answering"));
          }
        }, timeoutMs);
      }
    });
  }
  forget(id) {
    this.kept = this.kept.filter((m) => m.id !== id);
  }
  interrupt(reason) {
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ kind: "interrupted", reason });
  }
}

class Uploader {
  constructor(model, el) {
    this.model = model;
    this.inbox = new Inbox(model);
    this.queue = [];
    this.current = null;
    this.build(el);
  }

  build(el) {
    const accept = this.model.get("accept");
    const root = element("div", "nemo-chunked");
    this.drop = element("div", "nemo-drop");
    this.drop.append(element("span", "", "Drop video or audio files here, or "));
    this.pick = element("button", "nemo-pick", "Choose files…");
    this.pick.type = "button";
    this.input = element("input");
    this.input.type = "file";
    this.input.multiple = true;
    this.input.accept = accept.join(",");
    this.input.style.display = "none";
    this.drop.append(this.pick, this.input);
    this.run = element("div", "nemo-run");
    this.name = element("span", "nemo-name");
    this.bar = element("progress");
    this.bar.max = 1;
    this.bar.value = 0;
    this.figures = element("span", "nemo-figures");
    this.cancelButton = element("button", "nemo-cancel", "Cancel upload");
    this.cancelButton.type = "button";
    this.run.append(this.name, this.bar, this.figures, this.cancelButton);
    this.said = element("div", "nemo-said");
    root.append(this.drop, this.run, this.said);
    el.append(root);

    this.pick.addEventListener("click", () => this.input.click());
    this.input.addEventListener("change", () => {
      this.add([...this.input.files]);
      this.input.value = ""; // the same file can be picked again
    });
    this.drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      this.drop.classList.add("nemo-over");
    });
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("nemo-over"));
    this.drop.addEventListener("drop", (event) => {
      event.preventDefault();
      this.drop.classList.remove("nemo-over");
      this.add([...(event.dataTransfer?.files || [])]);
    });
    this.cancelButton.addEventListener("click", () => this.cancel());
  }

  say(text, bad) {
    this.said.textContent = text;
    this.said.classList.toggle("nemo-bad", Boolean(bad));
  }

  // Refused here, before a byte is read: the kernel is told (its status line says the sentence).
  refusal(file) {
    const accept = this.model.get("accept");
    const limit = this.model.get("max_bytes");
    if (!accept.includes(extension(file.name))) return "type";
    if (file.size > limit) return "size";
    return null;
  }

  add(files) {
    for (const file of files) {
      const reason = this.refusal(file);
      if (reason) {
        this.model.send({ kind: "refused", name: file.name, size: file.size, reason });
        const limit = this.model.get("max_label");
        this.say(reason === "type"
          ? `${file.name}: not a video, audio or image type this accepts (nothing was sent).`
          : `${file.name} is ${sizeText(file.size)}: larger than the ${limit} limit (nothing was sent).`, true);
        continue;
      }
      this.queue.push(file);
    }
    if (!this.current) this.next();
  }

  async next() {
    const file = this.queue.shift();
    if (!file) return;
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.current = { id, file, cancelled: false };
    try {
      await this.send(this.current);
    } catch (error) {
      this.say(`${file.name}: the upload stopped (${error.message}).`, true);
      this.model.send({ kind: "cancel", id });
    } finally {
      this.inbox.forget(id);
      this.current = null;
      this.run.classList.remove("nemo-on");
      this.next();
    }
  }

  async send(job) {
    const { id, file } = job;
    const stall = this.model.get("stall_ms");
    const mine = (kinds) => (m) => m.id === id && kinds.includes(m.kind);
    this.show(job, 0, performance.now());
    const answer = this.inbox.next(mine(["ready", "refused", "failed"]), stall);
    this.model.send({ kind: "start", id, name: file.name, size: file.size });
    const started = await answer;
    if (job.cancelled) return;
    if (started.kind !== "ready") return this.say(started.text || `${file.name} was refused.`, true);

    const chunk = this.model.get("chunk_bytes");
    const window = this.model.get("window");
    const t0 = performance.now();
    let offset = 0, acked = 0, crc = 0, inFlight = 0, lastDraw = 0;
    const acks = (m) => m.id === id && ["ack", "failed", "cancelled"].includes(m.kind);
    const onAnswer = (m) => {
      if (m.kind === "interrupted") throw new Error(m.reason);
      if (m.kind !== "ack") throw Object.assign(new Error(m.text || "refused by the kernel"), { said: true });
      inFlight -= 1;
      acked = m.received;
      const now = performance.now();
      if (now - lastDraw > 100 || acked === file.size) {
        lastDraw = now;
        this.show(job, acked, t0);
      }
    };
    try {
      while (offset < file.size) {
        if (job.cancelled) return;
        while (inFlight >= window) onAnswer(await this.inbox.next(acks, stall));
        const end = Math.min(offset + chunk, file.size);
        const buffer = await file.slice(offset, end).arrayBuffer();
        if (job.cancelled) return;
        crc = crc32(new Uint8Array(buffer), crc);
        this.model.send({ kind: "chunk", id, offset }, undefined, [buffer]);
        inFlight += 1;
        offset = end;
      }
      while (inFlight > 0) onAnswer(await this.inbox.next(acks, stall));
    } catch (error) {
      if (job.cancelled) return;
      if (error.said) return this.say(error.message, true);
      throw error;
    }
    const finished = this.inbox.next(mine(["done", "failed"]), stall);
    this.model.send({ kind: "end", id, crc32: crc, size: offset });
    const result = await finished;
    if (result.kind === "done") {
      const seconds = (performance.now() - t0) / 1000;
      this.say(`${file.name}: ${sizeText(file.size)} in ${seconds.toFixed(1)} s; handing it to the upload below.`);
    } else {
      this.say(result.text || `${file.name} did not arrive whole.`, true);
    }
  }

  show(job, acked, t0) {
    const size = job.file.size;
    this.run.classList.add("nemo-on");
    this.name.textContent = job.file.name;
    this.bar.max = Math.max(size, 1);
    this.bar.value = acked;
    const seconds = (performance.now() - t0) / 1000;
    const speed = seconds > 0 ? acked / seconds : 0;
    const parts = [`${sizeText(acked)} / ${sizeText(size)}`];
    if (acked > 0 && speed > 0) parts.push(`${sizeText(speed)}/s`, timeText((size - acked) / speed));
    this.figures.textContent = parts.filter(Boolean).join(" · ");
  }

  cancel() {
    const job = this.current;
    this.queue = [];
    if (!job) return;
    job.cancelled = true;
    this.model.send({ kind: "cancel", id: job.id });
    this.inbox.interrupt("cancelled");
    this.say(`${job.file.name}: cancelled; nothing was kept.`);
  }

  destroy() {
    if (this.current) this.cancel();
    this.model.off("msg:custom", this.inbox.handler);
  }
}

function render({ model, el }) {
  addStyle();
  const uploader = new Uploader(model, el);
  model.set("ready", true);
  model.save_changes();
  return () => uploader.destroy();
}

export default { render };
