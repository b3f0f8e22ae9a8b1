/* The timeline: per partner the facts behind its ties (status phases, the partnership itself),
   then the activities (events, agreements), each a bar over the time its date stands for: a year
   the whole year, a season its months. A phase known only to end starts at "begin onbekend", one
   still running runs to the right edge, and what the source does not date is listed under
   "datum onbekend", never drawn as a point. */
  // --- timeline ---------------------------------------------------------------------------

  const ROW = 30;
  const BAR = 24;
  const LEFT = 170;
  let UNKNOWN = 150;
  let timelineWidth = null;

  function drawTimeline() {
    const box = $("timeline");
    const tl = data.timeline;
    const keep = box.querySelector("title");
    box.replaceChildren(keep);
    if (!tl || !tl.range) return;
    const width = Math.max(box.clientWidth, 600);
    timelineWidth = width;
    UNKNOWN = width > 900 ? 230 : 150;
    const [first, last] = tl.range;
    const right = width - UNKNOWN - 10;
    const x = (year) => LEFT + ((year - first) / (last - first)) * (right - LEFT);
    const rows = tl.lanes.reduce((n, lane) => n + Math.max(lane.items.length, 1), 0);
    const height = 34 + rows * ROW + 10;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    box.setAttribute("height", String(height));
    const axis = svgEl("g", { class: "axis" });
    for (let y = first; y <= last; y++) {
      axis.append(svgEl("line", { x1: x(y), x2: x(y), y1: 24, y2: height - 6 }));
      if (y < last) axis.append(svgEl("text", { x: (x(y) + x(y + 1)) / 2, y: 16, "text-anchor": "middle", text: String(y) }));
    }
    axis.append(svgEl("text", { x: right + 10 + UNKNOWN / 2, y: 16, "text-anchor": "middle", class: "unknown-head", text: t("date_unknown") }));
    box.append(axis);
    /* Names run on but are cut off at the edge of their column (seen text stays part of the
       item's name, as WCAG's label-in-name asks). */
    box.append(
      svgEl("defs", {}, [
        svgEl("clipPath", { id: "tl-dated" }, [svgEl("rect", { x: 0, y: 30, width: right + 8, height })]),
        svgEl("clipPath", { id: "tl-unknown" }, [svgEl("rect", { x: right + 10, y: 0, width: UNKNOWN - 4, height })]),
      ])
    );
    const body = svgEl("g", { class: "lanes" });
    let row = 0;
    for (const lane of tl.lanes) {
      const top = 34 + row * ROW;
      const laneNode = lane.id ? nodeById.get(lane.id) : null;
      body.append(svgEl("text", { class: "lane-label", x: 6, y: top + 17, text: laneNode ? label(laneNode) : lane.label[state.lang] }));
      lane.items.forEach((item, i) => {
        const y = top + i * ROW + (ROW - BAR) / 2;
        const text = data.facts[item.fact] ? data.facts[item.fact].label[state.lang] : item.label[state.lang];
        const fresh = isNewFact(item.fact);
        const when = (item.when ? item.when[state.lang] : t("date_unknown")) + (item.start === null && item.end !== null ? " · " + t("start_unknown") : "") + (fresh ? " · " + t("new") : "");
        const g = svgEl("g", { class: "item " + item.kind + (fresh ? " new" : ""), "data-node": item.node, "data-fact": item.fact, tabindex: "0", role: "button", "aria-label": text + " · " + when });
        if (item.start === null && item.end === null) {
          g.classList.add("undated");
          g.append(svgEl("rect", { x: right + 10, y, width: UNKNOWN, height: BAR, rx: 3 }));
          g.append(svgEl("text", { x: right + 16, y: y + 16, "clip-path": "url(#tl-unknown)", text }));
        } else {
          const a = item.start === null ? LEFT : x(item.start);
          const b = item.end === null ? right : x(item.end);
          if (item.start === null) g.classList.add("open-start");
          if (item.end === null && item.kind === "tie") g.classList.add("open-end");
          g.setAttribute("data-precision", item.precision || "");
          g.append(svgEl("rect", { x: a, y, width: Math.max(b - a, 3), height: BAR, rx: 3 }));
          /* The name inside a long bar, else after it, else (near the right edge) before it. */
          const name = text + " · " + when;
          const room = name.length * 6.3;
          const inside = b - a > 60;
          const before = !inside && b + 5 + room > right && a - 5 - room > 0;
          const at = inside ? a + 5 : before ? a - 5 : b + 5;
          g.append(svgEl("text", { x: at, y: y + 16, "text-anchor": before ? "end" : "start", "clip-path": "url(#tl-dated)", text: name }));
        }
        g.append(svgEl("title", { text: text + " · " + when }));
        g.addEventListener("click", () => select(item.node, {}));
        g.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            select(item.node, {});
          }
        });
        body.append(g);
      });
      row += Math.max(lane.items.length, 1);
      body.append(svgEl("line", { class: "lane-rule", x1: 0, x2: width, y1: 34 + row * ROW, y2: 34 + row * ROW }));
    }
    box.append(body);
    box.append(svgEl("line", { id: "timeline-year", class: "year-mark", x1: 0, x2: 0, y1: 22, y2: height - 4 }));
    timelineX = x;
    styleTimeline();
  }
  let timelineX = null;

  function styleTimeline() {
    for (const g of document.querySelectorAll("#timeline .item")) {
      const id = g.getAttribute("data-node");
      g.classList.toggle("dim", !visible.nodes.has(id));
      g.classList.toggle("selected", state.selected === id);
    }
    const mark = $("timeline-year");
    if (mark && timelineX) {
      const on = state.year !== null;
      mark.style.display = on ? "" : "none";
      if (on) {
        const at = timelineX(state.year + 0.5);
        mark.setAttribute("x1", at);
        mark.setAttribute("x2", at);
      }
    }
  }

  views.set("timeline", {
    pane: "timeline-view",
    show: () => {
      if (timelineWidth !== Math.max($("timeline").clientWidth, 600)) drawTimeline();
      else styleTimeline();
    },
    update: () => {
      if (timelineWidth) styleTimeline();
      else if (state.view === "timeline") drawTimeline();
    },
    select: () => {
      if (timelineWidth) styleTimeline();
    },
  });
  api.timelineSelected = () => [...document.querySelectorAll("#timeline .item.selected")].map((g) => g.getAttribute("data-fact"));
