/* The rapporteur's page without network: served from /rapporteur/sw.js (scope /rapporteur/), it
   answers the page, its script and its styles from the network and keeps each answer; with no
   network it gives the copy kept, so a reload offline opens the page, whose script then restores
   the proposals not yet sent from localStorage. Saves (PUT, DELETE) and the JSON state always go
   to the network. */
const CACHE = "rapporteur-pages";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function key(request) {
  const url = new URL(request.url);
  return url.origin + url.pathname;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.endsWith(".json")) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected && response.type === "basic") {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(key(request), copy));
        }
        return response;
      })
      .catch(() => caches.open(CACHE)
        .then((cache) => cache.match(key(request)))
        .then((hit) => hit || Response.error()))
  );
});
