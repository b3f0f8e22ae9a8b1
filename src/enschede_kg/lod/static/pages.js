// Language switch for the resource and ontology pages: Dutch by default, ?lang=en or the button
// for English; the choice is remembered. Only classes change; no content is written as markup.
"use strict";
(function () {
  const root = document.documentElement;
  const fromUrl = new URLSearchParams(location.search).get("lang");
  let stored = null;
  try { stored = localStorage.getItem("ekg-lang"); } catch (e) { stored = null; }
  function apply(lang) {
    root.classList.toggle("lang-en", lang === "en");
    root.lang = lang;
  }
  apply(fromUrl === "en" || fromUrl === "nl" ? fromUrl : (stored || "nl"));
  const button = document.getElementById("lang-switch");
  if (button) {
    button.addEventListener("click", function () {
      const next = root.classList.contains("lang-en") ? "nl" : "en";
      apply(next);
      try { localStorage.setItem("ekg-lang", next); } catch (e) { /* private mode */ }
    });
  }
})();
