// Overlays on screen now, and the marks inside them that look like a close control. Viewport coordinates.
// The crawler clicks and watches; whether an overlay is an ad, and whether it closed properly, is for the judge.
() => {
  const vw = innerWidth, vh = innerHeight;
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const area = (r) => Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
  const shown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === "none" || cs.visibility === "hidden" || Number(cs.opacity) < 0.05) return false;
    }
    return true;
  };
  // When an element last appeared: the latest insertion or show of it or any ancestor (observe.js watches from
  // DOMContentLoaded; what was there before counts as appearing then), ms since navigation. A close mark that appears
  // seconds after its pop-up is a delayed close.
  const added = window.__xunjianAdded;
  const nav = performance.getEntriesByType("navigation")[0];
  const dcl = nav ? nav.domContentLoadedEventStart : 0;
  const shownAt = (el) => {
    let t = dcl;
    for (let e = el; added && e && e.nodeType === 1; e = e.parentElement) { const v = added.get(e); if (v !== undefined && v > t) t = v; }
    return Math.round(t);
  };
  const z = (el) => { for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const v = parseInt(getComputedStyle(e).zIndex); if (!isNaN(v)) return v; } return 0; };
  const hasContent = (el) => clean(el.innerText).length > 0 || el.querySelector("img,svg,iframe,canvas,video") ||
    getComputedStyle(el).backgroundImage !== "none" || el.tagName === "IMG" || el.tagName === "IFRAME";
  const cands = [];
  for (const el of document.querySelectorAll("body *")) {
    const cs = getComputedStyle(el);
    const topLayer = el.tagName === "DIALOG" && el.open;
    if (!topLayer && cs.position !== "fixed" && cs.position !== "absolute" && cs.position !== "sticky") continue;
    if (cs.display === "none" || cs.visibility !== "visible" || Number(cs.opacity) < 0.1) continue;
    const r = el.getBoundingClientRect();
    const cover = area(r) / (vw * vh);
    // Absolutely placed boxes are pop-ups only when they float over a good part of the screen (an in-flow banner
    // at the top of the page is positioned too).
    if (cs.position === "absolute" && !topLayer && (cover < 0.25 || z(el) < 10)) continue;
    if (cover < 0.03 || !shown(el)) continue;
    cands.push({ el, r, cover, cs });
  }
  const roots = cands.filter((c) => !cands.some((o) => o !== c && o.el.contains(c.el)));
  const masks = roots.filter((c) => c.cover >= 0.6 && !hasContent(c.el));
  const describe = (r) => [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
  const overlays = [];
  for (const c of roots) {
    if (!hasContent(c.el)) continue;
    // The content box: for a full-screen root, its largest child with content (the dialog), else itself.
    let content = c.el;
    if (c.cover >= 0.6) {
      let best = null;
      for (const d of c.el.querySelectorAll("*")) {
        const r = d.getBoundingClientRect();
        const a = area(r) / (vw * vh);
        if (a < 0.6 && a > 0.02 && hasContent(d) && shown(d) && (!best || a > best.a)) best = { d, a };
      }
      if (best) content = best.d;
    }
    const scope = c.el.parentElement && c.el.parentElement !== document.body && c.el.parentElement.children.length <= 4 ? c.el.parentElement : c.el;
    const mask = c.cover >= 0.6 ? c.el : (masks.length ? masks[0].el : null);
    const cr = content.getBoundingClientRect();
    const marks = [];
    const consider = (el) => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.width > 200 || r.height > 90) return;
      const cs = getComputedStyle(el);
      const text = clean(el.innerText || el.textContent);
      const pseudo = [getComputedStyle(el, "::before").content, getComputedStyle(el, "::after").content]
        .filter((v) => v && v !== "none" && v !== "normal").map((v) => v.replace(/^"|"$/g, "")).join("");
      const label = clean([el.getAttribute("aria-label"), el.getAttribute("title"), el.getAttribute("alt")].filter(Boolean).join(" "));
      const cls = ((el.getAttribute("class") || "") + " " + (el.id || "")).toLowerCase();
      const src = el.tagName === "IMG" ? (el.getAttribute("src") || "") : "";
      const signals = [];
      const glyph = /^[×✕✖✗xX╳⨯╳☓]$/;
      if (glyph.test(text)) signals.push("glyph_text");
      if (glyph.test(clean(pseudo))) signals.push("glyph_pseudo");
      if (/关闭|關閉|close|跳过|不再显示|dismiss/i.test(text) && text.length <= 8) signals.push("close_text");
      if (/关闭|close|dismiss/i.test(label)) signals.push("close_label");
      if (/(^|[^a-z])(close|closed|guanbi|dismiss|shut)([^a-z]|$)|btn-x|icon-x|(^|[-_ ])x([-_ ]|$)/.test(cls)) signals.push("close_class");
      if (/close|guanbi|关闭|x\.(svg|png)/i.test(src)) signals.push("close_image");
      if ((el.tagName === "svg" || el.tagName === "SVG") && r.width <= 48 && r.height <= 48) signals.push("small_svg");
      // An × drawn by two rotated bars in ::before/::after (content: '').
      const bars = ["::before", "::after"].map((p) => getComputedStyle(el, p)).filter((p) => p.content !== "none" && p.content !== "normal" && p.transform && p.transform !== "none");
      if (bars.length === 2 && bars.every((p) => { const m = p.transform.match(/matrix\(([^,]+),\s*([^,]+)/); return m && Math.abs(Math.abs(Number(m[1])) - 0.7071) < 0.08 && Math.abs(Math.abs(Number(m[2])) - 0.7071) < 0.08; })) signals.push("drawn_x");
      const countdown = /\d+\s*(秒|s\b|S\b)/.test(text);
      if (countdown) signals.push("countdown");
      if (!signals.length) return;
      const ccs = getComputedStyle(el);
      marks.push({
        tag: el.tagName.toLowerCase(), text: text.slice(0, 40), pseudo: clean(pseudo).slice(0, 10), label: label.slice(0, 60),
        box: describe(r), signals, countdown,
        in_viewport: r.left >= 0 && r.top >= 0 && r.right <= vw && r.bottom <= vh,
        shown: shown(el), opacity: Number(ccs.opacity), color: ccs.color, font_size: parseFloat(ccs.fontSize),
        cursor: ccs.cursor, shown_ms: shownAt(el),
        center_hit: (() => { const h = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!h && (h === el || el.contains(h) || h.contains(el)); })(),
      });
    };
    for (const el of [scope, ...scope.querySelectorAll("*")]) { if (marks.length < 30) consider(el); }
    const links = Array.from(content.querySelectorAll("a[href]")).slice(0, 20).map((a) => ({ href: a.href, text: clean(a.innerText).slice(0, 80) }));
    if (content.closest("a[href]")) links.push({ href: content.closest("a[href]").href, text: "" });
    overlays.push({
      box: describe(c.r), content_box: describe(cr), cover: Math.round(c.cover * 1000) / 1000, position: c.cs.position,
      z: z(c.el), shown_ms: shownAt(content), text: clean(content.innerText).slice(0, 400),
      images: Array.from(content.querySelectorAll("img")).slice(0, 10).map((i) => ({ src: i.currentSrc || i.src, alt: i.alt || "" })),
      iframes: Array.from(content.querySelectorAll("iframe")).map((f) => f.src).slice(0, 5),
      links, has_mask: !!mask, marks,
      tag: c.el.tagName.toLowerCase(), attrs: Array.from(c.el.attributes).filter((a) => /^(id|class|role|aria-.*|data-.*)$/.test(a.name)).map((a) => [a.name, a.value.slice(0, 100)]),
    });
  }
  return overlays;
}
