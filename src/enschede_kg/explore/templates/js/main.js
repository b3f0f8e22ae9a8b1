/* Language switching and the first drawing. */
  // --- language ---------------------------------------------------------------------------

  function setLang(lang) {
    if (!(lang in data.ui.title)) return;
    state.lang = lang;
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const key = node.getAttribute("data-i18n");
      node.textContent = key === "footer" ? t(key, { vis: node.getAttribute("data-vis") }) : t(key);
    }
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
    }
    for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
      node.setAttribute("aria-label", t(node.getAttribute("data-i18n-aria-label")));
    }
    for (const node of document.querySelectorAll("[data-kind]")) {
      node.textContent = kindByKey.get(node.getAttribute("data-kind")).label[lang];
    }
    for (const node of document.querySelectorAll("[data-relation]")) {
      node.textContent = relationByKey.get(node.getAttribute("data-relation")).label[lang];
    }
    for (const option of themeSelect.options) {
      if (option.value) option.textContent = themeById.get(option.value).label[lang];
    }
    for (const button of document.querySelectorAll("[data-lang]")) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === lang));
    }
    visNodes.update(data.nodes.concat(more.nodes).map((n) => ({ id: n.id, label: label(n), title: nodeTitle(n) })));
    visEdges.update(data.edges.concat(more.edges).map((e) => ({ id: e.id, label: relationByKey.get(e.rel).label[lang], title: edgeTitle(e) })));
    $("scope-toggle").textContent = t(state.scope === "all" ? "scope_partners" : "scope_all");
    $("scope-note").textContent = t(state.scope === "all" ? "scope_note_all" : "scope_note_partners");
    showYear();
    showSince();
    renderPanel();
    if (!list.hidden) renderResults();
    /* Views drawn with words in them are drawn again in the new language. */
    mapSize = null;
    timelineWidth = null;
    if (views.has(state.view)) views.get(state.view).show();
    apply();
    rememberLang(lang);
  }
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLang(button.getAttribute("data-lang")));
  }

  // --- views, phone drawer, first drawing ---------------------------------------------------

  for (const button of document.querySelectorAll("[data-view]")) {
    button.addEventListener("click", () => showView(button.getAttribute("data-view")));
  }
  /* On a phone the filters are a drawer, opened by the "Filters" button, closed by its own
     button or Esc. */
  function drawer(open) {
    $("filters-toggle").setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("drawer-open", open);
    if (open) $("search").focus();
    else $("filters-toggle").focus();
  }
  $("filters-toggle").addEventListener("click", () => drawer($("filters-toggle").getAttribute("aria-expanded") !== "true"));
  $("drawer-close").addEventListener("click", () => drawer(false));
  $("controls").addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.body.classList.contains("drawer-open") && document.activeElement !== $("search")) drawer(false);
  });
  /* The skip link moves the focus to the views without touching the URL's fragment (the state). */
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    $("view-area").focus();
  });

  $("scope-note").textContent = t("scope_note_partners");
  showYear();
  restoreState();
  renderPanel();
  /* Ready once the views are on screen: the network's first frame and the start view drawn. */
  requestAnimationFrame(() => {
    api.ready = true;
    api.readyAt = timings.drawn = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
