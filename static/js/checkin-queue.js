/* The station's memory and its way back to the server, kept apart from the screen (checkin.js).
   IndexedDB "seminario-checkin" holds two stores: "cache" (the edition's badge codes under the
   edition's slug, the measured clock offset under "clock", the scans flagged after a sync under
   "flagged:<slug>") and "queue" (the scans taken offline, by client_id). Everything survives a
   reload, a closed tab and a phone restart; only a sync the server accepted removes a scan. */
window.StationQueue = (function () {
  "use strict";
  const CHUNK = 200;            // scans per request (the server takes up to 500)
  const CLOCK_WARNING = 3 * 60 * 1000;
  const TIMEOUT = 8000;         // a request the venue's Wi-Fi swallows counts as offline

  function request(idb, store, mode, action) {
    return new Promise((resolve, reject) => {
      const t = idb.transaction(store, mode);
      const result = action(t.objectStore(store));
      t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  function open() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open("seminario-checkin", 1);
      opening.onupgradeneeded = () => {
        opening.result.createObjectStore("cache");
        opening.result.createObjectStore("queue", { keyPath: "client_id" });
      };
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  /* fetch with a time limit; measures the clock on every answer */
  async function call(url, options, clock, timeout) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout || TIMEOUT);
    const sent = Date.now();
    try {
      const response = await fetch(url, { credentials: "same-origin", ...options, signal: controller.signal });
      clock.measure(response, sent, Date.now());
      return response;
    } finally {
      clearTimeout(timer);
    }
  }

  /* The device's clock against the server's, measured at every contact: offline scans are
     stamped with the device's time plus this offset. */
  function Clock(idb, onChange) {
    this.offset = 0;
    this.idb = idb;
    this.onChange = onChange;
  }
  Clock.prototype.load = async function () {
    const saved = await request(this.idb, "cache", "readonly", (s) => s.get("clock"));
    if (saved && typeof saved.offset === "number") this.offset = saved.offset;
    this.onChange(this);
  };
  Clock.prototype.measure = function (response, sent, received) {
    const server = Number(response.headers.get("X-Server-Time"));
    if (!server) return;
    const offset = Math.round(server - (sent + received) / 2);
    if (Math.abs(offset - this.offset) < 1000 && this.measured) return;
    this.offset = offset;
    this.measured = true;
    request(this.idb, "cache", "readwrite", (s) => s.put({ offset: offset, at: server }, "clock")).catch(() => {});
    this.onChange(this);
  };
  Clock.prototype.now = function () { return new Date(Date.now() + this.offset); };
  Clock.prototype.isOff = function () { return Math.abs(this.offset) > CLOCK_WARNING; };

  /* The queue of offline scans and its sync, oldest first, a chunk at a time. */
  function Queue(idb, cfg, hooks) {
    this.idb = idb;
    this.cfg = cfg;
    this.hooks = hooks;   // { clock, csrf(), setCsrf(t), needLogin(bool), reached(), changed(), flagged(list) }
    this.total = 0;
    this.refused = [];
    this.seq = 0;
    this.syncing = false;
  }
  Queue.prototype.all = async function () {
    const items = await request(this.idb, "queue", "readonly", (s) => s.getAll());
    const order = (q) => q.seq || Date.parse(q.scanned_at) * 1000;
    return items.sort((a, b) => order(a) - order(b));
  };
  Queue.prototype.count = async function () {
    const items = await this.all();
    this.total = items.length;
    this.refused = items.filter((q) => q.refused);
    return items;
  };
  Queue.prototype.pending = function () { return this.total - this.refused.length; };
  Queue.prototype.add = async function (item) {
    item.seq = Date.now() * 1000 + (this.seq++ % 1000);
    await request(this.idb, "queue", "readwrite", (s) => s.put(item));
    this.total += 1;
  };
  Queue.prototype.remove = async function (ids) {
    await request(this.idb, "queue", "readwrite", (s) => { ids.forEach((id) => s.delete(id)); });
    this.total -= ids.length;
  };
  Queue.prototype.refuse = async function (items, message) {
    await request(this.idb, "queue", "readwrite", (s) => {
      items.forEach((q) => { q.refused = { message: message || q.refused_message || "", at: new Date().toISOString() }; s.put(q); });
    });
    this.refused = this.refused.concat(items);
  };
  Queue.prototype.retryRefused = async function () {
    const items = this.refused;
    await request(this.idb, "queue", "readwrite", (s) => { items.forEach((q) => { delete q.refused; s.put(q); }); });
    this.refused = [];
  };

  Queue.prototype.hello = async function () {
    /* Who we are for the server, a fresh CSRF token, and the clock: before every sync. */
    const response = await call(this.cfg.stationUrl, {}, this.hooks.clock);
    if (response.status === 401) { this.hooks.needLogin(true); return false; }
    if (!response.ok) return false;
    this.hooks.setCsrf((await response.json()).csrf_token);
    this.hooks.needLogin(false);
    this.hooks.reached();
    return true;
  };

  Queue.prototype.send = async function (chunk) {
    /* One chunk: "landed", "refused" (kept, shown, the next chunk goes on) or "stop". */
    const body = JSON.stringify({
      scans: chunk.map((q) => ({ code: q.code, station: q.station, client_id: q.client_id, edition: q.edition,
                                 scanned_at: q.scanned_at, offline_answer: q.local, workshop: q.workshop })),
    });
    let response = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      response = await call(this.cfg.batchUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.hooks.csrf() },
        body: body,
      }, this.hooks.clock);
      if (response.status !== 400) break;
      const error = await response.clone().json().catch(() => ({}));
      if (error.error !== "csrf" || !(await this.hello())) break;   // an old session's token
    }
    if (response.status === 401) { this.hooks.needLogin(true); return "stop"; }
    if (response.status >= 500 || response.status === 429) return "stop";   // try again later
    if (!response.ok) {
      const error = await response.json().catch(() => ({}));
      await this.refuse(chunk, (error.message || "") + " (HTTP " + response.status + ")");
      return "refused";
    }
    const results = (await response.json()).results;
    const landed = [], refused = [], flagged = [];
    chunk.forEach((q, i) => {
      const r = results[i] || { status: "error", message: "no answer" };
      if (r.status === "error") {
        q.refused_message = r.message;
        refused.push(q);
        return;
      }
      landed.push(q.client_id);
      if ((q.local === "ok" || q.local === "already_checked_in") && (r.status === "revoked" || r.status === "invalid")) {
        flagged.push({ code: q.code, name: q.name || "", status: r.status, scanned_at: q.scanned_at, station: q.station });
      }
    });
    if (refused.length) await this.refuse(refused);
    await this.remove(landed);
    if (flagged.length) await this.hooks.flagged(flagged);
    return "landed";
  };

  Queue.prototype.sync = async function () {
    if (this.syncing || !navigator.onLine) return false;
    this.syncing = true;
    let landed = false;
    try {
      if (!(await this.hello())) return false;
      const waiting = (await this.count()).filter((q) => !q.refused);
      this.hooks.changed();
      for (let i = 0; i < waiting.length; i += CHUNK) {
        const outcome = await this.send(waiting.slice(i, i + CHUNK));
        this.hooks.changed();
        if (outcome === "stop") break;
        landed = landed || outcome === "landed";
      }
    } catch (e) {
      /* the network went away mid-sync: what landed is gone from the queue, the rest waits */
    } finally {
      this.syncing = false;
      this.hooks.changed();
    }
    return landed;
  };

  return { open: open, request: request, call: call, Clock: Clock, Queue: Queue, CHUNK: CHUNK };
})();
