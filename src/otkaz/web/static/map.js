// The case map: a bundled Natural Earth outline (works offline), cases as circles by
// incident place or by home region, and OpenStreetMap tiles only when asked for.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || !window.L || !window.topojson) return;
  const status = document.querySelector(".map-status");
  const form = document.querySelector(".map-controls");
  // the controls act at once; the form is never sent (no inline handler: the CSP forbids it)
  if (form) form.addEventListener("submit", (event) => event.preventDefault());
  const map = L.map(el, { worldCopyJump: true, minZoom: 2 }).setView([55, 50], 3);
  map.createPane("outline").style.zIndex = 250; // above tiles, below the case circles
  const layers = {};
  let outline = null;
  let tiles = null;
  let shown = null;

  function say(text) { if (status) status.textContent = text; }

  // Popups are built from DOM nodes with textContent: case data is never parsed as HTML.
  function popup(feature) {
    const p = feature.properties;
    const box = document.createElement("div");
    const head = document.createElement("strong");
    head.textContent = (p.name || "Unnamed place") + " · " + p.n_cases + (p.n_cases === 1 ? " case" : " cases");
    box.appendChild(head);
    const list = document.createElement("ul");
    for (const c of p.cases) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = c.url;
      link.textContent = "#" + c.id + " " + (c.type || "") + ": " + c.label;
      item.appendChild(link);
      list.appendChild(item);
    }
    box.appendChild(list);
    return box;
  }

  function layerOf(collection, by) {
    return L.geoJSON(collection, {
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
        radius: 4 + 3 * Math.sqrt(feature.properties.n_cases),
        className: "case-point by-" + by,
        color: by === "place" ? "#b2182b" : "#2166ac", weight: 1, fillOpacity: 0.55,
      }),
      onEachFeature: (feature, layer) => layer.bindPopup(() => popup(feature)),
    });
  }

  function show(by) {
    if (!layers[by]) return;
    if (shown) map.removeLayer(layers[shown]);
    layers[by].addTo(map);
    shown = by;
    el.dataset.shown = by;
    const n = layers[by].getLayers().length;
    say(n + (n === 1 ? " place" : " places") + " with cases, by " + (by === "place" ? "incident place" : "home region"));
    if (n) map.fitBounds(layers[by].getBounds().pad(0.3), { maxZoom: 6, animate: false });
  }

  fetch(el.dataset.outline).then((r) => r.json()).then((topo) => {
    outline = L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      pane: "outline", interactive: false, attribution: "Outline: Natural Earth (world-atlas)",
      style: { color: "#9a9384", weight: 0.6, fillColor: "#f3efe6", fillOpacity: 1 },
    }).addTo(map);
    el.dataset.outlineLoaded = "1";
  }).catch(() => say("The outline map could not be loaded."));

  fetch(el.dataset.src, { headers: { Accept: "application/json" } })
    .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then((data) => {
      for (const by of ["place", "home"]) layers[by] = layerOf(data[by], by);
      el.dataset.loaded = "1";
      show(form ? form.elements.by.value : "place");
    }).catch(() => say("The cases could not be loaded."));

  if (form) {
    form.addEventListener("change", (event) => {
      if (event.target.name === "by") show(event.target.value);
      if (event.target.name === "tiles") {
        if (event.target.checked) {
          tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
            maxZoom: 18, attribution: "&copy; OpenStreetMap contributors",
          }).addTo(map);
          if (outline) outline.setStyle({ fillOpacity: 0 });
        } else if (tiles) {
          map.removeLayer(tiles);
          tiles = null;
          if (outline) outline.setStyle({ fillOpacity: 1 });
        }
      }
    });
  }
})();
