// Starts Pagefind's search UI on the search page. Loaded as an external script so
// the site's Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") return;
  var params = new URLSearchParams(window.location.search);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
  // Pagefind labels its input with a title only; tie it to the page's visible label.
  var input = root.querySelector("input");
  if (input) {
    input.id = "search-input";
    var label = document.createElement("label");
    label.className = "search-label";
    label.htmlFor = "search-input";
    label.textContent = "Search claims and sources";
    root.insertBefore(label, root.firstChild);
  }
  var query = params.get("q");
  if (query) ui.triggerSearch(query);
})();
