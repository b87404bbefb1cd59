// copydesk html report: filters, keyboard navigation, printing.
// It reads the page's own data attributes and never builds markup from
// text, so nothing of an article can become code here.
(function () {
  "use strict";
  var doc = document;
  var controls = doc.getElementById("controls");
  var sections = [].slice.call(doc.querySelectorAll("section.file"));
  var cards = [].slice.call(doc.querySelectorAll("div.f"));
  var marks = [].slice.call(doc.querySelectorAll("mark.hl")).map(function (m) {
    return { el: m, ids: m.getAttribute("data-f").split(" ") };
  });
  var sevBoxes = [].slice.call(doc.querySelectorAll("input[name=sev]"));
  var ruleSel = doc.getElementById("rule-filter");
  var fileBox = doc.getElementById("file-filter");
  var mutedBox = doc.getElementById("show-muted");
  var shown = doc.getElementById("shown");
  var current = -1; // index in the visible list of the card last moved to
  var visible = [];

  function apply() {
    var sev = {};
    sevBoxes.forEach(function (b) { sev[b.value] = b.checked; });
    var rule = ruleSel.value;
    var path = fileBox.value.trim().toLowerCase();
    var narrowing = rule !== "" || sevBoxes.some(function (b) { return !b.checked; });
    var on = {};
    visible = [];
    sections.forEach(function (s) {
      var match = path === "" || s.getAttribute("data-path").toLowerCase().indexOf(path) >= 0;
      var n = 0;
      [].forEach.call(s.querySelectorAll("div.f"), function (c) {
        var ok = match && sev[c.getAttribute("data-sev")] !== false &&
          (rule === "" || c.getAttribute("data-rule") === rule) &&
          (mutedBox.checked || !c.hasAttribute("data-state"));
        c.hidden = !ok;
        if (ok) { on[c.id] = true; visible.push(c); n++; }
      });
      s.hidden = !match || (narrowing && n === 0);
    });
    marks.forEach(function (m) {
      m.el.classList.toggle("off", !m.ids.some(function (id) { return on[id]; }));
    });
    shown.textContent = visible.length + " of " + cards.length + " findings shown";
    current = -1;
  }

  function markCurrent(card) {
    [].forEach.call(doc.querySelectorAll("mark.current"), function (m) { m.classList.remove("current"); });
    marks.forEach(function (m) {
      if (m.ids.indexOf(card.id) >= 0) { m.el.classList.add("current"); }
    });
  }

  function focusCard(card) {
    var d = card.closest("details");
    if (d && !d.open) { d.open = true; }
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "center" });
    markCurrent(card);
  }

  function move(step) {
    if (visible.length === 0) { return; }
    var at = visible.indexOf(doc.activeElement);
    if (at < 0) { at = current; }
    var next = at < 0 ? (step > 0 ? 0 : visible.length - 1) : at + step;
    next = Math.max(0, Math.min(visible.length - 1, next));
    current = next;
    focusCard(visible[next]);
  }

  sevBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  ruleSel.addEventListener("change", apply);
  fileBox.addEventListener("input", apply);
  mutedBox.addEventListener("change", apply);
  doc.getElementById("next").addEventListener("click", function () { move(1); });
  doc.getElementById("prev").addEventListener("click", function () { move(-1); });

  doc.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.isContentEditable)) { return; }
    if (e.key === "j" || e.key === "n") { move(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { move(-1); e.preventDefault(); }
  });

  // A click on highlighted text goes to its finding.
  doc.addEventListener("click", function (e) {
    var m = e.target.closest ? e.target.closest("mark.hl") : null;
    if (!m) { return; }
    var ids = m.getAttribute("data-f").split(" ");
    for (var i = 0; i < ids.length; i++) {
      var c = doc.getElementById(ids[i]);
      if (c && !c.hidden) { current = visible.indexOf(c); focusCard(c); return; }
    }
  });

  // Printing shows every article the filters leave, open.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = sections.filter(function (s) { return !s.hidden; }).map(function (s) { return s.querySelector("details"); })
      .filter(function (d) { return d && !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });

  controls.hidden = false;
  apply();
})();
