// Tap-to-rank for the ODS workshops. The numbered selects stay the form's truth;
// this script only drives them, so the form works the same without JavaScript.
// Every change is said in a live region (what changed, and where it now is), and keyboard
// focus stays on the item that moved, or on its neighbour when it is removed.
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
    var status = widget.querySelector(".rank-status");
    var order = selects.map(function (s) { return parseInt(s.value, 10); }).filter(Boolean);

    function say(template, n) {
      status.textContent = template
        .replace("{name}", n + ". " + byNumber[n].name)
        .replace("{position}", String(order.indexOf(n) + 1))
        .replace("{count}", String(order.length));
    }
    function sync(focus) {
      selects.forEach(function (select, i) { select.value = order[i] ? String(order[i]) : ""; });
      render();
      if (focus) focus();
    }
    function focusItem(index, action) {
      return function () {
        var item = list.children[Math.min(index, order.length - 1)];
        var target = item && order.length ? item.querySelector("." + action) : null;
        (target || list.querySelector(".remove") || grid.querySelector("button")).focus();
      };
    }
    function button(label, text, action, describedBy, onClick) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "icon " + action; b.textContent = text;
      b.setAttribute("aria-label", label);
      b.setAttribute("aria-describedby", describedBy);
      b.addEventListener("click", onClick);
      return b;
    }
    function move(i, delta, action) {
      var j = i + delta;
      if (j < 0 || j >= order.length) return;
      var t = order[i]; order[i] = order[j]; order[j] = t;
      sync(focusItem(j, action));
      say(widget.dataset.sayMoved, order[j]);
    }
    function remove(i) {
      var n = order[i];
      order.splice(i, 1);
      sync(order.length ? focusItem(i, "remove") : function () {
        grid.querySelector("[data-ods='" + n + "']").focus();
      });
      say(widget.dataset.sayRemoved, n);
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
        var nameId = fieldset.id + "-item-" + n;
        li.style.setProperty("--ods", g.colour);
        li.dataset.ods = n;
        var name = document.createElement("span");
        name.className = "name"; name.id = nameId; name.textContent = n + ". " + g.name;
        li.appendChild(name);
        var up = button(widget.dataset.labelUp, "↑", "up", nameId, function () { move(i, -1, "up"); });
        var down = button(widget.dataset.labelDown, "↓", "down", nameId, function () { move(i, 1, "down"); });
        if (i === 0) up.setAttribute("aria-disabled", "true");
        if (i === order.length - 1) down.setAttribute("aria-disabled", "true");
        li.appendChild(up);
        li.appendChild(down);
        li.appendChild(button(widget.dataset.labelRemove, "✕", "remove", nameId, function () { remove(i); }));
        list.appendChild(li);
      });
      grid.querySelectorAll("button").forEach(function (b) {
        var pos = order.indexOf(parseInt(b.dataset.ods, 10));
        b.setAttribute("aria-pressed", pos >= 0 ? "true" : "false");
        b.querySelector(".pos").textContent = pos >= 0 ? String(pos + 1) : "";
        b.querySelector(".where").textContent = pos >= 0
          ? ", " + widget.dataset.labelPosition.replace("{position}", String(pos + 1)) : "";
      });
    }
    goals.forEach(function (g) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "goal"; b.dataset.ods = g.n;
      b.style.setProperty("--ods", g.colour);
      b.style.setProperty("--ods-ink", g.ink);
      b.innerHTML = '<span class="num"></span><span class="label"></span>' +
        '<span class="pos" aria-hidden="true"></span><span class="where sr-only"></span>';
      b.querySelector(".num").textContent = g.n;
      b.querySelector(".label").textContent = g.name;
      b.addEventListener("click", function () {
        var pos = order.indexOf(g.n);
        if (pos >= 0) {
          order.splice(pos, 1); sync();
          say(widget.dataset.sayRemoved, g.n);
        } else {
          order.push(g.n); sync();
          say(widget.dataset.sayAdded, g.n);
        }
      });
      grid.appendChild(b);
    });
    fieldset.querySelector(".rank-selects").hidden = true;
    widget.hidden = false;
    render();
  });
})();
