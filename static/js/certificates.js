// The certificates page: while a batch runs, poll its progress row and show it; reload when done.
(function () {
  "use strict";
  var box = document.getElementById("batch");
  if (!box || box.dataset.status !== "running") return;
  var bar = document.getElementById("batch-progress");
  var message = document.getElementById("batch-message");
  var button = document.getElementById("start-batch");
  if (button) button.disabled = true;

  function show(data) {
    if (data.total) bar.max = data.total;
    bar.value = data.done;
    message.textContent = box.dataset.labelRunning
      .replace("{done}", data.done).replace("{total}", data.total);
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.status === "running") { show(data); setTimeout(poll, 1000); }
        else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
