// Badge batches: start the rendering, poll its progress, then offer the download.
(function () {
  "use strict";
  var form = document.getElementById("badge-batch");
  var box = document.getElementById("badge-progress");
  if (!form || !box) return;
  var bar = box.querySelector("progress");
  var count = box.querySelector(".count");
  var link = box.querySelector(".download");
  var error = box.querySelector(".error");

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
    form.querySelector("button").disabled = false;
  }

  function poll(url) {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        bar.max = state.total || 1;
        bar.value = state.done || 0;
        count.textContent = (state.done || 0) + " / " + (state.total || 0);
        if (state.status === "done") {
          link.href = state.download_url;
          link.hidden = false;
          form.querySelector("button").disabled = false;
        } else if (state.status === "failed") {
          fail(state.error);
        } else {
          setTimeout(function () { poll(url); }, 700);
        }
      })
      .catch(function () { fail(box.dataset.labelOffline); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    box.hidden = false;
    link.hidden = true;
    error.hidden = true;
    form.querySelector("button").disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) return fail(answer.body.error || box.dataset.labelOffline);
        poll(answer.body.status_url);
      })
      .catch(function () { fail(box.dataset.labelOffline); });
  });
})();
