/* Partners at a glance: one row per partner city, network and country, sortable by any column. */
  // --- overview ---------------------------------------------------------------------------

  function countryOf(p) {
    return p.country && p.country !== p.id ? label(nodeById.get(p.country)) : "";
  }

  function tieText(p) {
    const ties = data.edges.filter((e) => (e.from === p.id || e.to === p.id) && (ours.has(e.from) || ours.has(e.to)));
    return p.current
      .map((rel) => {
        const e = ties.find((x) => x.rel === rel);
        return relationByKey.get(rel).label[state.lang] + " (" + (e && e.when ? e.when[state.lang] : t("date_unknown")) + ")";
      })
      .join("; ");
  }

  /* One phase of a partner's history: its words, "datum onbekend" where the source gives no
     date, and who approved that phase where the source says so. */
  function phaseText(fact) {
    let text = fact.label[state.lang] + (fact.when ? "" : " · " + t("date_unknown"));
    if (fact.approved_by && fact.approved_by.length) {
      text += " · " + t("approved_by", { names: fact.approved_by.map((a) => a.label[state.lang]).join(", ") });
    }
    return text;
  }

  /* The value of a column, as text for the page and CSV, and as a key to sort by. */
  const overviewColumns = {
    partner: (p) => [label(p), label(p).toLowerCase()],
    kind: (p) => [kindByKey.get(p.kind).label[state.lang], p.kind],
    tie: (p) => [tieText(p), tieText(p)],
    since: (p) => [p.since ? p.since.when[state.lang] : t("date_unknown"), p.since ? p.since.year : 99999],
    country: (p) => [countryOf(p), countryOf(p) || "~"],
    latest: (p) => [p.latest ? label(p.latest) + " (" + dateText(p.latest.when) + ")" : "", p.latest ? -p.latest.year : 99999],
    themes: (p) => [p.themes.map((x) => themeById.get(x).label[state.lang]).join(", "), -p.themes.length],
    sources: (p) => [String(p.sources), -p.sources],
  };

  function sortedPartners() {
    const { col, dir } = state.sort;
    const key = overviewColumns[col] || overviewColumns.partner;
    return (data.partners || []).slice().sort((a, b) => {
      const ka = key(a)[1];
      const kb = key(b)[1];
      const c = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
      return dir * c || label(a).localeCompare(label(b));
    });
  }

  function overviewRecords() {
    const cols = Object.keys(overviewColumns);
    const head = cols.map((c) => t("ov_" + c));
    return [head].concat(sortedPartners().map((p) => cols.map((c) => overviewColumns[c](p)[0])));
  }

  function renderOverview() {
    const rows = sortedPartners().map((p) => {
      const name = nodeButton(p.id);
      const history = el(
        "ul",
        { className: "history-mini" },
        p.history.map((h) => el("li", { "data-fact": h.fact }, [phaseText(data.facts[h.fact]), isNewFact(h.fact) ? " " : null, isNewFact(h.fact) ? newBadge() : null]))
      );
      const cells = {
        partner: isNewPartner(p) ? [name, " ", newBadge()] : [name],
        kind: [overviewColumns.kind(p)[0]],
        tie: [el("span", { className: "tie", text: tieText(p) }), history],
        since: [overviewColumns.since(p)[0]],
        country: [countryOf(p)],
        latest: p.latest ? [nodeButton(p.latest.id), " (" + dateText(p.latest.when) + ")"].concat(isNewFact(p.latest.id) ? [" ", newBadge()] : []) : [""],
        themes: p.themes.length ? [chips(p.themes)] : [""],
        sources: [String(p.sources)],
      };
      const row = el("tr", { "data-id": p.id, className: (state.selected === p.id ? "selected" : "") + (isNewPartner(p) ? " new" : "") }, Object.keys(overviewColumns).map((c) => el(c === "partner" ? "th" : "td", c === "partner" ? { scope: "row" } : {}, cells[c])));
      return row;
    });
    $("overview-body").replaceChildren(...rows);
    for (const th of document.querySelectorAll("#overview-table th[data-col]")) {
      const col = th.getAttribute("data-col");
      th.setAttribute("aria-sort", col === state.sort.col ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
    }
  }

  for (const button of document.querySelectorAll("#overview-table button.sort")) {
    button.addEventListener("click", () => {
      const col = button.getAttribute("data-col");
      state.sort = { col, dir: state.sort.col === col ? -state.sort.dir : 1 };
      renderOverview();
      saveState();
    });
  }

  views.set("overview", {
    pane: "overview-view",
    show: renderOverview,
    update: renderOverview,
    select: () => {
      if (state.view === "overview") renderOverview();
    },
  });
