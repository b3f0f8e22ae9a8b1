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
    showYear();
    renderPanel();
    if (!list.hidden) renderResults();
    apply();
  }
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLang(button.getAttribute("data-lang")));
  }

  showYear();
  apply();
