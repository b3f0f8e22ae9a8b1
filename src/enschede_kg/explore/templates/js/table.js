/* The table view: the relations shown, with their source sentences. */
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

