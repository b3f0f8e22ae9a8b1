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

  /* The slider has a position only where the network changes: each year in which something
     starts, and the year after something ends; the last position is "all years". */
  const yearSteps = data.years
    ? [...new Set(data.nodes.concat(data.edges).flatMap((i) => [i.start, i.end === null ? null : i.end + 1]).filter((y) => y !== null && y <= data.years[1]))].sort((a, b) => a - b)
    : [];
  const undatedCount = data.edges.filter((e) => e.start === null && e.end === null && e.facts.length).length;
  if (year) {
    year.max = String(yearSteps.length);
    year.value = String(yearSteps.length);
  }

  function showYear() {
    if (!year) return;
    const text = state.year === null ? t("year_all") : String(state.year);
    $("year-value").textContent = text;
    year.setAttribute("aria-valuetext", text);
    $("year-undated").textContent = t("undated_note", { n: undatedCount });
    $("year-undated").classList.toggle("active", state.year !== null);
    const play = $("year-play");
    play.textContent = t(state.playing ? "pause" : "play");
    play.setAttribute("aria-pressed", String(Boolean(state.playing)));
  }

  /* A year (or null: all years); a year between positions shows the position before it. */
  function setYear(value) {
    if (!year) return;
    let index = yearSteps.length;
    if (value !== null && value !== undefined) {
      const v = Number(value);
      index = Math.max(0, yearSteps.filter((y) => y <= v).length - 1);
    }
    state.year = index >= yearSteps.length ? null : yearSteps[index];
    year.value = String(index);
    showYear();
    apply();
  }
  if (year) year.addEventListener("input", () => {
    const i = Number(year.value);
    setYear(i >= yearSteps.length ? null : yearSteps[i]);
  });
  api.setYear = (value) => setYear(value);
  api.yearSteps = yearSteps;

  /* Play: one position a second, from the first year to "all years". */
  function stopPlaying() {
    if (state.playing) clearInterval(state.playing);
    state.playing = null;
    showYear();
  }
  if (year) {
    $("year-play").addEventListener("click", () => {
      if (state.playing) return stopPlaying();
      let i = state.year === null ? 0 : yearSteps.indexOf(state.year) + 1;
      setYear(yearSteps[i] === undefined ? null : yearSteps[i]);
      state.playing = setInterval(() => {
        i += 1;
        if (i > yearSteps.length) return stopPlaying();
        setYear(i >= yearSteps.length ? null : yearSteps[i]);
        if (i >= yearSteps.length) stopPlaying();
      }, 1000);
      showYear();
    });
  }

  function resetFilters(redraw) {
    for (const box of kindBoxes) box.checked = true;
    for (const box of relationBoxes) box.checked = true;
    state.kinds = new Set(data.kinds.map((k) => k.key));
    state.relations = new Set(data.relations.map((r) => r.key));
    state.theme = "";
    themeSelect.value = "";
    state.year = null;
    if (year) year.value = String(yearSteps.length);
    clearSince();
    state.focus = null;
    showYear();
    apply();
    if (redraw) fitNetwork();
  }
  $("reset").addEventListener("click", () => {
    resetFilters(true);
    renderPanel();
  });

