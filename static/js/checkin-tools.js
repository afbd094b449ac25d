/* The station's other ways in: the camera, the name search and the walk-in desk (checkin.js
   hands over what they need: the labels, scan(), show(), the cached badges and a GET that gives
   up when the network carries nothing). */
window.StationTools = function (station) {
  "use strict";
  const cfg = station.cfg;
  const L = station.L;
  const scan = station.scan;
  const show = station.show;
  const refreshCache = station.refreshCache;
  const $ = (id) => document.getElementById(id);

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
    if (station.reachable()) {
      try {
        const response = await station.get(cfg.searchUrl + "?q=" + encodeURIComponent(q));
        if (response.ok) results = (await response.json()).results;
      } catch (e) { results = null; }
    }
    if (!results) {
      const words = fold(q).split(/\s+/);
      results = [...station.badges().values()]
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
    form.querySelectorAll("[aria-invalid]").forEach((input) => {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    const response = await fetch(cfg.walkInUrl, { method: "POST", credentials: "same-origin", body: new FormData(form) });
    const data = await response.json();
    const out = $("walk-in-result");
    if (!response.ok) {
      Object.entries(data.errors || {}).forEach(([name, messages]) => {
        const input = form.elements[name];
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = messages.join(" ");
        if (input && input.setAttribute) {
          p.id = "walk-in-error-" + name;
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", p.id);
        }
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

  $("camera").addEventListener("click", camera);
  $("q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });
  $("search").addEventListener("submit", (event) => { event.preventDefault(); search(); });
  $("walk-in").addEventListener("submit", walkIn);
};
