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

