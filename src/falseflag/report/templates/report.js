// The report's navigation: sections and articles by the address's #fragment, views, evidence, tooltips, filters.
// Addresses: #overview, #articles, #article:ID, #article:ID:claims, #evidence:ID:START:END, #findings, #claims, #claim:ID
(function () {
  "use strict";
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  function showSection(name) {
    $$("section[data-section]").forEach((s) => s.classList.toggle("shown", s.dataset.section === name));
    $$("nav a[data-section]").forEach((a) => a.setAttribute("aria-current", a.dataset.section === name ? "page" : "false"));
  }

  function articleElement(id) {
    return $$(".article").find((a) => a.dataset.article === id);
  }

  function showArticle(id, view) {
    const article = articleElement(id);
    if (!article) return null;
    $$(".article").forEach((a) => a.classList.toggle("shown", a === article));
    $$(".article-list a").forEach((a) => a.setAttribute("aria-current", a.dataset.article === id ? "true" : "false"));
    $$(".view", article).forEach((v) => v.classList.toggle("shown", v.dataset.view === view));
    $$("button[data-view]", article).forEach((b) => b.setAttribute("aria-pressed", b.dataset.view === view ? "true" : "false"));
    return article;
  }

  // The article's own text, from its marked-up view: every character there is the text's.
  function articleText(article) {
    return $(".view[data-view='quotes'] .text", article).textContent;
  }

  function showEvidence(id, start, end) {
    const article = showArticle(id, "evidence");
    if (!article) return;
    const points = Array.from(articleText(article)); // offsets count code points, as the data does
    const box = $(".view[data-view='evidence'] .text", article);
    box.textContent = "";
    box.append(points.slice(0, start).join(""));
    const mark = document.createElement("mark");
    mark.className = "m evidence";
    mark.tabIndex = 0;
    mark.dataset.table = "evidence";
    mark.dataset.start = String(start);
    mark.dataset.end = String(end);
    mark.dataset.info = "the evidence of the finding you chose";
    mark.textContent = points.slice(start, end).join("");
    box.append(mark, points.slice(end).join(""));
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }

  function route() {
    const hash = decodeURIComponent(location.hash.replace(/^#/, "")) || "overview";
    const [kind, ...rest] = hash.split(":");
    if (kind === "article" || kind === "evidence") {
      showSection("articles");
      if (kind === "evidence") {
        const end = Number(rest.pop()), start = Number(rest.pop());
        showEvidence(rest.join(":"), start, end);
      } else {
        const view = rest.length > 1 && ["claims", "quotes"].includes(rest[rest.length - 1]) ? rest.pop() : "quotes";
        showArticle(rest.join(":"), view);
      }
    } else if (kind === "claim") {
      showSection("claims");
      showClaim(rest.join(":"));
    } else if ($(`section[data-section='${kind}']`)) {
      showSection(kind);
      if (kind === "articles" && !$(".article.shown")) {
        const first = $(".article");
        if (first) showArticle(first.dataset.article, "quotes");
      }
    } else {
      showSection("overview");
    }
  }

  function showClaim(id) {
    const select = $("#claim-select");
    if (select) select.value = id;
    $$(".claim-block").forEach((c) => (c.hidden = c.dataset.claim !== id));
  }

  // Tooltips: what a mark is, on hovering or focusing it.
  const tip = document.createElement("div");
  tip.id = "tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.append(tip);
  function showTip(mark) {
    tip.textContent = mark.dataset.info + (mark.dataset.part ? ` (part ${mark.dataset.part})` : "");
    tip.hidden = false;
    const r = mark.getBoundingClientRect();
    tip.style.left = `${window.scrollX + r.left}px`;
    tip.style.top = `${window.scrollY + r.bottom + 6}px`;
    mark.setAttribute("aria-describedby", "tooltip");
  }
  function innermostMark(target) {
    return target && target.closest ? target.closest("mark.m") : null;
  }
  document.addEventListener("mouseover", (e) => { const m = innermostMark(e.target); if (m) showTip(m); else tip.hidden = true; });
  document.addEventListener("focusin", (e) => { const m = innermostMark(e.target); if (m) showTip(m); else tip.hidden = true; });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") tip.hidden = true; });

  // Buttons that change the view of an article, and the filters of the findings.
  document.addEventListener("click", (e) => {
    const button = e.target.closest ? e.target.closest("button[data-view]") : null;
    if (button) {
      const article = button.closest(".article");
      location.hash = `article:${article.dataset.article}${button.dataset.view === "quotes" ? "" : ":" + button.dataset.view}`;
    }
  });
  function filterFindings() {
    const analyzer = $("#finding-analyzer").value, kind = $("#finding-kind").value;
    let shown = 0;
    $$(".finding").forEach((f) => {
      const visible = (!analyzer || f.dataset.analyzer === analyzer) && (!kind || f.dataset.kind === kind);
      f.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    $("#finding-count").textContent = `${shown} shown`;
  }
  ["#finding-analyzer", "#finding-kind"].forEach((id) => { const s = $(id); if (s) s.addEventListener("change", filterFindings); });
  const claimSelect = $("#claim-select");
  if (claimSelect) claimSelect.addEventListener("change", () => { location.hash = `claim:${claimSelect.value}`; });

  window.addEventListener("hashchange", route);
  route();
  if ($("#finding-analyzer")) filterFindings();
  if (claimSelect && !$(".claim-block:not([hidden])")) showClaim(claimSelect.value);
})();
