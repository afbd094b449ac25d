/* The live check-in dashboard: refresh the board every 10 s. */
(function () {
  "use strict";
  const board = document.getElementById("board");
  if (!board) return;
  async function refresh() {
    try {
      const response = await fetch(board.dataset.liveUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) board.innerHTML = (await response.json()).html;
    } catch (e) { /* try again at the next tick */ }
  }
  setInterval(refresh, 10000);
})();
