// The query page: editor with highlighting, saved examples, results as a table, links.
// Data from the endpoint is always inserted as text (textContent), never as markup.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const saved = JSON.parse($("saved-queries").textContent);
  const editor = $("query"), highlight = $("highlight"), status = $("status"), out = $("results");
  const base = out.dataset.base || "";
  let lang = "nl";
  const T = {
    nl: { running: "Bezig…", rows: (n) => n + " rij(en)", truncated: " (afgekapt)", error: "Fout: ", yes: "ja", no: "nee", lang: "English" },
    en: { running: "Running…", rows: (n) => n + " row(s)", truncated: " (truncated)", error: "Error: ", yes: "yes", no: "no", lang: "Nederlands" },
  };

  const TOKENS = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z_0-9]+)|\b(SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|PREFIX|BASE|OPTIONAL|FILTER|UNION|GRAPH|FROM|NAMED|ORDER|BY|GROUP|HAVING|LIMIT|OFFSET|DISTINCT|REDUCED|VALUES|BIND|AS|MINUS|NOT|EXISTS|IN|ASC|DESC|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|STR|LANG|LANGMATCHES|DATATYPE|BOUND|IRI|URI|REGEX|CONTAINS|STRSTARTS|STRENDS|SUBSTR|LCASE|UCASE|COALESCE|IF|a)\b|([A-Za-z][\w-]*:[\w\-./]*)/gi;
  const CLASS = [null, "cmt", "str", "iri", "var", "kw", "pn"];

  function paint() {
    const text = editor.value;
    highlight.textContent = "";
    let last = 0;
    for (const m of text.matchAll(TOKENS)) {
      if (m.index > last) highlight.append(text.slice(last, m.index));
      const span = document.createElement("span");
      span.className = CLASS[m.slice(1).findIndex((g) => g !== undefined) + 1] || "";
      span.textContent = m[0];
      highlight.append(span);
      last = m.index + m[0].length;
    }
    highlight.append(text.slice(last) + "\n");
    highlight.scrollTop = editor.scrollTop;
    updateLinks();
  }

  function sparqlUrl(format) {
    return "/sparql?" + new URLSearchParams({ query: editor.value, format }).toString();
  }
  function updateLinks() {
    $("dl-csv").href = sparqlUrl("csv"); $("dl-tsv").href = sparqlUrl("tsv");
    $("dl-json").href = sparqlUrl("json"); $("dl-xml").href = sparqlUrl("xml");
    $("dl-ttl").href = sparqlUrl("turtle");
    $("share").href = "/?" + new URLSearchParams({ query: editor.value }).toString();
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      // IRIs we mint dereference on this server (the w3id redirect may not exist yet).
      a.href = term.value.startsWith(base) ? "/" + term.value.slice(base.length) : term.value;
      a.textContent = term.value; a.rel = "noopener noreferrer";
      td.append(a);
    } else {
      td.append(term.value);
      if (term["xml:lang"]) {
        const s = document.createElement("span"); s.className = "lang"; s.textContent = " @" + term["xml:lang"]; td.append(s);
      }
    }
    return td;
  }

  async function run() {
    status.textContent = T[lang].running;
    out.textContent = "";
    const isGraph = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n|#[^\n]*\n|\s)*(CONSTRUCT|DESCRIBE)/i.test(editor.value);
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": isGraph ? "text/turtle" : "application/sparql-results+json" },
        body: editor.value,
      });
    } catch (e) { status.textContent = T[lang].error + e; return; }
    const body = await response.text();
    if (!response.ok) { status.textContent = T[lang].error + response.status + " " + body; return; }
    const cut = response.headers.get("X-SPARQL-Truncated") ? T[lang].truncated : "";
    if (isGraph) {
      const pre = document.createElement("pre"); pre.className = "graph"; pre.textContent = body; out.append(pre);
      status.textContent = "OK" + cut; return;
    }
    const data = JSON.parse(body);
    if ("boolean" in data) { status.textContent = data.boolean ? T[lang].yes : T[lang].no; return; }
    const table = document.createElement("table"), head = table.createTHead().insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.append(th); }
    const tbody = table.createTBody();
    for (const b of data.results.bindings) {
      const tr = tbody.insertRow();
      for (const v of data.head.vars) tr.append(cell(b[v]));
    }
    out.append(table);
    status.textContent = T[lang].rows(data.results.bindings.length) + cut;
  }

  function setLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll("[data-nl]")) el.textContent = el.dataset[lang];
    $("lang").textContent = T[lang].lang;
  }

  $("examples").addEventListener("change", (e) => {
    const q = saved.find((s) => s.name === e.target.value);
    if (q) { editor.value = q.text; paint(); }
  });
  editor.addEventListener("input", paint);
  editor.addEventListener("scroll", () => { highlight.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  $("run").addEventListener("click", run);
  $("lang").addEventListener("click", () => setLang(lang === "nl" ? "en" : "nl"));
  const shared = new URLSearchParams(location.search).get("query");
  if (shared) editor.value = shared;
  paint();
  if (shared) run();
})();
