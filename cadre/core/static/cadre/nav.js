// The main menu's groups are disclosures: a button (aria-expanded) shows or hides its list of links.
// Progressive enhancement: without this file every group's links are simply listed.
document.addEventListener("DOMContentLoaded", () => {
  const nav = document.getElementById("site-nav");
  if (!nav) return;
  const toggles = Array.from(nav.querySelectorAll(".nav-group-toggle"));
  const close = (toggle) => toggle.setAttribute("aria-expanded", "false");
  toggles.forEach((toggle) => {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggles.forEach(close);
      toggle.setAttribute("aria-expanded", String(!open));
    });
  });
  // Escape closes the open group and returns focus to its button (and leaves the menu open).
  nav.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = toggles.find((t) => t.getAttribute("aria-expanded") === "true");
    if (open) {
      close(open);
      open.focus();
      event.stopPropagation();
    }
  });
  // A click or focus outside the menu closes any open group.
  const outside = (event) => {
    if (!nav.contains(event.target)) toggles.forEach(close);
  };
  document.addEventListener("click", outside);
  document.addEventListener("focusin", outside);
});
