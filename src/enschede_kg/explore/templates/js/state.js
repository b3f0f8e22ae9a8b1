/* Shared state: the data of the page, what is chosen, and the text helpers every view uses. */
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


  // --- views on the shared state ------------------------------------------------------------

  /* Each view registers { pane, show(), update(), select(id) }; one is shown at a time, and every
     change of selection, filter or year reaches all of them (the hidden ones redraw when shown). */
  const views = new Map();
  Object.assign(state, { view: "overview", scope: "partners", sort: { col: "kind", dir: 1 }, playing: null });
  const partnerIds = new Set((data.partners || []).map((p) => p.id));
  const partnerById = new Map((data.partners || []).map((p) => [p.id, p]));

  function dateText(when) {
    return when ? when[state.lang] : t("date_unknown");
  }

  function showView(name, options) {
    if (!views.has(name)) return;
    state.view = name;
    for (const [key, v] of views) {
      $(v.pane).hidden = key !== name;
      const button = $("view-" + key);
      if (button) button.setAttribute("aria-pressed", String(key === name));
    }
    views.get(name).show();
    if (!(options && options.quiet)) saveState();
  }

  function updateViews() {
    for (const [key, v] of views) if (key === state.view || v.always) v.update();
  }

  function selectInViews(id) {
    for (const v of views.values()) if (v.select) v.select(id);
  }
