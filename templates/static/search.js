// Starts Pagefind's search UI on the search page. Loaded as an external script so
// the site's Content-Security-Policy needs no 'unsafe-inline'.
// The index comes in shards (see generator/search.py): pagefind/bundles.json lists
// them; the first is the UI's own bundle, the others are merged into it.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") return;
  // absolute: Pagefind resolves merged bundles from its own location, not the page's
  var base = new URL(root.getAttribute("data-bundle"), window.location.href).href;
  var params = new URLSearchParams(window.location.search);

  function start(bundles) {
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: base + bundles[0],
      mergeIndex: bundles.slice(1).map(function (name) { return { bundlePath: base + name }; }),
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
  }

  fetch(base + "bundles.json")
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (manifest) { start(manifest.bundles); })
    .catch(function (error) {
      var message = document.createElement("p");
      message.className = "search-error";
      message.textContent = "Search is unavailable (" + error.message + "). Every claim is listed on the claims page.";
      root.appendChild(message);
    });
})();
