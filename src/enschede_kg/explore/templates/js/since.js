/* "Nieuw sinds": the facts (ties, status phases, agreements, events, participations) that began in
   or after a chosen year, marked in every view. A fact's year is the one its date or start lies
   in at the precision of the source (data.facts[id].year, computed with the page); a fact the
   source does not date has none and is never new. */
  // --- new since --------------------------------------------------------------------------

  const sinceSelect = $("since");
  state.since = null;

  function isNewFact(id) {
    const f = data.facts[id];
    return state.since !== null && Boolean(f) && typeof f.year === "number" && f.year >= state.since;
  }

  /* A tie is new when the fact it draws is (its first fact; the second is its context). */
  function isNewEdge(e) {
    return Boolean(e.facts && e.facts.length) && isNewFact(e.facts[0]);
  }

  /* Events and agreements are facts themselves. */
  function isNewNode(n) {
    return isNewFact(n.id);
  }

  /* A partner row is new when a phase of its history, one of its agreements or its latest
     activity is. */
  function isNewPartner(p) {
    return p.history.some((h) => isNewFact(h.fact)) || p.agreements.some((a) => isNewFact(a.id)) || Boolean(p.latest && isNewFact(p.latest.id));
  }

  function newFactIds() {
    return Object.keys(data.facts).filter(isNewFact).sort();
  }

  function newBadge() {
    return el("span", { className: "new-badge", text: t("new") });
  }

  const undatedFacts = Object.values(data.facts).filter((f) => typeof f.year !== "number").length;

  function showSince() {
    if (!sinceSelect) return;
    sinceSelect.value = state.since === null ? "" : String(state.since);
    const on = state.since !== null;
    const text = on ? t("since_count", { n: newFactIds().length, year: state.since }) + " · " + t("since_undated", { n: undatedFacts }) : "";
    $("since-count").textContent = text;
    $("since-banner").textContent = text;
    $("since-banner").hidden = !on;
    $("view-area").classList.toggle("since-on", on);
  }

  /* Mark nothing; the caller draws again. */
  function clearSince() {
    state.since = null;
    showSince();
    timelineWidth = null;
  }

  /* A year (or null: mark nothing); one the list does not offer is ignored. */
  function setSince(value) {
    if (!sinceSelect) return;
    const y = value === null || value === undefined || value === "" ? null : Number(value);
    state.since = y !== null && [...sinceSelect.options].some((o) => o.value === String(y)) ? y : null;
    showSince();
    timelineWidth = null; /* its items carry the word "nieuw": drawn again */
    apply();
    renderPanel();
  }
  if (sinceSelect) sinceSelect.addEventListener("change", () => setSince(sinceSelect.value));
  api.setSince = (value) => setSince(value);
  api.newFactIds = () => newFactIds();

  /* In the network a new tie carries the word "nieuw" on its label and a thicker line, a new
     event or agreement the word under its name and a heavy border: not colour alone. */
  const visNodeBase = new Map(data.vis.nodes.map((item) => [item.id, item]));
  let markedSince = [null, data.lang, false].join("|");
  function markNew() {
    const key = [state.since, state.lang, markedUndated].join("|");
    if (key === markedSince) return;
    markedSince = key;
    const word = " · " + t("new");
    visEdges.update(
      data.edges
        .filter((e) => e.facts && e.facts.length)
        .map((e) => {
          const rel = relationByKey.get(e.rel);
          const on = isNewEdge(e);
          return { id: e.id, label: rel.label[state.lang] + (on ? word : ""), width: on ? rel.width + 3 : rel.width };
        })
    );
    visNodes.update(
      data.nodes
        .filter((n) => data.facts[n.id])
        .map((n) => {
          const on = isNewNode(n);
          const base = visNodeBase.get(n.id);
          return { id: n.id, label: label(n) + (on ? word : ""), borderWidth: on ? 4 : base && base.borderWidth !== undefined ? base.borderWidth : data.vis.options.nodes.borderWidth };
        })
    );
  }
  api.newEdgeIds = () => data.edges.filter(isNewEdge).map((e) => e.id).sort();
  api.newNodeIds = () => data.nodes.filter((n) => data.facts[n.id] && isNewNode(n)).map((n) => n.id).sort();
