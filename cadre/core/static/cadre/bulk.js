// Progressive enhancement of bulk forms: a header checkbox ticks every row of the page.
// Without this file the bulk form's "all on this page" choice does the same.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-page")) {
    const name = toggle.dataset.select;
    const boxes = () => document.querySelectorAll(`input[type=checkbox][name="${name}"][form="${toggle.getAttribute("form")}"]`);
    toggle.hidden = false;
    const sync = () => {
      const all = [...boxes()];
      const ticked = all.filter((b) => b.checked).length;
      toggle.checked = all.length > 0 && ticked === all.length;
      toggle.indeterminate = ticked > 0 && ticked < all.length;
    };
    toggle.addEventListener("change", () => {
      for (const box of boxes()) box.checked = toggle.checked;
    });
    document.addEventListener("change", (event) => {
      if (event.target !== toggle && event.target.name === name) sync();
    });
    sync();
  }
});
