// Pickers: an ARIA 1.2 combobox over a server-side search (cadre/core/pickers.py).
// Progressive enhancement: without this file the field is a text input of a code, an employee
// number or "#id", and the form still works.
(() => {
  "use strict";
  let counter = 0;

  function enhance(root) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = "1";
    const original = root.querySelector("input[type=text]");
    if (!original) return;
    const multiple = root.hasAttribute("data-multiple");
    const baseId = original.id || `combobox-${++counter}`;
    const listboxId = `${baseId}-listbox`;
    const statusId = `${baseId}-status`;

    // The submitted value moves to a hidden input; the visible one is for typing only.
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = original.name;
    hidden.value = original.value;
    original.removeAttribute("name");
    original.after(hidden);

    const input = original;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listboxId);
    if (input.dataset.placeholder) input.placeholder = input.dataset.placeholder;
    input.value = multiple ? "" : input.dataset.label || input.value;

    const listbox = document.createElement("ul");
    listbox.id = listboxId;
    listbox.className = "combobox-listbox";
    listbox.setAttribute("role", "listbox");
    const label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = `${baseId}-label`;
      listbox.setAttribute("aria-labelledby", label.id);
    }
    listbox.hidden = true;
    const status = document.createElement("p");
    status.id = statusId;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    // What the last search found ("3 matches", "refine your search"): shown under the list while
    // it is open, and read out by the live region. It is kept out of the listbox, which holds
    // options only (an empty listbox is hidden rather than shown without options).
    const note = document.createElement("p");
    note.className = "combobox-status";
    note.hidden = true;
    const popup = document.createElement("div");
    popup.className = "combobox-popup";
    popup.append(listbox, note);
    hidden.after(popup, status);

    const chosen = root.querySelector(".combobox-chosen");
    let active = -1;
    let timer = null;
    let sequence = 0;

    function options() {
      return Array.from(listbox.querySelectorAll("[role=option]"));
    }
    function open() {
      const any = options().length > 0;
      listbox.hidden = !any;
      note.hidden = !note.textContent;
      input.setAttribute("aria-expanded", String(any));
    }
    function close() {
      listbox.hidden = true;
      note.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      const items = options();
      if (!items.length) return;
      active = Math.max(0, Math.min(index, items.length - 1));
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function values() {
      return hidden.value.split(",").map((v) => v.trim()).filter(Boolean);
    }
    function addChip(value, text) {
      const item = document.createElement("li");
      item.dataset.value = value;
      item.textContent = text;
      decorateChip(item);
      chosen.append(item);
    }
    function decorateChip(item) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "combobox-remove";
      remove.setAttribute("aria-label", `${root.dataset.removeLabel || "Remove"} ${item.textContent.trim()}`);
      remove.textContent = "×";
      remove.addEventListener("click", () => {
        hidden.value = values().filter((v) => v !== item.dataset.value).join(", ");
        item.remove();
        input.focus();
      });
      item.append(" ", remove);
    }
    function choose(item) {
      if (multiple) {
        if (!values().includes(item.dataset.value)) {
          hidden.value = [...values(), item.dataset.value].join(", ");
          addChip(item.dataset.value, item.dataset.label);
        }
        input.value = "";
      } else {
        hidden.value = item.dataset.value;
        input.value = item.dataset.label;
      }
      status.textContent = item.dataset.label;
      close();
    }
    function refreshed(seq) {
      if (seq !== sequence) return;
      const message = listbox.querySelector("[data-status]");
      const text = message ? message.textContent.trim() : "";
      if (message) message.remove();
      note.textContent = text;
      status.textContent = text;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input) open();
    }
    function search() {
      const seq = ++sequence;
      const params = { q: input.value, listbox: listboxId };
      if (window.htmx) {
        window.htmx
          .ajax("GET", root.dataset.url, { target: listbox, swap: "innerHTML", values: params })
          .then(() => refreshed(seq));
      } else {
        fetch(`${root.dataset.url}&${new URLSearchParams(params)}`, { credentials: "same-origin" })
          .then((r) => r.text())
          .then((html) => {
            if (seq === sequence) listbox.innerHTML = html;
            refreshed(seq);
          });
      }
    }

    if (chosen) chosen.querySelectorAll("li").forEach(decorateChip);
    input.addEventListener("input", () => {
      if (!multiple) hidden.value = input.value; // a typed code or employee number still submits
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", (event) => {
      const items = options();
      const isOpen = !listbox.hidden || !note.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen) { open(); if (!items.length) search(); }
          highlight(active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen) open();
          highlight(active < 0 ? items.length - 1 : active - 1);
          break;
        case "Home":
          if (isOpen && items.length) { event.preventDefault(); highlight(0); }
          break;
        case "End":
          if (isOpen && items.length) { event.preventDefault(); highlight(items.length - 1); }
          break;
        case "Enter":
          if (isOpen && active >= 0 && items[active]) { event.preventDefault(); choose(items[active]); }
          break;
        case "Escape":
          if (isOpen) { event.preventDefault(); close(); }
          else if (input.value) { event.preventDefault(); input.value = ""; if (!multiple) hidden.value = ""; }
          break;
        case "Tab":
          close();
          break;
        default:
      }
    });
    listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the input
    listbox.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option]");
      if (item) choose(item);
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  function enhanceAll(scope) {
    (scope || document).querySelectorAll("[data-combobox]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  document.addEventListener("htmx:load", (event) => enhanceAll(event.target));
})();
