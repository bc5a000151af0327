// The case map: a bundled Natural Earth outline (works offline), cases as labelled circles
// by incident place or by home region, and OpenStreetMap tiles only when asked for.
// The server does the geometry: /map/outline.json has no ring across the antimeridian
// (otkaz.web.outline), and /map.json groups nearby places for every zoom
// (otkaz.web.clusters); this script draws the grouping for the current zoom.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const status = document.querySelector(".map-status");
  const form = document.querySelector(".map-controls");
  // the controls act at once; the form is never sent (no inline handler: the CSP forbids it)
  if (form) form.addEventListener("submit", (event) => event.preventDefault());
  const map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 12 }).setView([55, 60], 3);
  map.createPane("outline").style.zIndex = 250; // above tiles, below the case circles
  let data = null;
  let layer = null;
  let outline = null;
  let tiles = null;
  let shown = null;

  function say(text) { if (status) status.textContent = text; }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // Popups are built from DOM nodes with textContent: case data is never parsed as HTML.
  function cases(feature, box) {
    const p = feature.properties;
    const head = document.createElement("strong");
    head.textContent = (p.name || "Unnamed place") + " · " + plural(p.n_cases, "case", "cases");
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
  }

  function popup(features) {
    const box = document.createElement("div");
    box.className = "map-popup";
    for (const feature of features) cases(feature, box);
    return box;
  }

  // The grouping made for the zoom nearest below the current one (the last holds every
  // place alone, and serves any closer zoom).
  function level(groups) {
    const zooms = Object.keys(groups).map(Number).sort((a, b) => a - b);
    const zoom = Math.round(map.getZoom());
    let chosen = zooms[0];
    for (const z of zooms) if (z <= zoom) chosen = z;
    return groups[String(chosen)] || [];
  }

  function draw() {
    if (!data || !shown) return;
    if (layer) map.removeLayer(layer);
    const features = data[shown].features;
    const color = shown === "place" ? "#b2182b" : "#2166ac";
    layer = L.layerGroup();
    for (const group of level(data.clusters[shown])) {
      const members = group.members.map((i) => features[i]);
      const radius = group.radius;
      const circle = L.circleMarker([group.lat, group.lon], {
        radius: radius, color: color, weight: members.length > 1 ? 2 : 1, fillOpacity: 0.55,
        className: "case-point by-" + shown + (members.length > 1 ? " cluster" : ""),
      });
      circle.bindTooltip(group.label, {
        permanent: true, direction: "right", offset: [radius, 0], className: "place-label",
      });
      if (members.length > 1) {
        const bounds = L.latLngBounds(members.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
        circle.on("click", () => {
          if (map.getBoundsZoom(bounds.pad(0.5)) > map.getZoom()) map.fitBounds(bounds.pad(0.5));
          else circle.bindPopup(() => popup(members)).openPopup();
        });
      } else {
        circle.bindPopup(() => popup(members));
      }
      layer.addLayer(circle);
    }
    layer.addTo(map);
    el.dataset.zoom = String(Math.round(map.getZoom()));
  }

  function show(by, fit) {
    if (!data || !data[by]) return;
    shown = by;
    el.dataset.shown = by;
    const n = data[by].features.length;
    say(plural(n, "place", "places") + " with cases, by " + (by === "place" ? "incident place" : "home region"));
    const groups = data.clusters[by];
    const alone = groups[String(Math.max(...Object.keys(groups).map(Number)))] || [];
    if (fit && alone.length) {
      map.fitBounds(L.latLngBounds(alone.map((g) => [g.lat, g.lon])).pad(0.3), { maxZoom: 6, animate: false });
    }
    draw();
  }

  map.on("zoomend", draw);

  fetch(el.dataset.outline).then((r) => r.json()).then((geojson) => {
    outline = L.geoJSON(geojson, {
      pane: "outline", interactive: false, attribution: "Outline: Natural Earth (world-atlas)",
      style: { color: "#9a9384", weight: 0.6, fillColor: "#f3efe6", fillOpacity: 1 },
    }).addTo(map);
    el.dataset.outlineLoaded = "1";
  }).catch(() => say("The outline map could not be loaded."));

  fetch(el.dataset.src, { headers: { Accept: "application/json" } })
    .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then((json) => {
      data = json;
      el.dataset.loaded = "1";
      show(form ? form.elements.by.value : "place", true);
    }).catch(() => say("The cases could not be loaded."));

  if (form) {
    form.addEventListener("change", (event) => {
      if (event.target.name === "by") show(event.target.value, true);
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
