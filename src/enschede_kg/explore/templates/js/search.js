/* Search by name, in Dutch or English, as a combobox. */
  // --- search -----------------------------------------------------------------------------

  /* German and Nordic spellings without umlauts: "muenster" finds Münster. */
  function transliterate(text) {
    const map = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", å: "aa", ø: "oe", æ: "ae" };
    return text.toLowerCase().replace(/[äöüßåøæ]/g, (c) => map[c]);
  }
  /* "Memorandum of Understanding" → "mou": the initials of a name's words. */
  function initials(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean).map((w) => w[0]).join("");
  }
  /* Each node is found by its names in both languages, their other spellings and initials, and
     (for partners) by the words of its ties and kind: "zusterstad", "friendly city", "netwerk". */
  function searchKeys(n) {
    const names = [n.label.nl, n.label.en, ...n.alt];
    const keys = names.map(fold).concat(names.map(transliterate));
    const words = [];
    const p = partnerById.get(n.id);
    if (p) {
      for (const rel of p.ties) words.push(relationByKey.get(rel).label.nl, relationByKey.get(rel).label.en);
      words.push(n.type.nl, n.type.en);
    }
    return { keys: [...new Set(keys)], words: [...new Set(words.map(fold))], initials: [...new Set(names.map(initials))] };
  }
  const index = data.nodes.concat(more.nodes).map((n) => Object.assign({ id: n.id }, searchKeys(n)));

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
      if (score < 0 && entry.words.some((w) => w.indexOf(q) >= 0)) score = 3;
      if (score < 0 && q.length >= 3 && entry.initials.some((w) => w.startsWith(q.replace(/\s+/g, "")))) score = 4;
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

