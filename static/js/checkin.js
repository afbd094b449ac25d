/* The check-in station: camera, scanner (keyboard wedge) or name search; works offline.
   Offline, a scan is resolved from the badges cached in IndexedDB and queued with its
   client_id and time; the queue goes to the server's batch endpoint when the network returns. */
(function () {
  "use strict";
  const root = document.getElementById("station");
  if (!root) return;
  const cfg = root.dataset;
  const L = JSON.parse(cfg.labels);
  const slug = cfg.slug;
  const $ = (id) => document.getElementById(id);
  const state = { badges: new Map(), revoked: new Set(), attendance: new Map(), last: null, db: null };

  /* ---------- IndexedDB: the badge cache and the queue of offline scans ---------- */
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("seminario-checkin", 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("cache");
        request.result.createObjectStore("queue", { keyPath: "client_id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  function tx(store, mode, action) {
    return new Promise((resolve, reject) => {
      const t = state.db.transaction(store, mode);
      const result = action(t.objectStore(store));
      t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
    });
  }
  const queueAll = () => tx("queue", "readonly", (s) => s.getAll());
  const queueAdd = (item) => tx("queue", "readwrite", (s) => s.put(item));
  const queueDelete = (id) => tx("queue", "readwrite", (s) => s.delete(id));

  /* ---------- the local picture of the edition ---------- */
  function today() {
    return new Intl.DateTimeFormat("en-CA", { timeZone: cfg.timezone, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date());
  }
  function load(data) {
    state.badges = new Map(data.participants.map((p) => [p.code, p]));
    state.revoked = new Set(data.revoked);
    state.attendance = new Map();
    data.attendance.forEach((a) => state.attendance.set(a.code + "|" + a.day, a));
    $("cached").textContent = state.badges.size;
  }
  async function refreshCache() {
    try {
      const response = await fetch(cfg.codesUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      await tx("cache", "readwrite", (s) => s.put(data, slug));
      load(data);
      (await queueAll()).forEach(rememberLocally);
    } catch (e) { /* offline: keep what we have */ }
  }
  function rememberLocally(item) {
    const key = item.code + "|" + item.day;
    if (state.badges.has(item.code) && !state.attendance.has(key)) {
      state.attendance.set(key, { code: item.code, day: item.day, at: item.scanned_at, station: item.station, client_id: item.client_id });
    }
  }
  function resolveLocally(code, day) {
    if (state.revoked.has(code)) return { status: "revoked", participant: null };
    const person = state.badges.get(code);
    if (!person) return { status: "invalid", participant: null };
    const first = state.attendance.get(code + "|" + day);
    if (first) return { status: "already_checked_in", participant: { ...person, first_checkin: first } };
    return { status: "ok", participant: person };
  }

  /* ---------- the banner ---------- */
  async function showNetwork() {
    const online = navigator.onLine;
    const net = $("net");
    net.classList.toggle("online", online);
    net.classList.toggle("offline", !online);
    net.querySelector(".net-state").textContent = online ? L.online : L.offline;
    $("pending").textContent = state.db ? (await queueAll()).length : 0;
  }

  /* ---------- scanning ---------- */
  function station() {
    return $("station-name").value.trim() || "Station";
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf },
      body: JSON.stringify(body),
    });
  }
  let busy = false;
  async function scan(raw) {
    const code = (raw || "").trim();
    if (!code || busy) return;
    busy = true;
    const item = { client_id: newId(), code: code, station: station(), edition: slug,
                   scanned_at: new Date().toISOString(), day: today() };
    try {
      let answer = null;
      if (navigator.onLine) {
        try {
          // Online, the server's clock decides; scanned_at is only sent for queued scans.
          const response = await post(cfg.scanUrl, { code: code, station: item.station, client_id: item.client_id, edition: slug });
          if (response.ok) answer = await response.json();
        } catch (e) { answer = null; }
      }
      if (answer) {
        if (answer.participant && answer.status !== "invalid") rememberLocally(item);
        show(answer, { online: true, checkinId: answer.checkin_id });
      } else {
        const local = resolveLocally(code, item.day);
        await queueAdd(item);
        rememberLocally(item);
        show(local, { online: false, clientId: item.client_id });
      }
    } finally {
      busy = false;
      showNetwork();
    }
  }

  function show(answer, origin) {
    const box = $("result");
    const p = answer.participant;
    box.className = "result " + answer.status.replace(/_/g, "-");
    box.dataset.status = answer.status;
    box.querySelector(".result-status").textContent = L[answer.status] || answer.status;
    box.querySelector(".result-name").textContent = p ? p.name : "";
    const lines = [];
    if (p) {
      if (p.role && p.role !== "participant") lines.push(L["role_" + p.role] || p.role);
      if (p.institution) lines.push(p.institution);
      (p.workshops || []).forEach((w) => lines.push(L.workshop + " " + w.round + ": ODS " + w.ods + " · " + w.room));
      if (answer.status === "already_checked_in" && p.first_checkin) {
        const at = new Date(p.first_checkin.at).toLocaleTimeString([], { timeZone: cfg.timezone, hour: "2-digit", minute: "2-digit" });
        lines.unshift(L.since + ": " + at + " " + L.at_station + " " + p.first_checkin.station);
      }
    }
    box.querySelector(".result-detail").textContent = lines.join("\n");
    state.last = origin;
    $("undo").hidden = false;
    feedback(answer.status);
  }

  let audio = null;
  function feedback(status) {
    const tones = { ok: [880], already_checked_in: [660, 660], invalid: [220], revoked: [180, 180] }[status] || [300];
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      tones.forEach((hz, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = hz;
        osc.connect(gain).connect(audio.destination);
        const start = audio.currentTime + i * 0.2;
        gain.gain.setValueAtTime(0.2, start);
        osc.start(start);
        osc.stop(start + (status === "ok" ? 0.12 : 0.18));
      });
    } catch (e) { /* no sound on this device */ }
    if (navigator.vibrate) navigator.vibrate(status === "ok" ? 80 : [150, 80, 150]);
  }

  async function undo() {
    const last = state.last;
    if (!last) return;
    if (last.online && last.checkinId) {
      await post(cfg.undoUrl.replace(/0\/undo$/, last.checkinId + "/undo"), {});
      refreshCache();
    } else if (last.clientId) {
      await queueDelete(last.clientId);
      state.attendance.forEach((a, key) => { if (a.client_id === last.clientId) state.attendance.delete(key); });
    }
    state.last = null;
    $("undo").hidden = true;
    const box = $("result");
    box.className = "result idle";
    box.dataset.status = "undone";
    box.querySelector(".result-status").textContent = L.undone;
    box.querySelector(".result-name").textContent = "";
    box.querySelector(".result-detail").textContent = "";
    showNetwork();
  }

  /* ---------- syncing the offline queue ---------- */
  let syncing = false;
  async function sync() {
    if (syncing || !navigator.onLine || !state.db) return;
    const queued = await queueAll();
    if (!queued.length) return;
    syncing = true;
    try {
      const response = await post(cfg.batchUrl, {
        scans: queued.map((q) => ({ code: q.code, station: q.station, client_id: q.client_id,
                                    scanned_at: q.scanned_at, edition: q.edition })),
      });
      if (response.ok) {
        const data = await response.json();
        for (const r of data.results) if (r.client_id) await queueDelete(r.client_id);
        await refreshCache();
      }
    } catch (e) { /* still offline */ } finally {
      syncing = false;
      showNetwork();
    }
  }

  /* ---------- camera: BarcodeDetector where present, the vendored jsQR otherwise ---------- */
  let stream = null;
  let lastSeen = { code: "", at: 0 };
  function seen(code) {
    const now = Date.now();
    if (code === lastSeen.code && now - lastSeen.at < 3000) return;
    lastSeen = { code: code, at: now };
    scan(code);
  }
  async function camera() {
    const video = $("video");
    if (stream) {
      stream.getTracks().forEach((t) => t.stop());
      stream = null;
      video.hidden = true;
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      show({ status: "error", participant: null }, null);
      $("result").querySelector(".result-detail").textContent = L.camera_off;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    let detector = null;
    if ("BarcodeDetector" in window) {
      try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
    }
    const canvas = $("frame");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const tick = async () => {
      if (!stream) return;
      try {
        if (detector) {
          const codes = await detector.detect(video);
          if (codes.length) seen(codes[0].rawValue);
        } else if (window.jsQR && video.videoWidth) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0);
          const image = context.getImageData(0, 0, canvas.width, canvas.height);
          const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          if (found && found.data) seen(found.data);
        }
      } catch (e) { /* a frame that could not be read */ }
      setTimeout(tick, 150);
    };
    tick();
  }

  /* ---------- name search (accents ignored), online or from the cache ---------- */
  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let searchTimer = null;
  async function search() {
    const q = $("q").value.trim();
    const list = $("found");
    if (q.length < 2) { list.textContent = ""; return; }
    let results = null;
    if (navigator.onLine) {
      try {
        const response = await fetch(cfg.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" });
        if (response.ok) results = (await response.json()).results;
      } catch (e) { results = null; }
    }
    if (!results) {
      const words = fold(q).split(/\s+/);
      results = [...state.badges.values()]
        .filter((p) => words.every((w) => fold(p.name + " " + (p.institution || "")).includes(w)))
        .slice(0, 20);
    }
    list.textContent = "";
    if (!results.length) {
      const li = document.createElement("li");
      li.textContent = L.nobody;
      list.appendChild(li);
    }
    results.forEach((p) => {
      const li = document.createElement("li");
      const who = document.createElement("span");
      who.textContent = p.name + (p.institution ? " · " + p.institution : "");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button small primary";
      button.textContent = L.check_in;
      button.addEventListener("click", () => { scan(p.code); list.textContent = ""; $("q").value = ""; });
      li.append(who, button);
      list.appendChild(li);
    });
  }

  /* ---------- walk-ins ---------- */
  async function walkIn(event) {
    event.preventDefault();
    const form = $("walk-in");
    form.querySelectorAll(".error").forEach((e) => e.remove());
    const response = await fetch(cfg.walkInUrl, { method: "POST", credentials: "same-origin", body: new FormData(form) });
    const data = await response.json();
    const out = $("walk-in-result");
    if (!response.ok) {
      Object.entries(data.errors || {}).forEach(([name, messages]) => {
        const input = form.elements[name];
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = messages.join(" ");
        (input ? input.parentNode : out).appendChild(p);
      });
      return;
    }
    out.textContent = (data.status === "waitlisted" ? L.waitlisted + " " : L.registered + " ") + (data.code || "");
    const button = $("walk-in-checkin");
    button.hidden = !data.code;
    button.onclick = () => { scan(data.code); button.hidden = true; };
    const badge = $("walk-in-badge");
    badge.hidden = !data.badge_url;
    if (data.badge_url) badge.href = data.badge_url;
    ["first_name", "last_name", "email", "institution"].forEach((n) => { form.elements[n].value = ""; });
    refreshCache();
  }

  /* ---------- wiring ---------- */
  const stationInput = $("station-name");
  stationInput.value = localStorage.getItem("checkin-station") || "";
  if (!stationInput.value) stationInput.closest("details").open = true;  // name the station first
  stationInput.addEventListener("change", () => localStorage.setItem("checkin-station", stationInput.value.trim()));
  $("wedge").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("code");
    const value = input.value;
    input.value = "";
    scan(value);
    input.focus();
  });
  $("undo").addEventListener("click", undo);
  $("camera").addEventListener("click", camera);
  $("q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });
  $("search").addEventListener("submit", (event) => { event.preventDefault(); search(); });
  $("walk-in").addEventListener("submit", walkIn);
  window.addEventListener("online", () => { showNetwork(); sync(); });
  window.addEventListener("offline", showNetwork);
  setInterval(sync, 15000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.swUrl, { scope: cfg.swUrl.replace(/sw\.js$/, "") }).catch(() => {});
  }
  openDb().then(async (db) => {
    state.db = db;
    const cached = await tx("cache", "readonly", (s) => s.get(slug));
    if (cached) load(cached);
    (await queueAll()).forEach(rememberLocally);
    root.dataset.ready = "1";
    showNetwork();
    await refreshCache();
    root.dataset.cached = "1";
    sync();
  });
})();
