// Tap-to-rank for the ODS workshops. The numbered selects stay the form's truth;
// this script only drives them, so the form works the same without JavaScript.
(function () {
  "use strict";
  document.querySelectorAll("fieldset.ranking").forEach(function (fieldset) {
    var widget = fieldset.querySelector(".rank-widget");
    var selects = Array.prototype.slice.call(fieldset.querySelectorAll(".rank-selects select"));
    var goals = JSON.parse(widget.dataset.goals);
    var byNumber = {};
    goals.forEach(function (g) { byNumber[g.n] = g; });
    var list = widget.querySelector(".rank-list");
    var grid = widget.querySelector(".goal-grid");
    var order = selects.map(function (s) { return parseInt(s.value, 10); }).filter(Boolean);

    function sync() {
      selects.forEach(function (select, i) { select.value = order[i] ? String(order[i]) : ""; });
      render();
    }
    function button(label, text, onClick) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "icon"; b.textContent = text;
      b.setAttribute("aria-label", label); b.addEventListener("click", onClick);
      return b;
    }
    function move(i, delta) {
      var j = i + delta;
      if (j < 0 || j >= order.length) return;
      var t = order[i]; order[i] = order[j]; order[j] = t; sync();
    }
    function render() {
      list.textContent = "";
      if (!order.length) {
        var empty = document.createElement("li");
        empty.className = "empty"; empty.textContent = widget.dataset.labelEmpty;
        list.appendChild(empty);
      }
      order.forEach(function (n, i) {
        var g = byNumber[n], li = document.createElement("li");
        li.style.setProperty("--ods", g.colour);
        li.dataset.ods = n;
        var name = document.createElement("span");
        name.className = "name"; name.textContent = n + ". " + g.name;
        li.appendChild(name);
        li.appendChild(button(widget.dataset.labelUp, "↑", function () { move(i, -1); }));
        li.appendChild(button(widget.dataset.labelDown, "↓", function () { move(i, 1); }));
        li.appendChild(button(widget.dataset.labelRemove, "✕", function () {
          order.splice(i, 1); sync();
        }));
        list.appendChild(li);
      });
      grid.querySelectorAll("button").forEach(function (b) {
        var pos = order.indexOf(parseInt(b.dataset.ods, 10));
        b.setAttribute("aria-pressed", pos >= 0 ? "true" : "false");
        b.querySelector(".pos").textContent = pos >= 0 ? String(pos + 1) : "";
      });
    }
    goals.forEach(function (g) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "goal"; b.dataset.ods = g.n;
      b.style.setProperty("--ods", g.colour);
      b.innerHTML = '<span class="num"></span><span class="label"></span><span class="pos"></span>';
      b.querySelector(".num").textContent = g.n;
      b.querySelector(".label").textContent = g.name;
      b.addEventListener("click", function () {
        var pos = order.indexOf(g.n);
        if (pos >= 0) order.splice(pos, 1); else order.push(g.n);
        sync();
      });
      grid.appendChild(b);
    });
    fieldset.querySelector(".rank-selects").hidden = true;
    widget.hidden = false;
    render();
  });
})();
