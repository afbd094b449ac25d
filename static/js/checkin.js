/* The check-in station: scanner (keyboard wedge), camera or name search (checkin-tools.js);
   works offline.
   Offline, a scan is resolved from the badges cached in IndexedDB and queued with its client_id
   and its time (the device's clock corrected by the offset measured against the server); the queue
   goes back in chunks, oldest first, when the network returns (checkin-queue.js). The service
   worker (templates/checkin/sw.js) serves this page and its scripts when there is no network. */
(function () {
  "use strict";
  const root = document.getElementById("station");
  if (!root) return;
  const cfg = root.dataset;
  const L = JSON.parse(cfg.labels);
  const slug = cfg.slug;
  const SQ = window.StationQueue;
  const $ = (id) => document.getElementById(id);
  const state = { badges: new Map(), revoked: new Set(), attendance: new Map(), doors: new Map(),
                  workshops: [], last: null, db: null, queue: null, clock: null, csrf: cfg.csrf,
                  needLogin: false, refreshedAt: 0, unreachableUntil: 0 };
  // A scan waits this long for the server; after a failure the station answers from its copy
  // for a while without asking (a venue's Wi-Fi can be "connected" and carry nothing).
  const SCAN_TIMEOUT = 2500;
  const UNREACHABLE_PAUSE = 30000;
  const cache = (mode, action) => SQ.request(state.db, "cache", mode, action);
  // Scans answered online, kept until a fresh copy of the codes includes them (a reload offline
  // must still know that these people are in).
  const SEEN_KEY = "seen:" + slug + ":";
  const SEEN = IDBKeyRange.bound(SEEN_KEY, SEEN_KEY + "\uffff");

  /* ---------- the local picture of the edition ---------- */
  function dayOf(moment) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: cfg.timezone, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(moment);
  }
  function load(data) {
    // A person's workshops come as ids into data.workshops (a copy cached before holds objects).
    const byId = new Map((data.workshops || []).map((w) => [w.id, w]));
    state.badges = new Map(data.participants.map((p) => {
      p.workshops = (p.workshops || []).map((w) => (typeof w === "number" ? byId.get(w) : w)).filter(Boolean);
      return [p.code, p];
    }));
    state.revoked = new Set(data.revoked);
    state.attendance = new Map();
    // A check-in names its person by position in data.participants (an older copy: by code).
    data.attendance.forEach((a) => {
      if (a.code === undefined) a.code = data.participants[a.p].code;
      state.attendance.set(a.code + "|" + a.day, a);
    });
    state.etag = data.etag || null;
    state.doors = new Map((data.workshop_attendance || []).map((a) => [a.code + "|" + a.workshop, null]));
    state.workshops = data.workshops || [];
    $("cached").textContent = state.badges.size;
    doorChoices();
  }
  async function refreshCache() {
    try {
      // Our own copy is the cache: send its ETag, and a 304 means it is still the server's.
      const headers = state.etag ? { "If-None-Match": state.etag } : {};
      const response = await SQ.call(cfg.codesUrl, { headers: headers, cache: "no-store" }, state.clock);
      if (response.status === 304) { state.refreshedAt = Date.now(); return; }
      if (!response.ok) return;
      const data = await response.json();
      data.etag = response.headers.get("ETag");
      await cache("readwrite", (s) => s.put(data, slug));
      load(data);
      state.refreshedAt = Date.now();
      (await state.queue.all()).forEach(rememberLocally);
      const seen = await cache("readonly", (s) => s.getAll(SEEN));
      await cache("readwrite", (s) => seen.filter((q) => q.scanned_at < data.generated_at).forEach((q) => s.delete(SEEN_KEY + q.client_id)));
      seen.forEach(rememberLocally);
    } catch (e) { /* offline: keep what we have */ }
  }
  function rememberLocally(item) {
    const key = item.code + "|" + item.day;
    if (!state.badges.has(item.code) || state.revoked.has(item.code)) return;
    if (!state.attendance.has(key)) {
      state.attendance.set(key, { code: item.code, day: item.day, at: item.scanned_at, station: item.station, client_id: item.client_id });
    }
    const door = item.code + "|" + item.workshop;
    if (item.workshop && !state.doors.has(door)) state.doors.set(door, item.client_id);
  }
  function resolveLocally(code, day, workshop) {
    if (state.revoked.has(code)) return { status: "revoked", participant: null };
    const person = state.badges.get(code);
    if (!person) return { status: "invalid", participant: null };
    const here = workshop ? { assigned_here: (person.workshops || []).some((w) => w.id === workshop) } : {};
    const first = state.attendance.get(code + "|" + day);
    const seen = workshop ? state.doors.has(code + "|" + workshop) : first;
    if (seen) return { status: "already_checked_in", participant: { ...person, ...here, first_checkin: first } };
    return { status: "ok", participant: { ...person, ...here } };
  }

  /* ---------- the banner: network, queue, clock, flagged scans ---------- */
  function reachable() {
    return navigator.onLine && Date.now() >= state.unreachableUntil;
  }
  function showNetwork() {
    const online = reachable();
    const net = $("net");
    net.classList.toggle("online", online);
    net.classList.toggle("offline", !online);
    net.querySelector(".net-state").textContent = online ? L.online : L.offline;
    if (!state.queue) return;
    $("pending").textContent = state.queue.pending();
    const refused = state.queue.refused;
    $("refused").hidden = !refused.length;
    $("refused-count").textContent = refused.length;
    $("refused-why").textContent = refused.length ? refused[refused.length - 1].refused.message : "";
    $("login-again").hidden = !state.needLogin;
  }
  function showClock(clock) {
    const minutes = Math.round(Math.abs(clock.offset) / 60000);
    $("clock").hidden = !clock.isOff();
    $("clock").textContent = L.clock_off.replace("{minutes}", minutes);
  }
  async function flag(items) {
    const key = "flagged:" + slug;
    const kept = (await cache("readonly", (s) => s.get(key))) || [];
    await cache("readwrite", (s) => s.put(kept.concat(items), key));
    await showFlagged();
  }
  async function showFlagged() {
    const kept = (await cache("readonly", (s) => s.get("flagged:" + slug))) || [];
    const list = $("flagged-list");
    list.textContent = "";
    kept.forEach((f) => {
      const li = document.createElement("li");
      li.dataset.code = f.code;
      const at = new Date(f.scanned_at).toLocaleString([], { timeZone: cfg.timezone, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
      li.textContent = [f.name || f.code, L[f.status] || f.status, at, f.station].join(" · ");
      list.appendChild(li);
    });
    $("flagged").hidden = !kept.length;
  }
  async function clearFlagged() {
    await cache("readwrite", (s) => s.delete("flagged:" + slug));
    showFlagged();
  }

  /* ---------- scanning: one scan after the other, none dropped however fast they come ---------- */
  function station() {
    return $("station-name").value.trim() || "Station";
  }
  function door() {
    return Number($("door").value) || null;
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function post(url, body, timeout) {
    return SQ.call(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": state.csrf },
      body: JSON.stringify(body),
    }, state.clock, timeout);
  }
  // Scans and undos take turns on one line: an undo still in flight can neither
  // overwrite the next person's result nor race the queue it is removing from.
  let line = Promise.resolve();
  function inTurn(work) {
    line = line.then(work).catch(() => {});
    return line;
  }
  function scan(raw) {
    const code = (raw || "").trim();
    if (!code) return;
    const at = state.clock ? state.clock.now() : new Date();   // when the badge was read
    inTurn(() => handle(code, at));
  }
  async function handle(code, at) {
    const workshop = door();
    const item = { client_id: newId(), code: code, station: station(), edition: slug,
                   scanned_at: at.toISOString(), day: dayOf(at) };
    if (workshop) item.workshop = workshop;
    let answer = null;
    if (reachable() && !state.needLogin) {
      try {
        // Online, the server's clock decides; scanned_at is only sent for queued scans.
        const response = await post(cfg.scanUrl, { code: code, station: item.station, client_id: item.client_id,
                                                   edition: slug, workshop: workshop || undefined }, SCAN_TIMEOUT);
        if (response.ok) answer = await response.json();
        if (response.status === 401) setNeedLogin(true);
      } catch (e) {
        state.unreachableUntil = Date.now() + UNREACHABLE_PAUSE;
      }
    }
    if (answer) {
      if (answer.status === "ok" || answer.status === "already_checked_in") {
        rememberLocally(item);
        await cache("readwrite", (s) => s.put(item, SEEN_KEY + item.client_id));
      }
      show(answer, { online: true, checkinId: answer.checkin_id, item: item });
    } else {
      const local = resolveLocally(code, item.day, workshop);
      item.local = local.status;
      if (local.participant) item.name = local.participant.name;
      await state.queue.add(item);   // the answer shows only once the scan is kept
      rememberLocally(item);
      show(local, { online: false, clientId: item.client_id, item: item });
    }
    showNetwork();
  }

  function show(answer, origin) {
    const box = $("result");
    const p = answer.participant;
    box.className = "result " + answer.status.replace(/_/g, "-");
    box.querySelector(".result-status").textContent = L[answer.status] || answer.status;
    box.querySelector(".result-name").textContent = p ? p.name : "";
    const lines = [];
    if (p) {
      if (p.assigned_here === false) lines.push(L.not_assigned);
      if (p.role && p.role !== "participant") lines.push(L["role_" + p.role] || p.role);
      if (p.institution) lines.push(p.institution);
      (p.workshops || []).forEach((w) => lines.push(L.workshop + " " + w.round + ": ODS " + w.ods + " · " + w.room));
      if (answer.status === "already_checked_in" && p.first_checkin) {
        const at = new Date(p.first_checkin.at).toLocaleTimeString([], { timeZone: cfg.timezone, hour: "2-digit", minute: "2-digit" });
        lines.unshift(L.since + ": " + at + " " + L.at_station + " " + p.first_checkin.station);
      }
    }
    box.querySelector(".result-detail").textContent = lines.join("\n");
    box.dataset.status = answer.status;
    announce([L[answer.status] || answer.status, p ? p.name : "", lines[0] || ""]);
    state.last = origin;
    $("undo").hidden = false;
    feedback(answer.status);
  }

  // Screen readers hear each result, even the same one twice in a row: emptied, then filled.
  function announce(parts) {
    const live = $("announce");
    live.textContent = "";
    window.setTimeout(() => { live.textContent = parts.filter(Boolean).join(". "); }, 100);
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
      await cache("readwrite", (s) => s.delete(SEEN_KEY + last.item.client_id));
    } else if (last.clientId) {
      await state.queue.remove([last.clientId]);
    }
    state.attendance.forEach((a, key) => { if (a.client_id === last.item.client_id) state.attendance.delete(key); });
    const door = last.item.code + "|" + last.item.workshop;
    if (state.doors.get(door) === last.item.client_id) state.doors.delete(door);
    if (last.online) refreshCache();
    state.last = null;
    $("undo").hidden = true;
    const box = $("result");
    box.className = "result idle";
    box.dataset.status = "undone";
    box.querySelector(".result-status").textContent = L.undone;
    box.querySelector(".result-name").textContent = "";
    box.querySelector(".result-detail").textContent = "";
    announce([L.undone]);
    showNetwork();
  }

  /* ---------- syncing: the queue goes back, and the codes come fresh, whenever online ---------- */
  function setNeedLogin(value) {
    state.needLogin = value;
    showNetwork();
  }
  async function sync() {
    if (!state.queue || !navigator.onLine) return;
    const landed = await state.queue.sync();
    if (landed || (!state.needLogin && Date.now() - state.refreshedAt > 60000)) await refreshCache();
    showNetwork();
  }
  async function retryRefused() {
    await state.queue.retryRefused();
    showNetwork();
    sync();
  }

  /* ---------- the door this station guards: the entrance, or one workshop ---------- */
  function doorChoices() {
    const select = $("door");
    const chosen = localStorage.getItem("checkin-door:" + slug) || "";
    select.querySelectorAll("option[value]:not([value=''])").forEach((o) => o.remove());
    state.workshops.forEach((w) => {
      const option = document.createElement("option");
      option.value = w.id;
      option.textContent = L.workshop + " " + w.round + " · ODS " + w.ods + " · " + w.room;
      select.appendChild(option);
    });
    select.value = state.workshops.some((w) => String(w.id) === chosen) ? chosen : "";
    showDoor();
  }
  function showDoor() {
    const select = $("door");
    $("door-shown").textContent = select.value ? select.options[select.selectedIndex].textContent : "";
    $("door-shown").hidden = !select.value;
  }

  /* ---------- wiring ---------- */
  const stationInput = $("station-name");
  stationInput.value = localStorage.getItem("checkin-station") || "";
  if (!stationInput.value) stationInput.closest("details").open = true;  // name the station first
  stationInput.addEventListener("change", () => localStorage.setItem("checkin-station", stationInput.value.trim()));
  $("door").addEventListener("change", () => { localStorage.setItem("checkin-door:" + slug, $("door").value); showDoor(); });
  $("wedge").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("code");
    const value = input.value;
    input.value = "";
    scan(value);
    input.focus();
  });
  $("undo").addEventListener("click", () => inTurn(undo));
  window.StationTools({ cfg: cfg, L: L, scan: scan, show: show, refreshCache: refreshCache,
                        badges: () => state.badges, reachable: reachable,
                        get: (url) => SQ.call(url, {}, state.clock, SCAN_TIMEOUT) });
  $("retry-refused").addEventListener("click", retryRefused);
  $("flagged-clear").addEventListener("click", clearFlagged);
  $("login-link").href = cfg.loginUrl + "?next=" + encodeURIComponent(location.pathname);
  window.addEventListener("online", () => { showNetwork(); sync(); });
  window.addEventListener("offline", showNetwork);
  setInterval(sync, 15000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.swUrl, { scope: cfg.swUrl.replace(/sw\.js$/, "") }).catch(() => {});
  }
  async function keepPage() {
    /* The page itself, for a reload with no network (a redirect to the login is not kept). */
    if (!navigator.onLine || !window.caches) return;
    try {
      const response = await fetch(location.pathname, { credentials: "same-origin" });
      if (response.ok && !response.redirected) await (await caches.open("checkin-pages")).put(location.pathname, response);
    } catch (e) { /* offline: the copy kept earlier stays */ }
  }
  async function markOfflineReady() {
    /* Staff may unplug only once the service worker controls this page and a copy of it is kept:
       before that a reload with no network would show the browser's error page. */
    if (!("serviceWorker" in navigator) || !window.caches) return;
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener("controllerchange", done, { once: true }));
    }
    if (!(await (await caches.open("checkin-pages")).match(location.pathname))) return;
    root.dataset.offlineReady = "1";
    $("offline-ready").hidden = false;
  }
  /* Logging out leaves no one's name on the device: the copy of the badges goes, the queue of
     scans not yet sent stays (it holds codes, no names) for the next person to log in. */
  const logout = document.querySelector('form[action$="/logout"]');
  if (logout) {
    logout.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        if (state.db) await cache("readwrite", (s) => s.delete(slug));
      } catch (e) { /* log out all the same */ }
      logout.submit();
    });
  }
  SQ.open().then(async (db) => {
    state.db = db;
    state.clock = new SQ.Clock(db, showClock);
    await state.clock.load();
    state.queue = new SQ.Queue(db, cfg, {
      clock: state.clock,
      csrf: () => state.csrf,
      setCsrf: (token) => {
        state.csrf = token;
        document.querySelectorAll("input[name=csrf_token]").forEach((input) => { input.value = token; });
      },
      needLogin: setNeedLogin,
      reached: () => { state.unreachableUntil = 0; },
      changed: showNetwork,
      flagged: flag,
    });
    const cached = await cache("readonly", (s) => s.get(slug));
    if (cached) load(cached);
    (await state.queue.count()).forEach(rememberLocally);
    (await cache("readonly", (s) => s.getAll(SEEN))).forEach(rememberLocally);
    await showFlagged();
    root.dataset.ready = "1";
    showNetwork();
    if (navigator.onLine) await state.queue.hello().catch(() => false);
    await refreshCache();
    root.dataset.cached = "1";
    keepPage().then(markOfflineReady);
    sync();
  });
})();
