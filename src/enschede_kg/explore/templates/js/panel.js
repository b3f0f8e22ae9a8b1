/* The side panel: evidence (source sentences) and what is known about the chosen node. */
  // --- evidence ---------------------------------------------------------------------------

  function quote(index) {
    const p = data.passages[index];
    const doc = data.documents[p.doc];
    return [
      el("blockquote", { className: "source", lang: p.lang, text: p.text }),
      el("cite", { className: "where", text: t("where", { title: doc.title[state.lang], p: p.par, s: p.sen }) }),
    ];
  }

  /* Sentences in order; with `seen`, one already shown in the same panel is not repeated. */
  function quotes(indexes, seen) {
    if (!seen) return indexes.flatMap(quote);
    const fresh = indexes.filter((i) => !seen.has(i));
    for (const i of fresh) seen.add(i);
    if (!fresh.length && indexes.length) return [el("span", { className: "fact-label", text: " (" + t("see_above") + ")" })];
    return fresh.flatMap(quote);
  }

  /* The resource page of a node: on the server that serves the explorer, its own page there;
     from a file, the node's IRI (which dereferences to the same page). */
  function resourceHref(id) {
    if (/^https?:$/.test(location.protocol)) return data.pages.served + id;
    return data.pages.iri + id;
  }

  function nodeButton(id) {
    const n = nodeById.get(id);
    const button = el("button", { type: "button", className: "linkish", text: label(n) });
    button.addEventListener("click", () => select(id, { focusPanel: true }));
    return button;
  }

  /* "goedgekeurd door X, Y" with each name a way to its node (a plain name where it is none):
     the sentence's words around {names} come from the interface text, in either language. */
  function namesLine(key, items) {
    const [before, after] = t(key).split("{names}");
    const names = items.flatMap((item, i) => [i ? ", " : "", nodeById.has(item.id) ? nodeButton(item.id) : el("span", { text: item.label[state.lang] })]);
    return el("div", { className: "fact-label " + key.replace("_", "-") }, [before].concat(names, [after]));
  }

  /* A fact with its sentences; one already shown in the same panel (`shown`) points up.
     A status phase says who approved that status, and in which agreement, where the source says so. */
  function factBlock(id, shown) {
    const fact = data.facts[id];
    const lines = [el("span", { className: "fact-label", text: fact.label[state.lang] })];
    /* A taking part the source does not date itself happened at its event: the event's date. */
    const when = fact.when || (fact.dated_by && data.facts[fact.dated_by] ? data.facts[fact.dated_by].when : null);
    if (when) lines.push(el("span", { className: "fact-label", text: " · " + when[state.lang] }));
    if (isNewFact(id)) lines.push(" ", newBadge());
    if (shown && shown.has(id)) {
      lines.push(el("span", { className: "fact-label", text: " (" + t("see_above") + ")" }));
      return el("div", { className: "fact" }, lines);
    }
    if (shown) shown.add(id);
    if (!when) lines.push(el("span", { className: "fact-label undated", text: " · " + t("date_unknown") }));
    for (const key of ["approved_by", "established_by"]) {
      if (fact[key] && fact[key].length) lines.push(namesLine(key, fact[key]));
    }
    if (fact.aims.length) {
      lines.push(el("div", { className: "fact-label", text: t("aims") + ": " + fact.aims.map((a) => a[state.lang]).join("; ") }));
    }
    return el("div", { className: "fact" + (isNewFact(id) ? " new" : ""), "data-fact": id }, lines.concat(quotes(fact.sources, shown && shown.passages)));
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
      return [el("div", { className: "fact" }, [el("span", { className: "fact-label", text: t("co_mentioned") })].concat(quotes(e.evidence, shown && shown.passages)))];
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
    $("panel-close").hidden = !state.selected;
    document.body.classList.toggle("has-selection", Boolean(state.selected));
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
    parts.push(el("p", { className: "meta" }, [meta.join(" · ")].concat(isNewFact(n.id) ? [" ", newBadge()] : [])));
    if (n.source !== undefined) parts.push(badge(n.source));
    if (n.more) parts.push(furtherBlock(n));
    if (n.label[other] !== label(n)) {
      parts.push(el("p", { text: t("other_language") + ": " + n.label[other] }));
    }
    if (n.alt.length) parts.push(el("p", { text: t("also_known_as") + ": " + n.alt.join(", ") }));
    if (n.comment) parts.push(el("p", { text: n.comment[state.lang] }));
    const seen = new Set();
    const shown = new Set();
    shown.passages = seen;
    const partner = partnerById.get(n.id);
    if (partner) {
      parts.push(...summaryBlock(partner, shown));
    } else {
      parts.push(...section(t("themes"), n.themes.length ? [chips(n.themes)] : []));
    }
    const links = n.links
      .filter((link) => /^https?:\/\//.test(link.href))
      .map((link) => el("li", {}, [el("a", { href: link.href, rel: "noopener noreferrer", target: "_blank", text: link.name + " " + link.id })]));
    if (!n.id.startsWith("wd:")) {
      links.unshift(el("li", {}, [el("a", { href: resourceHref(n.id), className: "resource-link", text: t("resource_page") })]));
    }
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
    parts.push(...section(t("evidence"), quotes(n.sources, seen)));
    const rels = relationsOf(n.id).sort((a, b) => {
      const ra = relationRank.get(a.rel) - relationRank.get(b.rel);
      if (ra) return ra;
      const oa = label(nodeById.get(a.from === n.id ? a.to : a.from));
      const ob = label(nodeById.get(b.from === n.id ? b.to : b.from));
      return oa.localeCompare(ob);
    });
    const items = rels.map((e) => el("li", {}, [edgeLine(e, n.id)].concat(edgeEvidence(e, shown))));
    parts.push(el("h3", { className: "rels-title", text: t("relations_of", { n: rels.length }) }));
    parts.push(el("ul", { className: "rels" }, items));
    const mentions = n.mentions.filter((i) => !seen.has(i));
    parts.push(...section(t("mentioned_in"), quotes(mentions, seen)));
    body.replaceChildren(...parts);
  }

  function chips(themeIds) {
    return el("ul", { className: "chips" }, themeIds.map((id) => el("li", { text: themeById.get(id).label[state.lang] })));
  }

  /* A partner's summary first: its tie now and since when, the history of its status with dates
     (or "datum onbekend"), its agreements with their areas and who approved them, the themes of
     its activities apart from the areas agreed, its latest activity. Each fact's sentences are
     shown once, here; the relations below point up to them. */
  function summaryBlock(p, shown) {
    const out = [el("h3", { text: t("summary") })];
    const ties = data.edges.filter((e) => (e.from === p.id || e.to === p.id) && p.current.includes(e.rel) && (ours.has(e.from) || ours.has(e.to)));
    const now = p.current.map((rel) => {
      const e = ties.find((x) => x.rel === rel);
      return relationByKey.get(rel).label[state.lang] + " (" + (e && e.when ? e.when[state.lang] : t("date_unknown")) + ")";
    });
    out.push(el("p", { className: "status-now" }, [el("strong", { text: t("status_now") + ": " }), now.join("; ")]));
    const history = el("ol", { className: "history" }, p.history.map((h) => el("li", {}, [factBlock(h.fact, shown)])));
    out.push(el("h4", { text: t("history") }), history);
    const areas = new Set();
    if (p.agreements.length) {
      out.push(el("h4", { text: t("agreements") }));
      for (const a of p.agreements) {
        a.areas.forEach((x) => areas.add(x));
        const line = el("div", { className: "agreement" }, [nodeButton(a.id), " · " + dateText(a.when)].concat(isNewFact(a.id) ? [" ", newBadge()] : []));
        if (a.approved_by.length) {
          line.append(el("div", { className: "fact-label", text: t("approved_by", { names: a.approved_by.map((x) => label(nodeById.get(x))).join(", ") }) }));
        }
        if (a.areas.length) line.append(el("div", { className: "fact-label", text: t("areas") + ":" }), chips(a.areas));
        if (!shown.has(a.id)) {
          shown.add(a.id);
          line.append(...quotes(a.sources, shown.passages));
        }
        out.push(line);
      }
    }
    const others = p.themes.filter((x) => !areas.has(x));
    if (others.length) out.push(el("h4", { text: areas.size ? t("event_themes") : t("themes") }), chips(others));
    if (p.latest) {
      out.push(el("p", {}, [el("strong", { text: t("latest") + ": " }), nodeButton(p.latest.id), " · " + dateText(p.latest.when)].concat(isNewFact(p.latest.id) ? [" ", newBadge()] : [])));
    }
    out.push(el("p", { className: "fact-label", text: t("n_sources", { n: p.sources }) }));
    return out;
  }

  function closePanel() {
    const was = state.selected;
    state.selected = null;
    network.unselectAll();
    selectInViews(null);
    renderPanel();
    saveState();
    $("status").textContent = "";
    if (was && document.activeElement === document.body) $("view-area").focus();
  }
  $("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.selected && !event.defaultPrevented && document.activeElement !== $("search")) closePanel();
  });

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
      const around = (moreEdgesOf.get(id) || []).flatMap((e) => [e.from, e.to]).filter((x) => shown.nodes.has(x));
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
    if (!shown.nodes.has(id) && state.scope === "partners") setScope("all");
    state.selected = id;
    state.cursorNode = null;
    network.selectNodes([id]);
    if (state.view === "network") {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: options.instant ? false : { duration: 300, easingFunction: "easeInOutQuad" } });
    }
    selectInViews(id);
    renderPanel();
    saveState();
    closeResults();
    $("status").textContent = t("selected", { label: label(nodeById.get(id)) });
    if (options.focusPanel) $("panel-title").focus();
  }

  function setFocus(id, hops) {
    if (id && state.scope === "partners") setScope("all");
    state.focus = id;
    state.hops = hops;
    apply();
    renderPanel();
    network.fit({ nodes: [...shown.nodes], animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      select(params.nodes[0], {});
    } else if (params.edges.length) {
      state.selected = "edge:" + params.edges[0];
      renderPanel();
      saveState();
    }
  });

