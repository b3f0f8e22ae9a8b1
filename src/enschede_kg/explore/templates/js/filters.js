/* Filters: kinds, relations, theme and year. */
  // --- filters ----------------------------------------------------------------------------

  const kindBoxes = [...document.querySelectorAll('input[name="kind"]')];
  const relationBoxes = [...document.querySelectorAll('input[name="relation"]')];
  const themeSelect = $("theme");
  const year = $("year");

  for (const box of kindBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) state.kinds.add(box.value);
      else state.kinds.delete(box.value);
      apply();
    });
  }
  for (const box of relationBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) state.relations.add(box.value);
      else state.relations.delete(box.value);
      apply();
    });
  }
  themeSelect.addEventListener("change", () => {
    state.theme = themeSelect.value;
    apply();
  });

  function showYear() {
    if (!year) return;
    const text = state.year === null ? t("year_all") : String(state.year);
    $("year-value").textContent = text;
    year.setAttribute("aria-valuetext", text);
  }

  function setYear(value) {
    if (!year) return;
    const v = Number(value);
    state.year = v > data.years[1] ? null : v;
    year.value = String(state.year === null ? data.years[1] + 1 : state.year);
    showYear();
    apply();
  }
  if (year) year.addEventListener("input", () => setYear(year.value));
  api.setYear = (value) => setYear(value === null ? data.years[1] + 1 : value);

  function resetFilters(redraw) {
    for (const box of kindBoxes) box.checked = true;
    for (const box of relationBoxes) box.checked = true;
    state.kinds = new Set(data.kinds.map((k) => k.key));
    state.relations = new Set(data.relations.map((r) => r.key));
    state.theme = "";
    themeSelect.value = "";
    state.year = null;
    if (year) year.value = String(data.years[1] + 1);
    state.focus = null;
    showYear();
    apply();
    if (redraw) network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }
  $("reset").addEventListener("click", () => {
    resetFilters(true);
    renderPanel();
  });

