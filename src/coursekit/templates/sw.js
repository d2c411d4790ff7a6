/* The course's service worker, written by coursekit.offline at build time.
 *
 * Nothing is stored until the learner asks for an offline copy ("Make this course available
 * offline" on the home page). Then every page and asset of this version is downloaded into one
 * cache named after the version; only same-origin GET answers with status 200 are stored (not
 * another 2xx, never an error). While that copy is complete, it answers every request it holds, so the pages a learner sees
 * all come from one version.
 *
 * After a new deploy the browser finds a new sw.js (a new version). If the learner kept an offline
 * copy, the new worker downloads the whole new version first and then waits: the page says "A new
 * version is available" and the learner chooses when to switch. Without an offline copy there is
 * nothing to mix, and the new worker takes over at once. */
"use strict";

var VERSION = "__VERSION__";
var FILES = __FILES__;
var PREFIX = "sic-offline-";
var CACHE = PREFIX + VERSION;
var COMPLETE = "__complete__";

function scopeUrl(path) {
  return new URL(path, self.registration.scope).href;
}

function isComplete(name) {
  return caches.open(name).then(function (cache) { return cache.match(scopeUrl(COMPLETE)); }).then(function (hit) { return !!hit; });
}

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true, type: "window" }).then(function (all) {
    all.forEach(function (client) { client.postMessage(message); });
  });
}

/* Download every file of this version into its cache; progress goes to every open page. */
var downloading = null;
function download() {
  if (downloading) return downloading;
  var total = FILES.reduce(function (sum, f) { return sum + f[1]; }, 0);
  var done = 0;
  var bytes = 0;
  downloading = caches.open(CACHE).then(function (cache) {
    var queue = FILES.slice();
    function next() {
      var file = queue.shift();
      if (!file) return Promise.resolve();
      var url = scopeUrl(file[0]);
      return cache.match(url).then(function (hit) {
        if (hit) return null;
        return fetch(new Request(url, { cache: "reload", credentials: "same-origin" })).then(function (response) {
          if (response.status !== 200 || response.type !== "basic" || response.redirected) {
            /* The page says it in its own language (offline-control.js, offline.file_failed). */
            throw Object.assign(new Error(file[0] + ": HTTP " + response.status), { file: file[0], status: response.status });
          }
          return cache.put(url, response);
        });
      }).then(function () {
        done += 1;
        bytes += file[1];
        if (done % 5 === 0 || done === FILES.length) tell({ type: "cq-offline-progress", done: done, total: FILES.length, bytes: bytes, totalBytes: total });
        return next();
      });
    }
    /* Three downloads at a time: fast on a good line, gentle on a slow one. */
    return Promise.all([next(), next(), next()]).then(function () {
      return cache.put(scopeUrl(COMPLETE), new Response(VERSION));
    });
  }).then(function () {
    downloading = null;
    return tell({ type: "cq-offline-ready", version: VERSION, bytes: total });
  }, function (error) {
    downloading = null;
    var failed = { type: "cq-offline-failed", message: String(error && error.message || error) };
    if (error && error.file) { failed.file = error.file; failed.status = error.status; }
    return tell(failed).then(function () { throw error; });
  });
  return downloading;
}

function olderComplete() {
  return caches.keys().then(function (names) {
    var older = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; });
    return Promise.all(older.map(isComplete)).then(function (flags) { return flags.some(Boolean); });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(olderComplete().then(function (hadCopy) {
    if (hadCopy) return download(); /* then wait until the learner chooses to update */
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cq-offline-download") {
    event.waitUntil(download().catch(function () { /* reported to the page */ }));
  } else if (data.type === "cq-offline-remove") {
    event.waitUntil(caches.delete(CACHE).then(function () { return tell({ type: "cq-offline-removed" }); }));
  } else if (data.type === "cq-offline-status") {
    event.waitUntil(isComplete(CACHE).then(function (complete) {
      var total = FILES.reduce(function (sum, f) { return sum + f[1]; }, 0);
      event.source.postMessage({ type: "cq-offline-status", complete: complete, version: VERSION, bytes: total, files: FILES.length, busy: !!downloading });
    }));
  } else if (data.type === "cq-offline-update") {
    self.skipWaiting();
  }
});

var fromNetwork = {}; /* pages (client ids) opened from the network while an offline copy is complete */

/* The cache key of a request: the file's address without query or fragment; a page's folder for its index.html. */
function keyOf(url) {
  var clean = url.origin + url.pathname;
  return clean.replace(/\/index\.html$/, "/");
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(new URL(self.registration.scope).pathname) !== 0) return;
  if (request.headers.has("range")) return;
  var clientId = event.clientId;
  var opening = request.mode === "navigate" ? event.resultingClientId || "navigate" : "";
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(scopeUrl(COMPLETE)).then(function (complete) {
      if (!complete) return fetch(request);
      return cache.match(keyOf(url)).then(function (hit) {
        /* A page that is not in this version's copy (only in a newer deploy) comes from the network,
         * and so do its assets: it is never shown with this version's files. */
        if (hit && (opening || !(clientId && fromNetwork[clientId]))) return hit;
        return fetch(request).then(function (response) {
          if (opening) fromNetwork[opening] = true;
          return response;
        }).catch(function () {
          if (hit) return hit;
          return cache.match(scopeUrl("404.html")).then(function (missing) {
            if (missing && request.mode === "navigate") {
              return new Response(missing.body, { status: 404, statusText: "Not Found", headers: missing.headers });
            }
            throw new TypeError("offline, and not in the offline copy");
          });
        });
      });
    });
  }));
});
