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

  timings.datasets = performance.now();
  let visible = computeVisible();
  const nodeView = new vis.DataView(visNodes, { filter: (item) => visible.nodes.has(item.id) });
  const edgeView = new vis.DataView(visEdges, { filter: (item) => visible.edges.has(item.id) });
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
    visibleNodeIds: () => [...visible.nodes].sort(),
    visibleEdgeIds: () => [...visible.edges].sort(),
    select: (id) => select(id, {}),
    setLang: (lang) => setLang(lang),
    expand: (id) => expand(id, true),
  };
  window.explorer = api;
  network.once("afterDrawing", () => {
    api.ready = true;
    api.readyAt = timings.drawn = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
  network.on("afterDrawing", () => {
    api.drawnAt = performance.now();
  });
  network.fit({ animation: false });

  function apply() {
    visible = computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    if (state.selected && visible.nodes.has(state.selected)) network.selectNodes([state.selected]);
    $("status").textContent = t("status", {
      nodes: visible.nodes.size,
      all_nodes: data.nodes.length + more.nodes.filter((n) => n.anchors.some((a) => state.expanded.has(a))).length,
      edges: visible.edges.size,
      all_edges: data.edges.length + more.edges.filter((e) => e.anchors.some((a) => state.expanded.has(a))).length,
    });
    if (state.table) renderTable();
  }

