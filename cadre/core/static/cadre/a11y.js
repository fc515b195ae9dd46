// Progressive enhancement for keyboard and screen-reader users; every page works without it.
// 1. A table not already inside a scroll box gets one, so a wide table scrolls in its own box.
// 2. A box that really scrolls sideways can be reached with Tab (WCAG 2.1.1) and is announced as a
//    region named after its table's caption or the nearest heading before it.
(() => {
  const script = document.currentScript;
  const fallbackName = (script && script.dataset.regionLabel) || "Scrollable table";
  const BOXES = ".table-wrap, .scroll-x, .list-scroll";

  function nameFor(box) {
    const caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (let el = box; el && el !== document.body; el = el.parentElement) {
      for (let prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
      }
    }
    return fallbackName;
  }

  function wrapTables(root) {
    root.querySelectorAll("main table").forEach((table) => {
      if (table.closest(BOXES + ", .assess-grid-wrap")) return;
      const box = document.createElement("div");
      box.className = "table-wrap";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function markScrollable() {
    document.querySelectorAll(BOXES).forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.dataset.a11ySet && !box.hasAttribute("tabindex")) {
        const set = ["tabindex"];
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) {
          box.setAttribute("role", "region");
          set.push("role");
        }
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", nameFor(box));
          set.push("aria-label");
        }
        box.dataset.a11ySet = set.join(" ");
      } else if (!scrolls && box.dataset.a11ySet) {
        box.dataset.a11ySet.split(" ").forEach((name) => box.removeAttribute(name));
        delete box.dataset.a11ySet;
      }
    });
  }

  function enhance(root) {
    wrapTables(root);
    markScrollable();
  }

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:afterSettle", (event) => enhance(event.target.parentElement || document));
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(markScrollable);
  });
})();
