// Assessment grid: arrow keys move between cells, and only changed cells are sent.
// Progressive enhancement: the grid works as a plain form without this file.
(() => {
  "use strict";

  const cellsOf = (form) => Array.from(form.querySelectorAll("input[data-initial]"));

  // The input at (row, column) offset from `input`, skipping cells that are not required.
  const neighbour = (input, dRow, dCol) => {
    const td = input.closest("td");
    const tr = td.parentElement;
    const col = Array.prototype.indexOf.call(tr.children, td);
    if (dCol !== 0) {
      let i = col + dCol;
      while (i > 0 && i < tr.children.length) {
        const found = tr.children[i].querySelector("input[data-initial]");
        if (found) return found;
        i += dCol;
      }
      return null;
    }
    let row = dRow > 0 ? tr.nextElementSibling : tr.previousElementSibling;
    while (row) {
      const found = row.children[col] && row.children[col].querySelector("input[data-initial]");
      if (found) return found;
      row = dRow > 0 ? row.nextElementSibling : row.previousElementSibling;
    }
    return null;
  };

  const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest("form[data-assess-grid]")) return;
    if (!input.hasAttribute("data-initial") || event.altKey || event.ctrlKey || event.metaKey) return;
    const move = MOVES[event.key];
    if (!move) return;
    // Left/right first move the caret inside a cell, then leave it at the edge.
    if (event.key === "ArrowLeft" && input.selectionStart > 0) return;
    if (event.key === "ArrowRight" && input.selectionEnd < input.value.length) return;
    const next = neighbour(input, move[0], move[1]);
    if (next) {
      event.preventDefault();
      next.focus();
      next.select();
    }
  });

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.hasAttribute("data-initial")) {
      input.closest("td").classList.toggle("changed", input.value.trim() !== input.dataset.initial);
    }
  });

  // htmx: drop unchanged cells from the request.
  document.addEventListener("htmx:configRequest", (event) => {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-assess-grid]")) return;
    for (const input of cellsOf(form)) {
      if (input.value.trim() === input.dataset.initial) {
        const params = event.detail.parameters;
        if (typeof params.delete === "function") params.delete(input.name);
        else delete params[input.name];
      }
    }
  });

  // Plain submit (no htmx): disable unchanged cells so the browser leaves them out.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-assess-grid]")) return;
    if (event.defaultPrevented) return; // htmx is sending it
    for (const input of cellsOf(form)) {
      if (input.value.trim() === input.dataset.initial) input.disabled = true;
    }
  });

  // If the page is restored from the back/forward cache, give the disabled cells back.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-assess-grid] input[data-initial]").forEach((input) => {
      input.disabled = false;
    });
  });
})();
