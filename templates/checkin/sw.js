/* Seminario check-in: keeps the station app working with no network. Version {{ version }}.
   The scripts and styles ("shell") are cached per version; the station pages in "checkin-pages",
   which a new version keeps, so a station reloaded offline right after an update still opens. */
const CACHE = "checkin-shell-{{ version }}";
const PAGES = "checkin-pages";
const SHELL = {{ shell|tojson }};
const PATIENCE = 5000;  // a page the venue's Wi-Fi does not bring in this time comes from the cache

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("checkin-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function kept(request) {
  return caches.open(PAGES).then((pages) => pages.match(request, { ignoreSearch: true }));
}

function page(request) {
  /* The station page: fresh when the network answers in time, the last copy when not. */
  const network = fetch(request).then((response) => {
    if (response.ok && !response.redirected && response.type === "basic") {
      const copy = response.clone();
      caches.open(PAGES).then((pages) => pages.put(new URL(request.url).pathname, copy));
    }
    return response;
  });
  const late = new Promise((resolve) => setTimeout(resolve, PATIENCE)).then(() => kept(request));
  const first = Promise.race([network, late.then((hit) => hit || network)]);
  return first.catch(() => kept(request).then((hit) => hit || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
