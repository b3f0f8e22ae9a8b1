/* The explorer's behaviour (enschede_kg.explore.viz). Data from the graph is text, never markup: every
   string of the data reaches the page through textContent, Element.append or the label of a
   vis-network item (drawn on a canvas); nothing is parsed as HTML. */
(function () {
  "use strict";

  const timings = { start: performance.now() };
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  timings.parsed = performance.now();
  const DEFAULT_HOPS = 1;
  const state = {
    lang: data.lang,
    kinds: new Set(data.kinds.map((k) => k.key)),
    relations: new Set(data.relations.map((r) => r.key)),
    theme: "",
    year: null,
    focus: null,
    hops: DEFAULT_HOPS,
    selected: null,
    table: false,
    results: [],
    active: -1,
    expanded: new Set(),
  };
  /* Context mode: further twins of the partners of partners, drawn only when asked for. */
  const more = data.more || { nodes: [], edges: [] };
  const nodeById = new Map(data.nodes.concat(more.nodes).map((n) => [n.id, n]));
  const relationByKey = new Map(data.relations.map((r) => [r.key, r]));
  const relationRank = new Map(data.relations.map((r, i) => [r.key, i]));
  const kindByKey = new Map(data.kinds.map((k) => [k.key, k]));
  const themeById = new Map(data.themes.map((th) => [th.id, th]));
  const edgesOf = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    edgesOf.get(e.from).push(e);
    edgesOf.get(e.to).push(e);
  }
  const moreEdgesOf = new Map();
  for (const e of more.edges) {
    for (const end of [e.from, e.to]) {
      if (!moreEdgesOf.has(end)) moreEdgesOf.set(end, []);
      moreEdgesOf.get(end).push(e);
    }
  }
  const isMore = new Set(more.nodes.map((n) => n.id));
  /* The relations of a node: its own, and the further twins' ones once asked for. */
  function relationsOf(id) {
    const own = edgesOf.get(id) || [];
    return own.concat((moreEdgesOf.get(id) || []).filter((e) => e.anchors.some((a) => state.expanded.has(a))));
  }
  const $ = (id) => document.getElementById(id);

  // --- text -------------------------------------------------------------------------------

  function t(key, values) {
    let text = data.ui[key][state.lang];
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  function label(n) {
    return n.label[state.lang];
  }

  function el(tag, options, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(options || {})) {
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

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

  // --- evidence ---------------------------------------------------------------------------

  function quote(index) {
    const p = data.passages[index];
    const doc = data.documents[p.doc];
    return [
      el("blockquote", { className: "source", lang: p.lang, text: p.text }),
      el("cite", { className: "where", text: t("where", { title: doc.title[state.lang], p: p.par, s: p.sen }) }),
    ];
  }

  function quotes(indexes) {
    return indexes.flatMap(quote);
  }

  function nodeButton(id) {
    const n = nodeById.get(id);
    const button = el("button", { type: "button", className: "linkish", text: label(n) });
    button.addEventListener("click", () => select(id, { focusPanel: true }));
    return button;
  }

  /* A fact with its sentences; one already shown in the same panel (`shown`) points up. */
  function factBlock(id, shown) {
    const fact = data.facts[id];
    const lines = [el("span", { className: "fact-label", text: fact.label[state.lang] })];
    if (fact.when) lines.push(el("span", { className: "fact-label", text: " · " + fact.when[state.lang] }));
    if (shown && shown.has(id)) {
      lines.push(el("span", { className: "fact-label", text: " (" + t("see_above") + ")" }));
      return el("div", { className: "fact" }, lines);
    }
    if (shown) shown.add(id);
    if (fact.aims.length) {
      lines.push(el("div", { className: "fact-label", text: t("aims") + ": " + fact.aims.map((a) => a[state.lang]).join("; ") }));
    }
    return el("div", { className: "fact" }, lines.concat(quotes(fact.sources)));
  }

  /* The badge of an imported snapshot: where a node or tie comes from when not from our data. */
  function badge(index) {
    return el("p", { className: "badge", text: data.context.sources[index].badge[state.lang] });
  }

  /* A tie of an imported snapshot: its statements, each with the page that states it. */
  function statementBlock(e, shown) {
    const first = !shown || !shown.has("source:" + e.source);
    if (shown) shown.add("source:" + e.source);
    const lines = first ? [badge(e.source)] : [];
    for (const st of e.statements) {
      const by = nodeById.get(st.by);
      lines.push(el("blockquote", { className: "source statement", lang: "zxx", text: st.text }));
      lines.push(el("cite", { className: "where", text: t("stated_by", { label: by ? label(by) : st.by }) }));
    }
    if (first) lines.push(el("p", { className: "fact-label", text: data.context.sources[e.source].note[state.lang] }));
    return [el("div", { className: "fact context" }, lines)];
  }

  function edgeEvidence(e, shown) {
    if (e.statements) return statementBlock(e, shown);
    if (e.facts.length) return e.facts.map((f) => factBlock(f, shown));
    if (e.evidence.length) {
      return [el("div", { className: "fact" }, [el("span", { className: "fact-label", text: t("co_mentioned") })].concat(quotes(e.evidence)))];
    }
    return [el("p", { className: "fact fact-label", text: t("no_source") })];
  }

  function edgeLine(e, self) {
    const rel = relationByKey.get(e.rel);
    const end = (id) => (id === self ? el("span", { text: label(nodeById.get(id)) }) : nodeButton(id));
    const arrow = e.statements ? (e.mutual ? " ↔" : " →") : "";
    const line = el("div", {}, [end(e.from), " ", el("span", { className: "rel", text: rel.label[state.lang] + arrow }), " ", end(e.to)]);
    if (e.when) line.append(el("span", { className: "fact-label", text: " · " + e.when[state.lang] }));
    return line;
  }

  // --- side panel -------------------------------------------------------------------------

  function section(title, children) {
    return children.length ? [el("h3", { text: title })].concat(children) : [];
  }

  function renderPanel() {
    const body = $("panel-body");
    const title = $("panel-title");
    if (!state.selected) {
      title.textContent = t("panel");
      body.replaceChildren(el("p", { className: "hint", text: t("panel_empty") }));
      return;
    }
    if (state.selected.startsWith("edge:")) {
      const e = edgeById.get(state.selected.slice(5));
      title.textContent = relationByKey.get(e.rel).label[state.lang];
      body.replaceChildren(edgeLine(e, null), ...section(t(e.statements ? "statements" : "evidence"), edgeEvidence(e)));
      return;
    }
    const n = nodeById.get(state.selected);
    const other = state.lang === "nl" ? "en" : "nl";
    title.textContent = label(n);
    const parts = [];
    const meta = [n.type[state.lang]];
    if (n.when) meta.push(n.when[state.lang]);
    parts.push(el("p", { className: "meta", text: meta.join(" · ") }));
    if (n.source !== undefined) parts.push(badge(n.source));
    if (n.more) parts.push(furtherBlock(n));
    if (n.label[other] !== label(n)) {
      parts.push(el("p", { text: t("other_language") + ": " + n.label[other] }));
    }
    if (n.alt.length) parts.push(el("p", { text: t("also_known_as") + ": " + n.alt.join(", ") }));
    if (n.comment) parts.push(el("p", { text: n.comment[state.lang] }));
    parts.push(...section(t("themes"), n.themes.length ? [el("ul", { className: "chips" }, n.themes.map((id) => el("li", { text: themeById.get(id).label[state.lang] })))] : []));
    const links = n.links
      .filter((link) => /^https?:\/\//.test(link.href))
      .map((link) => el("li", {}, [el("a", { href: link.href, rel: "noopener noreferrer", target: "_blank", text: link.name + " " + link.id })]));
    parts.push(...section(t("links"), links.length ? [el("ul", { className: "chips" }, links)] : []));
    const focus = el("div", { className: "focus" }, [el("span", { text: t("focus") + ":" })]);
    for (const hops of [1, 2]) {
      const button = el("button", { type: "button", text: t("focus_" + hops), "aria-pressed": String(state.focus === n.id && state.hops === hops) });
      button.addEventListener("click", () => setFocus(n.id, hops));
      focus.append(button);
    }
    const whole = el("button", { type: "button", text: t("focus_reset") });
    whole.addEventListener("click", () => setFocus(null, DEFAULT_HOPS));
    focus.append(whole);
    parts.push(focus);
    parts.push(...section(t("evidence"), quotes(n.sources)));
    const rels = relationsOf(n.id).sort((a, b) => {
      const ra = relationRank.get(a.rel) - relationRank.get(b.rel);
      if (ra) return ra;
      const oa = label(nodeById.get(a.from === n.id ? a.to : a.from));
      const ob = label(nodeById.get(b.from === n.id ? b.to : b.from));
      return oa.localeCompare(ob);
    });
    const shown = new Set();
    const items = rels.map((e) => el("li", {}, [edgeLine(e, n.id)].concat(edgeEvidence(e, shown))));
    parts.push(el("h3", { text: t("relations_of", { n: rels.length }) }));
    parts.push(el("ul", { className: "rels" }, items));
    parts.push(...section(t("mentioned_in"), quotes(n.mentions)));
    body.replaceChildren(...parts);
  }

  /* "+N verdere zustersteden in Wikidata" with a button that shows (or hides) them. */
  function furtherBlock(n) {
    const open = state.expanded.has(n.id);
    const text = t("further", { n: n.more }) + (n.more > data.context.cap ? " " + t("further_capped", { cap: data.context.cap }) : "");
    const button = el("button", { type: "button", className: "further-toggle", "aria-pressed": String(open), text: t(open ? "further_hide" : "further_show") });
    button.addEventListener("click", () => expand(n.id, !state.expanded.has(n.id)));
    return el("p", { className: "further" }, [el("span", { text: text }), " ", button]);
  }

  /* Adds (or removes) the further twins of a place: positions were laid out with the page, so
     they appear at once, around it, without any physics. */
  function expand(id, open) {
    if (!nodeById.has(id) || !nodeById.get(id).more) return;
    if (open) state.expanded.add(id);
    else state.expanded.delete(id);
    apply();
    if (state.selected === id) renderPanel();
    if (open) {
      const around = (moreEdgesOf.get(id) || []).flatMap((e) => [e.from, e.to]).filter((x) => visible.nodes.has(x));
      network.fit({ nodes: [...new Set(around.concat([id]))], animation: false });
    }
  }

  function select(id, options) {
    if (!nodeById.has(id)) return;
    if (!visible.nodes.has(id)) resetFilters(false);
    if (!visible.nodes.has(id) && isMore.has(id)) {
      state.expanded.add(nodeById.get(id).anchors[0]);
      apply();
    }
    state.selected = id;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    renderPanel();
    closeResults();
    $("status").textContent = t("selected", { label: label(nodeById.get(id)) });
    if (options.focusPanel) $("panel-title").focus();
  }

  function setFocus(id, hops) {
    state.focus = id;
    state.hops = hops;
    apply();
    renderPanel();
    network.fit({ nodes: [...visible.nodes], animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      select(params.nodes[0], {});
    } else if (params.edges.length) {
      state.selected = "edge:" + params.edges[0];
      renderPanel();
    }
  });

  // --- search -----------------------------------------------------------------------------

  const index = data.nodes.concat(more.nodes).map((n) => ({ id: n.id, keys: [...new Set([n.label.nl, n.label.en, ...n.alt].map(fold))] }));

  function search(text) {
    const q = fold(text.trim());
    if (!q) return [];
    const hits = [];
    for (const entry of index) {
      let score = -1;
      for (const key of entry.keys) {
        const at = key.indexOf(q);
        if (at < 0) continue;
        const s = at === 0 ? 0 : /[\s\-–(‘“'"]/.test(key[at - 1]) ? 1 : 2;
        score = score < 0 ? s : Math.min(score, s);
      }
      if (score >= 0) hits.push({ id: entry.id, score });
    }
    hits.sort((a, b) => a.score - b.score || label(nodeById.get(a.id)).length - label(nodeById.get(b.id)).length || a.id.localeCompare(b.id));
    return hits.slice(0, 12).map((h) => h.id);
  }

  const input = $("search");
  const list = $("search-results");

  function renderResults() {
    list.replaceChildren();
    if (!input.value.trim()) return closeResults();
    if (!state.results.length) {
      list.append(el("li", { role: "option", "aria-disabled": "true", id: "search-none", text: t("search_none") }));
    }
    state.results.forEach((id, i) => {
      const n = nodeById.get(id);
      const item = el("li", { role: "option", id: "search-option-" + i, "aria-selected": String(i === state.active) }, [
        label(n),
        el("span", { className: "kind", text: n.type[state.lang] }),
      ]);
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        select(id, { focusPanel: true });
      });
      list.append(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (state.active >= 0) input.setAttribute("aria-activedescendant", "search-option-" + state.active);
    else input.removeAttribute("aria-activedescendant");
  }

  function closeResults() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  input.addEventListener("input", () => {
    state.results = search(input.value);
    state.active = -1;
    renderResults();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!state.results.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      state.active = (state.active + step + state.results.length) % state.results.length;
      renderResults();
    } else if (event.key === "Enter") {
      event.preventDefault();
      state.results = search(input.value);
      const id = state.results[Math.max(state.active, 0)];
      if (id) select(id, { focusPanel: false });
      else renderResults();
    } else if (event.key === "Escape") {
      closeResults();
    }
  });
  input.addEventListener("blur", () => closeResults());

  // --- filters ----------------------------------------------------------------------------

  const kindBoxes = [...document.querySelectorAll('input[name="kind"]')];
  const relationBoxes = [...document.querySelectorAll('input[name="relation"]')];
  const themeSelect = $("theme");
  const year = $("year");

  for (const box of kindBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) state.kinds.add(box.value);
      else state.kinds.delete(box.value);
      apply();
    });
  }
  for (const box of relationBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) state.relations.add(box.value);
      else state.relations.delete(box.value);
      apply();
    });
  }
  themeSelect.addEventListener("change", () => {
    state.theme = themeSelect.value;
    apply();
  });

  function showYear() {
    if (!year) return;
    const text = state.year === null ? t("year_all") : String(state.year);
    $("year-value").textContent = text;
    year.setAttribute("aria-valuetext", text);
  }

  function setYear(value) {
    if (!year) return;
    const v = Number(value);
    state.year = v > data.years[1] ? null : v;
    year.value = String(state.year === null ? data.years[1] + 1 : state.year);
    showYear();
    apply();
  }
  if (year) year.addEventListener("input", () => setYear(year.value));
  api.setYear = (value) => setYear(value === null ? data.years[1] + 1 : value);

  function resetFilters(redraw) {
    for (const box of kindBoxes) box.checked = true;
    for (const box of relationBoxes) box.checked = true;
    state.kinds = new Set(data.kinds.map((k) => k.key));
    state.relations = new Set(data.relations.map((r) => r.key));
    state.theme = "";
    themeSelect.value = "";
    state.year = null;
    if (year) year.value = String(data.years[1] + 1);
    state.focus = null;
    showYear();
    apply();
    if (redraw) network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }
  $("reset").addEventListener("click", () => {
    resetFilters(true);
    renderPanel();
  });

  // --- table ------------------------------------------------------------------------------

  function renderTable() {
    const rows = data.edges
      .concat(more.edges)
      .filter((e) => visible.edges.has(e.id))
      .sort((a, b) => label(nodeById.get(a.from)).localeCompare(label(nodeById.get(b.from))) || relationRank.get(a.rel) - relationRank.get(b.rel) || label(nodeById.get(a.to)).localeCompare(label(nodeById.get(b.to))))
      .map((e) => {
        const evidence = [...new Set(e.facts.flatMap((f) => data.facts[f].sources).concat(e.evidence))];
        if (e.statements) {
          return el("tr", { className: "context" }, [
            el("td", {}, [nodeButton(e.from)]),
            el("td", { text: relationByKey.get(e.rel).label[state.lang] + (e.mutual ? " ↔" : " →") }),
            el("td", {}, [nodeButton(e.to)]),
            el("td", { text: "" }),
            el("td", {}, [badge(e.source)].concat(e.statements.map((st) => el("blockquote", { className: "source statement", lang: "zxx", text: st.text })))),
          ]);
        }
        return el("tr", {}, [
          el("td", {}, [nodeButton(e.from)]),
          el("td", { text: relationByKey.get(e.rel).label[state.lang] }),
          el("td", {}, [nodeButton(e.to)]),
          el("td", { text: e.when ? e.when[state.lang] : "" }),
          el("td", {}, evidence.length ? quotes(evidence) : [t("no_source")]),
        ]);
      });
    $("table-body").replaceChildren(...rows);
  }

  $("table-toggle").addEventListener("click", () => {
    state.table = !state.table;
    const button = $("table-toggle");
    button.setAttribute("aria-expanded", String(state.table));
    button.textContent = t(state.table ? "table_hide" : "table_show");
    button.setAttribute("data-i18n", state.table ? "table_hide" : "table_show");
    $("table-view").hidden = !state.table;
    if (state.table) renderTable();
  });

  // --- language ---------------------------------------------------------------------------

  function setLang(lang) {
    if (!(lang in data.ui.title)) return;
    state.lang = lang;
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const key = node.getAttribute("data-i18n");
      node.textContent = key === "footer" ? t(key, { vis: node.getAttribute("data-vis") }) : t(key);
    }
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
    }
    for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
      node.setAttribute("aria-label", t(node.getAttribute("data-i18n-aria-label")));
    }
    for (const node of document.querySelectorAll("[data-kind]")) {
      node.textContent = kindByKey.get(node.getAttribute("data-kind")).label[lang];
    }
    for (const node of document.querySelectorAll("[data-relation]")) {
      node.textContent = relationByKey.get(node.getAttribute("data-relation")).label[lang];
    }
    for (const option of themeSelect.options) {
      if (option.value) option.textContent = themeById.get(option.value).label[lang];
    }
    for (const button of document.querySelectorAll("[data-lang]")) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === lang));
    }
    visNodes.update(data.nodes.concat(more.nodes).map((n) => ({ id: n.id, label: label(n), title: nodeTitle(n) })));
    visEdges.update(data.edges.concat(more.edges).map((e) => ({ id: e.id, label: relationByKey.get(e.rel).label[lang], title: edgeTitle(e) })));
    showYear();
    renderPanel();
    if (!list.hidden) renderResults();
    apply();
  }
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLang(button.getAttribute("data-lang")));
  }

  showYear();
  apply();
})();
