/* The rapporteur's page: each proposal is saved as it is typed (debounced), to a JSON endpoint
   with the page's CSRF token. Until the server has it, its latest state waits in localStorage
   (the outbox), so a dropped connection, a reload or a closed tab loses nothing; the outbox is
   sent again when the browser is back online and every few seconds while anything waits. Each
   proposal carries an id made here, so a save sent twice updates one proposal. Each save names
   the version it was typed on: when another device saved since (409), both texts stay on screen
   until the person chooses; a save for a proposal deleted elsewhere (410) leaves the queue. */
(function () {
  "use strict";
  var root = document.getElementById("proposals");
  if (!root || !window.fetch || !window.localStorage) { return; }

  var words = JSON.parse(root.dataset.words);
  var saveUrl = root.dataset.saveUrl;
  var stateUrl = root.dataset.stateUrl;
  var csrf = root.dataset.csrf;
  var cities = JSON.parse(root.dataset.cities || "[]");
  var KEY = "relatoria:" + root.dataset.token;
  var DEBOUNCE = 700;
  var RETRY = 5000;
  var sync = document.getElementById("sync");
  var template = document.getElementById("proposal-template");
  var addButton = document.getElementById("add-proposal");
  var picks = document.getElementById("city-picks");
  var outbox = load();
  var timer = null;
  var sending = false;
  var offline = !navigator.onLine;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function store() {
    try { localStorage.setItem(KEY, JSON.stringify(outbox)); } catch (e) { /* full: kept in memory */ }
  }
  function newId() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function splitCities(value) {
    return value.split(/[,;\n]/).map(function (c) { return c.trim(); }).filter(Boolean);
  }
  function card(id) { return document.getElementById("p-" + id); }
  function field(el, name) { return el.querySelector("[data-field='" + name + "']"); }

  function read(el) {
    var checked = el.querySelectorAll("[data-field='addressed_to']:checked");
    return {
      text: field(el, "text").value,
      addressed_to: Array.prototype.map.call(checked, function (c) { return c.value; }),
      cities: splitCities(field(el, "cities").value)
    };
  }
  function fill(el, data) {
    field(el, "text").value = data.text || "";
    el.querySelectorAll("[data-field='addressed_to']").forEach(function (c) {
      c.checked = (data.addressed_to || []).indexOf(c.value) >= 0;
    });
    field(el, "cities").value = (data.cities || []).join(", ");
  }
  function number() {
    root.querySelectorAll(".proposal .num").forEach(function (n, i) { n.textContent = i + 1; });
  }

  function showState(el, state, text) {
    var s = el && el.querySelector(".save-state");
    if (!s) { return; }
    s.dataset.state = state;
    s.textContent = text;
  }
  function showErrors(el, errors) {
    el.querySelectorAll("[data-errors]").forEach(function (box) {
      var name = box.dataset.errors;
      box.textContent = "";
      var input = field(el, name);
      if (errors && errors[name]) {
        var p = document.createElement("p");
        p.className = "error";
        p.textContent = errors[name];
        box.appendChild(p);
      }
      if (input) { input.setAttribute("aria-invalid", errors && errors[name] ? "true" : "false"); }
    });
  }
  function waiting() {
    return Object.keys(outbox).filter(function (id) {
      return !outbox[id].invalid && !outbox[id].conflict && sendable(id);
    });
  }
  function conflicts() {
    return Object.keys(outbox).filter(function (id) { return outbox[id].conflict; });
  }
  function sendable(id) {
    var entry = outbox[id];
    var el = card(id);
    return entry.deleted || entry.text.trim() !== "" || (el && el.dataset.saved === "1");
  }
  function render() {
    var n = waiting().length;
    var choices = conflicts().length;
    sync.hidden = false;
    if (choices) {
      sync.dataset.state = "conflict";
      sync.textContent = words.conflict_count.replace("{n}", choices);
    } else if (!n) {
      sync.dataset.state = "saved";
      sync.textContent = words.all_saved;
    } else if (offline) {
      sync.dataset.state = "offline";
      sync.textContent = words.offline_count.replace("{n}", n);
    } else {
      sync.dataset.state = "saving";
      sync.textContent = words.saving_count.replace("{n}", n);
    }
  }

  function changed(el) {
    var id = el.dataset.id;
    var previous = outbox[id] || {};
    var entry = read(el);
    entry.v = (previous.v || 0) + 1;
    entry.base = Number(el.dataset.version || 0);
    if (previous.conflict) { entry.conflict = previous.conflict; }
    if (previous.unsure) { entry.unsure = previous.unsure; }
    outbox[id] = entry;
    store();
    if (entry.conflict) {
      showState(el, "conflict", words.conflict_state);
    } else if (entry.text.trim() || el.dataset.saved === "1") {
      el.dataset.saved = el.dataset.saved === "1" ? "1" : "local";
      showState(el, "pending", offline ? words.offline : words.pending);
    } else {
      showState(el, "new", words.write_first);
    }
    render();
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE);
  }

  function refreshToken() {
    return fetch(stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) { csrf = body.csrf_token; });
  }

  function send(id) {
    var entry = outbox[id];
    var url = saveUrl.replace("__ID__", encodeURIComponent(id));
    var body = entry.deleted ? { version: entry.base } :
      { text: entry.text, addressed_to: entry.addressed_to, cities: entry.cities, version: entry.base };
    return fetch(url, {
      method: entry.deleted ? "DELETE" : "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }
  function content(entry) {
    return {
      text: entry.text,
      addressed_to: (entry.addressed_to || []).slice(),
      cities: (entry.cities || []).slice()
    };
  }
  /* The server's text is what this device sent before an answer was lost: its own save. */
  function same(a, b) {
    function key(x) {
      return [x.text.trim(), x.addressed_to.slice().sort().join(","),
        x.cities.join(",").toLowerCase()].join("\n");
    }
    return !!a && !!b && key(content(a)) === key(content(b));
  }

  function hint(data) {
    var line = words.addressed_to + ": " + (data.addressed_to || []).map(function (code) {
      return words.labels[code] || code;
    }).join(", ");
    if ((data.cities || []).length) { line += " · " + words.cities + ": " + data.cities.join(", "); }
    return line;
  }
  function notice(el, message) {
    var old = el.querySelector(".conflict");
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = message;
    box.appendChild(p);
    return box;
  }
  function actions(box, buttons) {
    var row = document.createElement("p");
    row.className = "actions";
    buttons.forEach(function (spec) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button " + spec[0];
      b.textContent = spec[1];
      b.addEventListener("click", spec[2]);
      row.appendChild(b);
    });
    box.appendChild(row);
  }
  /* Another device saved this proposal: its text above, this person's still in the field. */
  function showConflict(el, current) {
    var id = el.dataset.id;
    var box = notice(el, words.errors["text.conflict"]);
    box.dataset.version = current.version;
    [["conflict-title", words.other_version], ["proposal-text", current.text], ["hint", hint(current)]]
      .forEach(function (part) {
        var p = document.createElement("p");
        p.className = part[0];
        p.textContent = part[1];
        box.appendChild(p);
      });
    actions(box, [
      ["primary keep-mine", words.keep_mine, function () {
        el.dataset.version = current.version;
        if (outbox[id]) { delete outbox[id].conflict; }
        box.remove();
        changed(el);
      }],
      ["keep-theirs", words.keep_theirs, function () {
        fill(el, current);
        el.dataset.version = current.version;
        delete outbox[id];
        store();
        box.remove();
        showState(el, "saved", current.missing && current.missing.length ? words.missing : words.saved);
        render();
      }]
    ]);
    el.insertBefore(box, el.querySelector(".proposal-form"));
    showState(el, "conflict", words.conflict_state);
  }
  /* Deleted on another device: the text stays on screen, out of the queue, until the person
     saves it as a new proposal. */
  function showGone(el) {
    var box = notice(el, words.errors["text.gone"]);
    actions(box, [["primary save-as-new", words.save_as_new, function () {
      var data = read(el);
      var fresh = addCard(newId(), data);
      fresh.dataset.version = "0";
      el.remove();
      number();
      changed(fresh);
    }]]);
    el.insertBefore(box, el.querySelector(".proposal-form"));
    showState(el, "error", words.errors["text.gone"]);
  }

  /* A copy of this page for a reload with no network: rapporteur-sw.js keeps what passes
     through it once it controls the page; after each save the copy is renewed. */
  var controlled = null;
  var keepTimer = null;
  function control() {
    if (!("serviceWorker" in navigator) || !window.caches) { return null; }
    var sw = root.dataset.swUrl;
    navigator.serviceWorker.register(sw, { scope: sw.replace(/sw\.js$/, "") })
      .catch(function () { return null; });
    return navigator.serviceWorker.ready.then(function () {
      if (navigator.serviceWorker.controller) { return null; }
      return new Promise(function (done) {
        navigator.serviceWorker.addEventListener("controllerchange", done, { once: true });
      });
    });
  }
  function keep(urls) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" });
    })).then(function (responses) {
      return responses.every(function (r) { return r.ok; });
    });
  }
  function offlineReady() {
    controlled = control();
    if (!controlled) { return; }
    var files = Array.prototype.map.call(
      document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]"),
      function (el) { return el.href || el.src; }
    );
    controlled
      .then(function () { return keep([location.pathname].concat(files)); })
      .then(function (ok) { if (ok) { root.dataset.offlineReady = "1"; } })
      .catch(function () { return null; });
  }
  function keepPage() {
    clearTimeout(keepTimer);
    keepTimer = setTimeout(function () {
      if (!controlled || !navigator.onLine) { return; }
      controlled
        .then(function () { return keep([location.pathname]); })
        .then(function (ok) { if (ok) { root.dataset.kept = String(Date.now()); } })
        .catch(function () { return null; });
    }, 1000);
  }

  function settle(id, version, response) {
    var el = card(id);
    var current = outbox[id];
    var latest = current && current.v === version;
    if (response.ok) {
      if (latest) { delete outbox[id]; }
      keepPage();
      if (response.status !== 204) {
        return response.json().then(function (saved) {
          /* What was typed meanwhile was typed on top of this save. */
          if (outbox[id]) { outbox[id].base = saved.version; delete outbox[id].unsure; }
          if (!el) { return; }
          el.dataset.version = saved.version;
          el.dataset.saved = "1";
          showErrors(el, null);
          if (latest) {
            showState(el, "saved", saved.missing.length ? words.missing : words.saved);
          }
        });
      }
      return null;
    }
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (response.status === 400 && body.error === "csrf") {
        return refreshToken().then(function () { throw new Error("retry"); });
      }
      if (response.status === 409 && body.error === "conflict") {
        return conflict(id, body.current);
      }
      if (response.status === 410) {
        delete outbox[id];
        if (el) { showGone(el); }
        return null;
      }
      if (response.status === 409 || response.status === 422) {
        if (current && current.v === version) { current.invalid = true; }
        if (response.status === 409) { delete outbox[id]; }
        if (el) {
          showErrors(el, body.errors);
          showState(el, "error", (body.errors && (body.errors.text || body.errors.addressed_to || body.errors.cities)) || "");
        }
        return null;
      }
      throw new Error("status " + response.status);
    });
  }

  function conflict(id, current) {
    var entry = outbox[id];
    var el = card(id);
    if (!entry) { return null; }
    if (entry.deleted) {
      /* Someone changed it since this device asked to delete it: it stays, with their text. */
      delete outbox[id];
      el = el || addCard(id, current);
      fill(el, current);
      el.dataset.saved = "1";
      el.dataset.version = current.version;
      showState(el, "conflict", words.not_deleted);
      return null;
    }
    if (same(entry.unsure, current)) {
      entry.base = current.version;
      delete entry.unsure;
      if (el) { el.dataset.version = current.version; }
      throw new Error("retry");
    }
    entry.conflict = current;
    if (el) { showConflict(el, current); }
    return null;
  }

  function flush() {
    if (sending) { return; }
    var ids = waiting();
    if (!ids.length) { render(); return; }
    if (!navigator.onLine) {
      /* The browser knows it has no network: everything stays queued until its "online" event. */
      offline = true;
      ids.forEach(function (queued) {
        var queuedCard = card(queued);
        if (queuedCard) { showState(queuedCard, "pending", words.offline); }
      });
      render();
      return;
    }
    var id = ids[0];
    var version = outbox[id].v;
    var sent = outbox[id].deleted ? null : content(outbox[id]);
    var el = card(id);
    sending = true;
    if (el) { showState(el, "saving", words.saving); }
    send(id)
      .then(function (response) {
        offline = false;
        return settle(id, version, response);
      })
      .then(function () {
        store();
        sending = false;
        render();
        flush();
      })
      .catch(function (error) {
        sending = false;
        if (error && error.message === "retry") { store(); flush(); return; }
        /* No answer: the server may have this save; a 409 showing it back is this device's own. */
        if (sent && outbox[id] && error instanceof TypeError) { outbox[id].unsure = sent; store(); }
        offline = offline || !navigator.onLine || error instanceof TypeError;
        if (el && outbox[id]) { showState(el, "pending", offline ? words.offline : words.pending); }
        render();
      });
  }

  function bind(el) {
    var form = el.querySelector(".proposal-form");
    if (!form) { return; }
    form.addEventListener("input", function () { changed(el); });
    form.addEventListener("change", function () { changed(el); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      changed(el);
      clearTimeout(timer);
      flush();
    });
    field(el, "cities").addEventListener("focus", function () { showPicks(el); });
    var del = el.querySelector(".delete-form");
    if (del) {
      del.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!window.confirm(words.confirm_delete)) { return; }
        var id = el.dataset.id;
        if (el.dataset.saved === "1") {
          outbox[id] = {
            deleted: true,
            v: ((outbox[id] && outbox[id].v) || 0) + 1,
            base: Number(el.dataset.version || 0)
          };
        } else {
          delete outbox[id];
        }
        store();
        if (picks.parentNode && el.contains(picks)) { document.body.appendChild(picks); picks.hidden = true; }
        el.remove();
        number();
        render();
        flush();
      });
    }
  }

  function blankCard() {
    var blanks = root.querySelectorAll(".proposal[data-saved='0']");
    var last = blanks[blanks.length - 1];
    return last && !field(last, "text").value.trim() ? last : null;
  }
  function addCard(id, data) {
    var html = template.innerHTML.split("__ID__").join(id);
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var el = holder.firstElementChild;
    /* Restored drafts go before the empty card the page offers for the next proposal. */
    root.insertBefore(el, data ? blankCard() : null);
    if (data) { fill(el, data); }
    bind(el);
    number();
    return el;
  }

  /* The workshop's cities as buttons under the cities field being edited: a tap adds or removes. */
  function showPicks(el) {
    if (!cities.length) { return; }
    el.querySelector(".city-picks-slot").appendChild(picks);
    picks.hidden = false;
    drawPicks(el);
  }
  function drawPicks(el) {
    var input = field(el, "cities");
    var chosen = splitCities(input.value).map(function (c) { return c.toLowerCase(); });
    picks.textContent = "";
    cities.forEach(function (city) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "pick";
      b.textContent = city;
      b.setAttribute("aria-pressed", chosen.indexOf(city.toLowerCase()) >= 0 ? "true" : "false");
      b.addEventListener("click", function () {
        var list = splitCities(input.value);
        var at = list.map(function (c) { return c.toLowerCase(); }).indexOf(city.toLowerCase());
        if (at >= 0) { list.splice(at, 1); } else { list.push(city); }
        input.value = list.join(", ");
        changed(el);
        drawPicks(el);
      });
      picks.appendChild(b);
    });
  }

  root.querySelectorAll(".proposal").forEach(bind);
  /* What this device typed and the server has not confirmed is newer than the page. */
  Object.keys(outbox).forEach(function (id) {
    var entry = outbox[id];
    var el = card(id);
    if (entry.deleted) {
      if (el) { el.remove(); }
      return;
    }
    if (!el) {
      el = addCard(id, entry);
      el.dataset.saved = "local";
    } else if (el.querySelector(".proposal-form")) {
      fill(el, entry);
    } else {
      delete outbox[id];
      return;
    }
    /* The version this device's text was typed on, not the one the page came with. */
    el.dataset.version = entry.base || 0;
    if (entry.conflict) {
      showConflict(el, entry.conflict);
    } else {
      showState(el, "pending", words.pending);
    }
  });
  store();
  number();
  addButton.hidden = false;
  addButton.addEventListener("click", function () {
    var el = blankCard() || addCard(newId(), null);
    field(el, "text").focus();
  });
  window.addEventListener("online", function () { offline = false; render(); flush(); });
  window.addEventListener("offline", function () { offline = true; render(); });
  setInterval(function () { if (waiting().length) { flush(); } }, RETRY);
  offlineReady();
  render();
  flush();
}());
