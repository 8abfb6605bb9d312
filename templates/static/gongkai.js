// 大字版 (larger text): remembered across pages; the page reads fully without this script.
(function () {
  var KEY = "gongkai-large-text";
  var root = document.documentElement;
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage blocked */ }
  if (stored === "1") root.classList.add("large-text");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("text-size");
    if (!button) return;
    var sync = function () {
      var on = root.classList.contains("large-text");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准字号" : "大字版";
    };
    button.hidden = false;
    sync();
    button.addEventListener("click", function () {
      root.classList.toggle("large-text");
      try { window.localStorage.setItem(KEY, root.classList.contains("large-text") ? "1" : "0"); } catch (e) { /* ignore */ }
      sync();
    });
  });
})();
