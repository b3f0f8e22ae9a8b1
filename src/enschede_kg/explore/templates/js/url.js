/* Shareable state: view, selection, year, "new since", filters, sorting, network scope and language live in
   the URL's fragment (it works from a file too), restored on load; the language is also
   remembered in this browser. */
  // --- URL --------------------------------------------------------------------------------

  let restoring = false;
  /* The key the resource pages use too: a language chosen there holds here. */
  const LANG_KEY = "ekg-lang";

  function saveState() {
    if (restoring) return;
    const p = new URLSearchParams();
    if (state.view !== "overview") p.set("view", state.view);
    if (state.selected && !state.selected.startsWith("edge:")) p.set("sel", state.selected);
    if (state.year !== null) p.set("year", String(state.year));
    if (state.theme) p.set("theme", state.theme);
    if (state.since !== null) p.set("since", String(state.since));
    if (state.scope !== "partners") p.set("scope", state.scope);
    const kinds = data.kinds.map((k) => k.key).filter((k) => !state.kinds.has(k));
    if (kinds.length) p.set("hide-kinds", kinds.join(","));
    const rels = data.relations.map((r) => r.key).filter((r) => !state.relations.has(r));
    if (rels.length) p.set("hide-rels", rels.join(","));
    if (state.sort.col !== "kind" || state.sort.dir !== 1) p.set("sort", (state.sort.dir < 0 ? "-" : "") + state.sort.col);
    p.set("lang", state.lang);
    const hash = "#" + p.toString();
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function rememberLang(lang) {
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch (error) {
      /* storage may be off (private window, policy): the URL still carries the language */
    }
  }

  function storedLang() {
    try {
      return localStorage.getItem(LANG_KEY);
    } catch (error) {
      return null;
    }
  }

  /* Restore a view from the fragment; what it does not say stays as the page opens. */
  function restoreState() {
    const p = new URLSearchParams(location.hash.slice(1));
    restoring = true;
    try {
      const lang = p.get("lang") || storedLang();
      if (lang && lang !== state.lang && lang in data.ui.title) setLang(lang);
      for (const key of (p.get("hide-kinds") || "").split(",").filter(Boolean)) {
        state.kinds.delete(key);
        const box = kindBoxes.find((b) => b.value === key);
        if (box) box.checked = false;
      }
      for (const key of (p.get("hide-rels") || "").split(",").filter(Boolean)) {
        state.relations.delete(key);
        const box = relationBoxes.find((b) => b.value === key);
        if (box) box.checked = false;
      }
      if (p.get("theme") && themeById.has(p.get("theme"))) {
        state.theme = p.get("theme");
        themeSelect.value = state.theme;
      }
      const sort = p.get("sort");
      if (sort) state.sort = { col: sort.replace(/^-/, ""), dir: sort.startsWith("-") ? -1 : 1 };
      if (p.get("scope") === "all") setScope("all");
      if (p.get("year")) setYear(Number(p.get("year")));
      if (p.get("since")) setSince(Number(p.get("since")));
      apply();
      const view = p.get("view");
      showView(views.has(view) ? view : "overview", { quiet: true });
      const sel = p.get("sel");
      if (sel && nodeById.has(sel)) select(sel, { instant: true });
    } finally {
      restoring = false;
    }
    saveState();
  }
  /* A fragment typed or pasted into the address bar (one of ours: it has "="). */
  window.addEventListener("hashchange", () => {
    if (location.hash.includes("=")) restoreState();
  });
