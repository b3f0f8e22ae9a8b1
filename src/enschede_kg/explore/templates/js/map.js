/* The map: Natural Earth countries (world-atlas, inlined) drawn with d3-geo, one marker per place
   with coordinates, lines for the ties of Enschede and its partners, and (context mode) one
   cluster per partner for the cities from Wikidata that have no coordinates. Europe, where four
   partners lie within a few hundred kilometres, gets its own inset. */
  // --- map --------------------------------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }
  const worldTopo = JSON.parse($("world-data").textContent);
  const countryShapes = topojson.feature(worldTopo, worldTopo.objects.countries);
  const places = data.nodes.filter((n) => n.geo);
  const placeIds = new Set(places.map((n) => n.id));
  const EUROPE = { type: "MultiPoint", coordinates: [[-2, 44], [20, 61]] };

  /* The lines: every partner's tie with Enschede (its current tie's style), from the centre. */
  function mapLines() {
    const centre = nodeById.get(data.centre);
    if (!centre || !centre.geo) return [];
    return (data.partners || [])
      .filter((p) => nodeById.get(p.id).geo)
      .map((p) => {
        const rel = relationByKey.get(p.current[0] || p.ties[0]);
        const ties = data.edges.filter((e) => (e.from === p.id || e.to === p.id) && (ours.has(e.from) || ours.has(e.to)));
        return { id: p.id, rel, edges: ties.map((e) => e.id), coordinates: [[centre.geo[1], centre.geo[0]], [nodeById.get(p.id).geo[1], nodeById.get(p.id).geo[0]]] };
      });
  }

  /* Context mode: the cities from Wikidata (no coordinates) grouped by the partner they are
     twinned with. */
  function mapClusters() {
    const out = new Map();
    for (const e of data.edges) {
      if (!e.statements) continue;
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]]) {
        if (placeIds.has(a) && nodeById.get(b).kind === "context") {
          if (!out.has(a)) out.set(a, new Set());
          out.get(a).add(b);
        }
      }
    }
    return out;
  }

  function drawLayer(group, projection, clip) {
    const path = d3.geoPath(projection);
    group.append(svgEl("path", { class: "sphere", d: path({ type: "Sphere" }) }));
    group.append(svgEl("path", { class: "graticule", d: path(d3.geoGraticule10()) }));
    const land = svgEl("g", { class: "countries" });
    for (const f of countryShapes.features) {
      const d = path(f);
      if (d) land.append(svgEl("path", { d, class: "country" }, [svgEl("title", { text: f.properties.name })]));
    }
    group.append(land);
    const lines = svgEl("g", { class: "ties" });
    for (const line of mapLines()) {
      const d = path({ type: "LineString", coordinates: line.coordinates });
      if (!d) continue;
      lines.append(
        svgEl("path", { d, class: "tie", "data-id": line.id, "data-edges": line.edges.join(" "), stroke: line.rel.colour, "stroke-width": Math.min(line.rel.width, 3), "stroke-dasharray": line.rel.dashes.join(" ") || "none" })
      );
    }
    group.append(lines);
    const clusters = mapClusters();
    const markers = svgEl("g", { class: "markers" });
    for (const n of places) {
      const xy = projection([n.geo[1], n.geo[0]]);
      if (!xy || (clip && (xy[0] < clip[0][0] || xy[0] > clip[1][0] || xy[1] < clip[0][1] || xy[1] > clip[1][1]))) continue;
      const kind = kindByKey.get(n.kind);
      const marker = svgEl("g", { class: "marker", "data-id": n.id, transform: "translate(" + xy[0].toFixed(1) + "," + xy[1].toFixed(1) + ")" }, [
        svgEl("circle", { r: n.id === data.centre ? 7 : 6, fill: kind.colour, stroke: kind.border }),
        /* The centre's name to the left: its partners nearby (Münster) keep theirs to the right. */
        n.id === data.centre ? svgEl("text", { x: -10, y: 4, "text-anchor": "end", text: label(n) }) : svgEl("text", { x: 9, y: 4, text: label(n) }),
        svgEl("title", { text: label(n) + " · " + n.type[state.lang] }),
      ]);
      marker.addEventListener("click", () => select(n.id, {}));
      markers.append(marker);
      const around = clusters.get(n.id);
      if (around && !clip) {
        const bubble = svgEl("g", { class: "cluster", "data-id": n.id, transform: "translate(" + (xy[0] + 14).toFixed(1) + "," + (xy[1] - 16).toFixed(1) + ")" }, [
          svgEl("circle", { r: 10 + Math.sqrt(around.size) }),
          svgEl("text", { y: 4, "text-anchor": "middle", text: String(around.size) }),
          svgEl("title", { text: t("map_cluster", { n: around.size, label: label(n) }) }),
        ]);
        bubble.addEventListener("click", () => select(n.id, {}));
        markers.append(bubble);
      }
    }
    group.append(markers);
  }

  let mapSize = null;
  function drawMap() {
    const box = $("map");
    const width = Math.max(box.clientWidth, 320);
    const height = Math.max(box.clientHeight, 240);
    mapSize = [width, height];
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    const keep = box.querySelector("title");
    box.replaceChildren(keep);
    /* Upright screens (phones) get the world on top and Europe below it, not over it. */
    const portrait = height > width;
    const worldBottom = portrait ? Math.min(height * 0.5, width * 0.62) : height - 8;
    const world = d3.geoNaturalEarth1().fitExtent([[8, 8], [width - 8, worldBottom]], { type: "Sphere" });
    const main = svgEl("g", { class: "world" });
    drawLayer(main, world, null);
    box.append(main);
    const w = portrait ? width - 20 : Math.min(300, width * 0.38);
    const h = portrait ? Math.min(w * 0.8, height - worldBottom - 20) : w * 0.8;
    const x0 = 10;
    const y0 = portrait ? worldBottom + 10 : height - h - 10;
    const europe = d3.geoMercator().fitExtent([[x0 + 6, y0 + 6], [x0 + w - 6, y0 + h - 6]], EUROPE);
    const clipId = "europe-clip";
    const inset = svgEl("g", { class: "inset", "clip-path": "url(#" + clipId + ")" });
    box.append(
      svgEl("defs", {}, [svgEl("clipPath", { id: clipId }, [svgEl("rect", { x: x0, y: y0, width: w, height: h })])]),
      svgEl("rect", { class: "inset-frame", x: x0, y: y0, width: w, height: h })
    );
    drawLayer(inset, europe, [[x0, y0], [x0 + w, y0 + h]]);
    box.append(inset);
    const missing = data.nodes.filter((n) => ["city", "country", "region"].includes(n.kind) && !n.geo).length;
    $("map-missing").textContent = t("map_missing", { n: missing });
    /* The places as buttons too: the map's markers are for the pointer, these for the keyboard
       and screen readers (same choice, same shared state). */
    $("map-places").replaceChildren(
      ...places
        .slice()
        .sort((a, b) => label(a).localeCompare(label(b)))
        .map((n) => {
          const button = el("button", { type: "button", className: "place", "data-id": n.id, "aria-pressed": String(state.selected === n.id), text: label(n) });
          button.addEventListener("click", () => select(n.id, {}));
          return button;
        })
    );
    styleMap();
  }

  /* Filters, year and selection on the drawn map: what is filtered out is hidden, the chosen
     place is marked. */
  function styleMap() {
    for (const m of document.querySelectorAll("#map .marker, #map .cluster")) {
      const id = m.getAttribute("data-id");
      m.classList.toggle("hidden", !visible.nodes.has(id));
      m.classList.toggle("selected", state.selected === id);
      if (state.selected === id) m.parentNode.append(m);
    }
    for (const b of document.querySelectorAll("#map-places button")) {
      b.setAttribute("aria-pressed", String(state.selected === b.getAttribute("data-id")));
      b.hidden = !visible.nodes.has(b.getAttribute("data-id"));
    }
    for (const line of document.querySelectorAll("#map path.tie")) {
      const edges = line.getAttribute("data-edges").split(" ");
      line.classList.toggle("hidden", !edges.some((e) => visible.edges.has(e)));
      line.classList.toggle("selected", state.selected === line.getAttribute("data-id"));
    }
  }

  views.set("map", {
    pane: "map-view",
    show: () => {
      const box = $("map");
      if (!mapSize || mapSize[0] !== Math.max(box.clientWidth, 320) || mapSize[1] !== Math.max(box.clientHeight, 240)) drawMap();
      else styleMap();
    },
    update: () => {
      if (mapSize) styleMap();
    },
    select: () => {
      if (mapSize) styleMap();
    },
  });
  api.mapMarkers = () => [...document.querySelectorAll("#map .world .marker")].map((m) => m.getAttribute("data-id")).sort();
