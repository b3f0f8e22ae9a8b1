/* Export: CSV that opens right in Dutch Excel (semicolon-separated, UTF-8 with a byte order
   mark, CRLF lines), the same rows to the clipboard (tab-separated: pasted into Excel or Word
   they become a table of one line per row), and printing. */
  // --- export -----------------------------------------------------------------------------

  const records = { overview: () => overviewRecords(), relations: () => relationRecords() };

  function csvCell(value) {
    const text = String(value);
    return /[";\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(rows) {
    return "\ufeff" + rows.map((r) => r.map(csvCell).join(";")).join("\r\n") + "\r\n";
  }

  function toTsv(rows) {
    return rows.map((r) => r.map((c) => String(c).replace(/[\t\r\n]+/g, " ")).join("\t")).join("\n") + "\n";
  }

  function fileName(which) {
    const year = state.year === null ? "" : "-" + state.year;
    return "enschede-" + (which === "overview" ? (state.lang === "nl" ? "partners" : "partners") : state.lang === "nl" ? "relaties" : "relations") + year + ".csv";
  }

  for (const button of document.querySelectorAll("button.csv")) {
    button.addEventListener("click", () => {
      const which = button.getAttribute("data-table");
      const blob = new Blob([toCsv(records[which]())], { type: "text/csv;charset=utf-8" });
      const link = el("a", { href: URL.createObjectURL(blob), download: fileName(which) });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    });
  }

  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", async () => {
      const rows = records[button.getAttribute("data-table")]();
      const text = toTsv(rows);
      try {
        await navigator.clipboard.writeText(text);
      } catch (error) {
        const area = el("textarea", { class: "visually-hidden", "aria-hidden": "true" });
        area.value = text;
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      $("copy-status").textContent = t("copied", { n: rows.length - 1 });
      $("status").textContent = t("copied", { n: rows.length - 1 });
    });
  }

  for (const button of document.querySelectorAll("button.print")) {
    button.addEventListener("click", () => window.print());
  }
  api.csv = (which) => toCsv(records[which]());
