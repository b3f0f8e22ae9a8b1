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

