/* The network view (vis-network): which nodes and edges are shown, and drawing them. */
  // --- vis-network ------------------------------------------------------------------------

  function nodeTitle(n) {
    const parts = [n.type[state.lang]];
    if (n.when) parts.push(n.when[state.lang]);
    return el("div", {}, [el("strong", { text: label(n) }), el("span", { className: "tip-kind", text: parts.join(" · ") })]);
  }

  function edgeText(e) {
    const rel = relationByKey.get(e.rel);
    const arrow = e.mutual ? " ↔ " : " — ";
    return label(nodeById.get(e.from)) + arrow + rel.label[state.lang] + arrow + label(nodeById.get(e.to));
  }

  function edgeTitle(e) {
    return el("div", {}, [
      el("span", { text: edgeText(e) }),
      e.when ? el("span", { className: "tip-kind", text: e.when[state.lang] }) : null,
    ]);
  }

  function wrap(ctx, text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      const next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  /* An agreement is drawn as a sheet of paper with a folded corner. */
  function documentShape({ ctx, x, y, state: { selected, hover }, style, label: text }) {
    const h = style.size * 2.1;
    const w = style.size * 1.6;
    const f = w * 0.32;
    const left = x - w / 2;
    const top = y - h / 2;
    return {
      drawNode() {
        ctx.beginPath();
        ctx.moveTo(left, top);
        ctx.lineTo(left + w - f, top);
        ctx.lineTo(left + w, top + f);
        ctx.lineTo(left + w, top + h);
        ctx.lineTo(left, top + h);
        ctx.closePath();
        ctx.fillStyle = style.color;
        ctx.fill();
        ctx.lineWidth = selected ? 3 : hover ? 2 : 1.5;
        ctx.strokeStyle = selected || hover ? "#000000" : style.borderColor;
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(left + w - f, top);
        ctx.lineTo(left + w - f, top + f);
        ctx.lineTo(left + w, top + f);
        ctx.stroke();
      },
      drawExternalLabel() {
        ctx.font = "13px " + data.vis.options.nodes.font.face;
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.lineJoin = "round";
        let ty = top + h + 4;
        for (const line of wrap(ctx, text || "", 170)) {
          ctx.lineWidth = 3;
          ctx.strokeStyle = "#ffffff";
          ctx.strokeText(line, x, ty);
          ctx.fillStyle = "#1a1a1a";
          ctx.fillText(line, x, ty);
          ty += 16;
        }
      },
      nodeDimensions: { width: w, height: h },
    };
  }

  for (const group of Object.values(data.vis.options.groups || {})) {
    if (group.shape === "custom") group.ctxRenderer = documentShape;
  }
  const visMore = data.vis.more || { nodes: [], edges: [] };
  const visNodes = new vis.DataSet(
    data.vis.nodes.concat(visMore.nodes).map((item) => Object.assign({}, item, { title: nodeTitle(nodeById.get(item.id)) }))
  );
  /* vis-network has no edge groups: each edge takes the line style of its relation. */
  function edgeStyle(rel, e) {
    return {
      color: { color: rel.colour, highlight: "#000000", hover: rel.colour },
      width: rel.width,
      dashes: rel.dashes.length ? rel.dashes : false,
      arrows: {
        to: { enabled: rel.directed, scaleFactor: 0.5 },
        from: { enabled: Boolean(rel.directed && e.mutual), scaleFactor: 0.5 },
      },
    };
  }
  const edgeById = new Map(data.edges.concat(more.edges).map((e) => [e.id, e]));
  const visEdges = new vis.DataSet(
    data.vis.edges.concat(visMore.edges).map((item) => {
      const e = edgeById.get(item.id);
      return Object.assign({}, item, edgeStyle(relationByKey.get(e.rel), e), { title: edgeTitle(e) });
    })
  );

  // --- which nodes and edges are shown ----------------------------------------------------

  function inYear(item, year) {
    return year === null || ((item.start === null || item.start <= year) && (item.end === null || item.end >= year));
  }

  function reachable(starts, edges, limit) {
    const next = new Map();
    for (const e of edges) {
      if (!next.has(e.from)) next.set(e.from, []);
      if (!next.has(e.to)) next.set(e.to, []);
      next.get(e.from).push(e.to);
      next.get(e.to).push(e.from);
    }
    const seen = new Map(starts.map((s) => [s, 0]));
    const queue = starts.slice();
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head];
      const d = seen.get(u);
      if (limit !== undefined && d >= limit) continue;
      for (const v of next.get(u) || []) {
        if (!seen.has(v)) {
          seen.set(v, d + 1);
          queue.push(v);
        }
      }
    }
    return new Set(seen.keys());
  }

  /* The network as it stood in the chosen year and on the chosen theme is what can be reached
     from the centre; kinds and relations are then hidden as asked, and a focus keeps only the
     neighbourhood of one node. */
  function computeVisible() {
    const year = state.year;
    const theme = state.theme;
    const timed = new Set(data.nodes.filter((n) => inYear(n, year)).map((n) => n.id));
    let edges = data.edges.filter(
      (e) => inYear(e, year) && (!theme || e.themes.includes(theme)) && timed.has(e.from) && timed.has(e.to)
    );
    let nodes;
    if (year === null && !theme) {
      nodes = timed;
    } else if (data.centre && timed.has(data.centre)) {
      nodes = reachable([data.centre], edges);
    } else {
      nodes = new Set(edges.flatMap((e) => [e.from, e.to]));
    }
    nodes = new Set([...nodes].filter((id) => state.kinds.has(nodeById.get(id).kind)));
    edges = edges.filter((e) => state.relations.has(e.rel) && nodes.has(e.from) && nodes.has(e.to));
    if (state.relations.size < data.relations.length) {
      const touched = new Set(edges.flatMap((e) => [e.from, e.to]));
      nodes = new Set([...nodes].filter((id) => touched.has(id) || id === data.centre));
    }
    if (state.expanded.size && !theme) {
      for (const e of more.edges) {
        const anchor = e.anchors.find((a) => state.expanded.has(a) && nodes.has(a));
        if (!anchor || !state.relations.has(e.rel)) continue;
        const other = e.from === anchor ? e.to : e.from;
        if (isMore.has(other) ? state.kinds.has(nodeById.get(other).kind) : nodes.has(other)) {
          nodes.add(other);
          edges.push(e);
        }
      }
    }
    if (state.focus && nodes.has(state.focus)) {
      const near = reachable([state.focus], edges, state.hops);
      nodes = new Set([...nodes].filter((id) => near.has(id)));
      edges = edges.filter((e) => nodes.has(e.from) && nodes.has(e.to));
    }
    return { nodes, edges: new Set(edges.map((e) => e.id)) };
  }

  /* The ties of the centre and of the bodies that govern it: the network's start shows only
     these and the partners at their other end. */
  const ours = new Set([data.centre].concat(data.edges.filter((e) => e.to === data.centre && e.rel === "governs").map((e) => e.from)));
  function scoped(v) {
    if (state.scope !== "partners" || !partnerIds.size) return v;
    const keep = new Set([...v.nodes].filter((id) => ours.has(id) || partnerIds.has(id)));
    const edges = new Set([...v.edges].filter((id) => {
      const e = edgeById.get(id);
      return keep.has(e.from) && keep.has(e.to);
    }));
    return { nodes: keep, edges };
  }

  timings.datasets = performance.now();
  let visible = computeVisible();
  let shown = scoped(visible);
  const nodeView = new vis.DataView(visNodes, { filter: (item) => shown.nodes.has(item.id) });
  const edgeView = new vis.DataView(visEdges, { filter: (item) => shown.edges.has(item.id) });
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.vis.options);
  timings.network = performance.now();

  const api = {
    network,
    nodes: visNodes,
    edges: visEdges,
    data,
    state,
    ready: false,
    readyAt: null,
    timings,
    drawnAt: null,
    visibleNodeIds: () => [...shown.nodes].sort(),
    visibleEdgeIds: () => [...shown.edges].sort(),
    filteredEdgeIds: () => [...visible.edges].sort(),
    showView: (name) => showView(name),
    select: (id) => select(id, {}),
    setLang: (lang) => setLang(lang),
    expand: (id) => expand(id, true),
  };
  window.explorer = api;
  network.once("afterDrawing", () => {
    api.networkDrawnAt = performance.now();
  });
  network.on("afterDrawing", () => {
    api.drawnAt = performance.now();
  });

  /* The default zoom keeps labels readable: at least 11 px on screen (fonts are 13-14 px). */
  const MIN_SCALE = 0.85;
  function fitNetwork(animate) {
    network.fit({ animation: false });
    if (network.getScale() < MIN_SCALE && state.scope === "partners") network.moveTo({ scale: MIN_SCALE, animation: false });
    if (animate) network.redraw();
  }

  /* In a chosen year, what the source does not date stays (it may have been true) but is drawn
     grey and dotted, so that it is not read as dated. */
  let markedUndated = false;
  function markUndated() {
    const mark = state.year !== null;
    if (mark === markedUndated) return;
    markedUndated = mark;
    visEdges.update(
      data.edges
        .filter((e) => e.start === null && e.end === null && e.facts.length)
        .map((e) => (mark ? { id: e.id, color: { color: "#9a9a9a", highlight: "#000000", hover: "#9a9a9a" }, dashes: [2, 4] } : Object.assign({ id: e.id }, edgeStyle(relationByKey.get(e.rel), e))))
    );
  }

  function apply() {
    visible = computeVisible();
    shown = scoped(visible);
    markUndated();
    markNew();
    nodeView.refresh();
    edgeView.refresh();
    if (state.selected && shown.nodes.has(state.selected)) network.selectNodes([state.selected]);
    $("status").textContent = t("status", {
      nodes: shown.nodes.size,
      all_nodes: data.nodes.length + more.nodes.filter((n) => n.anchors.some((a) => state.expanded.has(a))).length,
      edges: shown.edges.size,
      all_edges: data.edges.length + more.edges.filter((e) => e.anchors.some((a) => state.expanded.has(a))).length,
    });
    updateViews();
    saveState();
  }

  function setScope(scope) {
    state.scope = scope;
    const all = scope === "all";
    const button = $("scope-toggle");
    button.setAttribute("aria-pressed", String(all));
    button.setAttribute("data-i18n", all ? "scope_partners" : "scope_all");
    button.textContent = t(all ? "scope_partners" : "scope_all");
    $("scope-note").textContent = t(all ? "scope_note_all" : "scope_note_partners");
    apply();
    fitNetwork();
  }
  $("scope-toggle").addEventListener("click", () => setScope(state.scope === "all" ? "partners" : "all"));
  api.setScope = setScope;

  views.set("network", {
    pane: "network-view",
    show: () => {
      network.redraw();
      fitNetwork();
    },
    update: () => {},
    select: (id) => {
      if (shown.nodes.has(id)) network.selectNodes([id]);
      else network.unselectAll();
    },
  });

  /* Keyboard: with a node chosen, the arrow keys walk its neighbours (in the order of their
     angle around it), Enter chooses the one reached; + and - still zoom. */
  let cursor = -1;
  function neighbours(id) {
    const here = network.getPositions([id])[id];
    const ids = [...new Set(relationsOf(id).filter((e) => shown.edges.has(e.id)).map((e) => (e.from === id ? e.to : e.from)))];
    const pos = network.getPositions(ids);
    return ids.sort((a, b) => Math.atan2(pos[a].y - here.y, pos[a].x - here.x) - Math.atan2(pos[b].y - here.y, pos[b].x - here.x));
  }
  container.addEventListener(
    "keydown",
    (event) => {
      const keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      const id = state.selected && !state.selected.startsWith("edge:") ? state.selected : null;
      if (event.key in keys && !id) {
        const first = data.centre && shown.nodes.has(data.centre) ? data.centre : [...shown.nodes][0];
        if (first) {
          event.preventDefault();
          event.stopImmediatePropagation();
          select(first, {});
        }
        return;
      }
      if (!id) return;
      if (event.key in keys) {
        const near = neighbours(id);
        if (!near.length) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        cursor = (cursor + keys[event.key] + near.length) % near.length;
        network.selectNodes([id, near[cursor]].filter((x) => shown.nodes.has(x)));
        state.cursorNode = near[cursor];
        $("status").textContent = t("neighbour", { label: label(nodeById.get(near[cursor])), i: cursor + 1, n: near.length });
      } else if (event.key === "Enter" && state.cursorNode) {
        event.preventDefault();
        const next = state.cursorNode;
        state.cursorNode = null;
        cursor = -1;
        select(next, {});
      }
    },
    true
  );

