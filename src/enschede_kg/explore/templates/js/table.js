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
          el("td", { text: e.when ? e.when[state.lang] : e.facts.length ? t("date_unknown") : "" }),
          el("td", {}, evidence.length ? quotes(evidence) : [t("no_source")]),
        ]);
      });
    $("table-body").replaceChildren(...rows);
  }

  function edgeRows() {
    return data.edges
      .concat(more.edges)
      .filter((e) => visible.edges.has(e.id))
      .sort((a, b) => label(nodeById.get(a.from)).localeCompare(label(nodeById.get(b.from))) || relationRank.get(a.rel) - relationRank.get(b.rel) || label(nodeById.get(a.to)).localeCompare(label(nodeById.get(b.to))));
  }

  /* The relations table as plain rows (for CSV and the clipboard): one line per relation, its
     source sentences joined, each with where it stands. */
  function relationRecords() {
    const head = ["col_from", "col_relation", "col_to", "col_when", "col_source"].map((k) => t(k));
    const rows = edgeRows().map((e) => {
      const evidence = [...new Set(e.facts.flatMap((f) => data.facts[f].sources).concat(e.evidence))];
      const text = e.statements
        ? e.statements.map((st) => st.text).join(" | ")
        : evidence
            .map((i) => {
              const p = data.passages[i];
              return "“" + p.text + "” (" + t("where", { title: data.documents[p.doc].title[state.lang], p: p.par, s: p.sen }) + ")";
            })
            .join(" | ");
      return [label(nodeById.get(e.from)), relationByKey.get(e.rel).label[state.lang], label(nodeById.get(e.to)), e.when ? e.when[state.lang] : e.facts.length ? t("date_unknown") : "", text];
    });
    return [head].concat(rows);
  }

  views.set("table", {
    pane: "table-view",
    show: () => renderTable(),
    update: () => renderTable(),
  });
