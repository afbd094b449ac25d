// Allocation page: while a run is in progress, poll its status row and show the stage and the
// elapsed time; reload the page once it is done (or failed) so the figures appear.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) return;
  var stage = document.getElementById("run-stage");
  var elapsed = document.getElementById("run-elapsed");
  var steps = box.querySelectorAll("[data-stage]");
  var order = ["loading", "solving", "saving"];

  function show(data) {
    stage.textContent = data.stage;
    elapsed.textContent = box.dataset.seconds.replace("{n}", data.elapsed.toFixed(1));
    var at = order.indexOf(data.status);
    steps.forEach(function (li, i) {
      li.classList.toggle("done", at > i || !data.running);
      if (i === at) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    });
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (data.running) window.setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
