// Page facts: one pass over the rendered page, as a pruned render tree that checks can judge without a browser.
// Elements are recorded with their parent index (so containment is a walk up), their box in page coordinates,
// a style summary and the reasons a person could not see them. Text runs point at their element.
(opts) => {
  const MAX_ELEMENTS = opts.maxElements, MAX_TEXTS = opts.maxTexts;
  const t0 = performance.now();
  const sx = window.scrollX, sy = window.scrollY, vw = window.innerWidth, vh = window.innerHeight;
  const root = document.documentElement;
  const body = document.body;
  const pageW = Math.max(root.scrollWidth, body ? body.scrollWidth : 0, vw);
  const pageH = Math.max(root.scrollHeight, body ? body.scrollHeight : 0, vh);
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "META", "LINK", "TITLE"]);
  const added = window.__xunjianAdded || new WeakMap();

  const r1 = (v) => Math.round(v * 10) / 10;
  const boxOf = (r, fixed) => fixed ? [r1(r.left), r1(r.top), r1(r.width), r1(r.height)]
                                    : [r1(r.left + sx), r1(r.top + sy), r1(r.width), r1(r.height)];
  const rgba = (s) => {
    const m = s && s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();

  // Selectors that show something only under :hover, with :hover removed: a hidden element matching one
  // becomes visible only when the pointer is over it.
  const hoverSelectors = [];
  const walkRules = (rules) => {
    for (const rule of rules) {
      if (rule.cssRules && !rule.selectorText) { try { walkRules(rule.cssRules); } catch (e) {} continue; }
      const sel = rule.selectorText;
      if (!sel || sel.indexOf(":hover") < 0) continue;
      const st = rule.style;
      if (!st) continue;
      const shows = (st.display && st.display !== "none") || st.visibility === "visible" ||
                    (st.opacity && Number(st.opacity) > 0.1) || st.clip || st.clipPath || st.left || st.top;
      if (!shows) continue;
      for (const part of sel.split(",")) {
        if (part.indexOf(":hover") < 0) continue;
        const plain = part.replace(/:hover/g, "").trim();
        if (plain) hoverSelectors.push(plain);
      }
    }
  };
  for (const sheet of document.styleSheets) { try { walkRules(sheet.cssRules); } catch (e) {} }
  const hoverOnly = (el) => {
    for (const s of hoverSelectors) { try { if (el.matches(s)) return true; } catch (e) {} }
    return false;
  };

  const elements = [];
  const indexOf = new Map();
  let truncated = false;
  const ATTRS = /^(id|class|role|href|src|alt|title|target|name|type|rel|onclick|aria-.*|data-.*)$/;

  function register(el) {
    if (indexOf.has(el)) return indexOf.get(el);
    const host = el.parentElement || (el.parentNode && el.parentNode.host) || null;
    const parent = host ? register(host) : -1;
    if (elements.length >= MAX_ELEMENTS) { truncated = true; return parent; }
    const cs = getComputedStyle(el);
    const fixed = cs.position === "fixed";
    const rect = el.getBoundingClientRect();
    const p = parent >= 0 ? elements[parent] : null;
    const attrs = {};
    for (const a of el.attributes) {
      if (ATTRS.test(a.name)) attrs[a.name] = a.value.length > 500 ? a.value.slice(0, 500) : a.value;
    }
    const opacity = (p ? p._opacity : 1) * Number(cs.opacity);
    const hidden = [];
    if (p) for (const h of p.hidden) if (h !== "zero_size" && h !== "hover_only" && h !== "offscreen") hidden.push(h);
    if (cs.display === "none" && !hidden.includes("display")) hidden.push("display");
    if (cs.visibility !== "visible" && !hidden.includes("visibility")) hidden.push("visibility");
    if (opacity < 0.05 && !hidden.includes("opacity")) hidden.push("opacity");
    const box = boxOf(rect, fixed || (p && p._fixed));
    const isFixed = fixed || (p ? p._fixed : false);
    // Clipping by ancestors that hide overflow, and by clip/clip-path on the element itself.
    let clipBox = p ? p._clip : null;
    if (cs.clipPath && cs.clipPath !== "none" && /inset\(\s*(50|100)%|circle\(\s*0|polygon\(\s*0(px)? 0(px)?\s*\)/.test(cs.clipPath)) {
      if (!hidden.includes("clip")) hidden.push("clip");
    }
    if (cs.clip && /rect\(\s*0(px)?,?\s+0(px)?,?\s+0(px)?,?\s+0(px)?\s*\)/.test(cs.clip) && !hidden.includes("clip")) hidden.push("clip");
    if (clipBox && cs.position !== "fixed" && box[2] > 0 && box[3] > 0) {
      const ix = Math.min(box[0] + box[2], clipBox[0] + clipBox[2]) - Math.max(box[0], clipBox[0]);
      const iy = Math.min(box[1] + box[3], clipBox[1] + clipBox[3]) - Math.max(box[1], clipBox[1]);
      if ((ix <= 1 || iy <= 1) && !hidden.includes("clip")) hidden.push("clip");
    }
    if (cs.overflow !== "visible" && cs.display !== "contents" && el !== root && el !== body) {
      clipBox = clipBox ? [Math.max(box[0], clipBox[0]), Math.max(box[1], clipBox[1]),
                           Math.min(box[0] + box[2], clipBox[0] + clipBox[2]) - Math.max(box[0], clipBox[0]),
                           Math.min(box[1] + box[3], clipBox[1] + clipBox[3]) - Math.max(box[1], clipBox[1])] : box.slice();
    }
    if (cs.position === "fixed") clipBox = null;
    if (cs.display !== "none" && cs.display !== "contents" && (rect.width < 1 || rect.height < 1)) hidden.push("zero_size");
    if (rect.width >= 1 && rect.height >= 1) {
      const limW = isFixed ? vw : pageW, limH = isFixed ? vh : pageH;
      const bx = isFixed ? rect.left : box[0], by = isFixed ? rect.top : box[1];
      if (bx + rect.width <= 0 || by + rect.height <= 0 || bx >= limW || by >= limH) hidden.push("offscreen");
    }
    if (hidden.length && hoverSelectors.length && hoverOnly(el)) hidden.push("hover_only");
    const rec = {
      i: elements.length, tag: el.tagName.toLowerCase(), parent, attrs, box, hidden,
      style: {
        display: cs.display, visibility: cs.visibility, opacity: r1(opacity * 100) / 100, position: cs.position,
        z: cs.zIndex, color: rgba(cs.color), bg: rgba(cs.backgroundColor),
        bg_image: cs.backgroundImage !== "none" ? cs.backgroundImage.slice(0, 200) : null,
        font_size: parseFloat(cs.fontSize), font_weight: cs.fontWeight, cursor: cs.cursor,
        pointer_events: cs.pointerEvents, transform: cs.transform !== "none" ? cs.transform : null,
      },
      _opacity: opacity, _fixed: isFixed, _clip: clipBox,
    };
    if (added.has(el)) rec.appeared_ms = Math.round(added.get(el));
    if (el.shadowRoot) rec.shadow = true;
    elements.push(rec);
    indexOf.set(el, rec.i);
    return rec.i;
  }

  // Effective background: the first ancestor with a non-transparent colour (pixels are sampled later).
  const bgOf = (i) => {
    for (let k = i; k >= 0; k = elements[k].parent) {
      const e = elements[k];
      if (e.style.bg_image && e.style.bg_image !== "none") return { color: e.style.bg ? e.style.bg : null, image: true };
      if (e.style.bg && e.style.bg[3] > 0.5) return { color: e.style.bg, image: false };
    }
    return { color: [255, 255, 255, 1], image: false };
  };

  const texts = [];
  const addText = (text, el, box, source, extra) => {
    if (texts.length >= MAX_TEXTS) { truncated = true; return; }
    const i = register(el);
    if (i < 0) return;
    const e = elements[i];
    const bg = bgOf(i);
    const rec = Object.assign({
      text, el: i, box, source, font_size: e.style.font_size, font_weight: e.style.font_weight,
      color: e.style.color, bg: bg.color, bg_image: bg.image, hidden: e.hidden.slice(),
    }, extra || {});
    if (box[2] < 1 || box[3] < 1) { if (!rec.hidden.includes("zero_size")) rec.hidden.push("zero_size"); }
    if (e.style.color && e.style.color[3] < 0.05 && !rec.hidden.includes("transparent_text")) rec.hidden.push("transparent_text");
    texts.push(rec);
  };

  const links = [], images = [], iframes = [], controls = [], positioned = [];
  const range = document.createRange();
  const fixedEls = new WeakSet();

  function pseudo(el, which) {
    const ps = getComputedStyle(el, which);
    const c = ps.content;
    if (!c || c === "none" || c === "normal" || c === '""') return;
    const m = c.match(/^"(.*)"$/s);
    const text = m ? m[1].replace(/\\"/g, '"') : (/url\(/.test(c) ? "" : c);
    if (!clean(text) && ps.backgroundImage === "none") return;
    const i = register(el);
    if (i < 0) return;
    const e = elements[i];
    const fs = parseFloat(ps.fontSize);
    const pos = ps.position;
    // The pseudo box is not exposed; use the element box (absolute pseudo badges sit on it).
    addText(clean(text), el, e.box.slice(), which === "::before" ? "before" : "after", {
      font_size: fs, color: rgba(ps.color),
      pseudo: { position: pos, display: ps.display, visibility: ps.visibility, opacity: Number(ps.opacity),
                bg: rgba(ps.backgroundColor), bg_image: ps.backgroundImage !== "none", width: ps.width, height: ps.height },
    });
    const t = texts[texts.length - 1];
    if (t && t.el === i) {
      if (ps.display === "none") t.hidden.push("display");
      if (ps.visibility !== "visible") t.hidden.push("visibility");
      if (Number(ps.opacity) < 0.05) t.hidden.push("opacity");
      if (t.color && t.color[3] < 0.05) t.hidden.push("transparent_text");
    }
  }

  function visit(el) {
    if (SKIP.has(el.tagName)) return;
    const tag = el.tagName;
    const cs = getComputedStyle(el);
    const fixed = cs.position === "fixed" || fixedEls.has(el.parentElement);
    if (fixed) fixedEls.add(el);
    pseudo(el, "::before");
    pseudo(el, "::after");
    if (tag === "A" && el.href) {
      const i = register(el);
      if (i >= 0) links.push({ el: i, href: el.href, text: clean(el.innerText || el.textContent).slice(0, 300), target: el.target || null });
    } else if (tag === "IMG" || (tag === "INPUT" && el.type === "image")) {
      const i = register(el);
      if (i >= 0) {
        images.push({ el: i, src: el.currentSrc || el.src, alt: el.alt || null, title: el.title || null,
                      natural: [el.naturalWidth || 0, el.naturalHeight || 0], loaded: !!el.complete && el.naturalWidth > 0 });
        if (clean(el.alt)) addText(clean(el.alt), el, elements[i].box.slice(), "alt");
      }
    } else if (tag === "IFRAME" || tag === "FRAME" || tag === "EMBED" || tag === "OBJECT") {
      const i = register(el);
      if (i >= 0) {
        let cross = true;
        try { cross = !el.contentDocument; } catch (e) { cross = true; }
        iframes.push({ el: i, src: el.src || el.data || null, name: el.name || null, cross_origin: cross });
      }
    } else if (tag === "INPUT" || tag === "BUTTON" || tag === "SELECT" || tag === "TEXTAREA") {
      const i = register(el);
      if (i >= 0) {
        controls.push({ el: i, tag: tag.toLowerCase(), type: el.type || null, name: el.name || null });
        if (tag === "INPUT" && ["button", "submit", "reset"].includes(el.type) && clean(el.value)) addText(clean(el.value), el, elements[i].box.slice(), "value");
        if (clean(el.placeholder)) addText(clean(el.placeholder), el, elements[i].box.slice(), "placeholder");
      }
    } else if (tag === "svg" || tag === "SVG") {
      const t = el.querySelector("title");
      if (t && clean(t.textContent)) { const i = register(el); if (i >= 0) addText(clean(t.textContent), el, elements[i].box.slice(), "svg_title"); }
    }
    const aria = el.getAttribute("aria-label");
    if (aria && clean(aria)) { const i = register(el); if (i >= 0) addText(clean(aria), el, elements[i].box.slice(), "aria"); }
    const title = el.getAttribute("title");
    if (title && clean(title) && tag !== "IMG") { const i = register(el); if (i >= 0) addText(clean(title), el, elements[i].box.slice(), "title"); }
    if ((cs.position === "fixed" || cs.position === "absolute" || cs.position === "sticky") ) {
      const r = el.getBoundingClientRect();
      if (r.width * r.height >= 0.04 * vw * vh) positioned.push(el);
    }
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const text = clean(c.nodeValue);
        if (!text) continue;
        range.selectNodeContents(c);
        const rects = range.getClientRects();
        let box;
        if (rects.length) {
          let l = Infinity, t = Infinity, r = -Infinity, b = -Infinity;
          for (const q of rects) { if (q.width === 0 && q.height === 0) continue; l = Math.min(l, q.left); t = Math.min(t, q.top); r = Math.max(r, q.right); b = Math.max(b, q.bottom); }
          box = l === Infinity ? [0, 0, 0, 0] : boxOf({ left: l, top: t, width: r - l, height: b - t }, fixed);
        } else box = [0, 0, 0, 0];
        addText(text, el, box, "text");
      } else if (c.nodeType === 1) visit(c);
    }
    if (el.shadowRoot) for (let c = el.shadowRoot.firstElementChild; c; c = c.nextElementSibling) visit(c);
  }
  const tm = { hover: Math.round(performance.now() - t0) };
  if (body) visit(body);
  tm.walk = Math.round(performance.now() - t0);

  // Repeated item groups: siblings sharing tag and class (or, for hashed skins, the same shape) with content.
  const groups = [];
  const seenParents = new Set();
  const shape = (el) => el.tagName + "|" + Array.from(el.children).map((c) => c.tagName).join(",");
  const parents = new Set();
  for (const rec of elements) if (rec.parent >= 0) parents.add(rec.parent);
  const elOf = [];
  indexOf.forEach((i, el) => { elOf[i] = el; });
  for (const pi of parents) {
    if (groups.length >= 80) break;
    const pel = elOf[pi];
    if (!pel || seenParents.has(pel) || pel.children.length < 3) continue;
    seenParents.add(pel);
    const bySig = new Map();
    for (const c of pel.children) {
      if (SKIP.has(c.tagName)) continue;
      // Same tag and first class: "item" and "item ad-item" are one list; classless siblings group by shape.
      const first = (c.getAttribute("class") || "").trim().split(/\s+/)[0];
      const key = first ? c.tagName + "." + first : shape(c);
      if (!bySig.has(key)) bySig.set(key, []);
      bySig.get(key).push(c);
    }
    for (const [key, items] of bySig) {
      if (items.length < 3) continue;
      const withText = items.filter((c) => clean(c.textContent).length >= 2 || c.querySelector("img,iframe"));
      if (withText.length < 3) continue;
      const priced = items.filter((c) => /[¥￥]\s*\d|\d+\.\d{2}/.test(c.textContent)).length;
      const linked = items.filter((c) => c.tagName === "A" || c.querySelector("a[href]")).length;
      if (!priced && linked < 3) continue;
      groups.push({ parent: pi, signature: key.slice(0, 200), items: items.map(register).filter((i) => i >= 0), priced, linked });
    }
  }

  tm.groups = Math.round(performance.now() - t0);
  // Overlays: positioned elements covering a good part of the viewport, visible now.
  const overlays = [];
  for (const el of positioned) {
    const i = register(el);
    if (i < 0) continue;
    const e = elements[i];
    const r = el.getBoundingClientRect();
    const ix = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
    const iy = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
    const cover = (ix * iy) / (vw * vh);
    let appeared = e.appeared_ms;
    for (let k = e.parent; appeared === undefined && k >= 0; k = elements[k].parent) appeared = elements[k].appeared_ms;
    overlays.push({ el: i, cover: Math.round(cover * 1000) / 1000, position: e.style.position, z: e.style.z,
                    text: clean(el.innerText).slice(0, 500), appeared_ms: appeared === undefined ? null : appeared,
                    viewport_box: [r1(r.left), r1(r.top), r1(r.width), r1(r.height)] });
  }

  // Notices: leaf text blocks in the top part of the page, and marquee-like elements anywhere near it.
  const notices = [];
  const topLimit = Math.max(vh * 0.6, 450);
  const seenNotice = new Set();
  for (const t of texts) {
    if (t.box[1] > topLimit || t.source !== "text") continue;
    let k = t.el;
    while (k >= 0 && ["inline", "inline-block", "contents"].includes(elements[k].style.display) && elements[k].parent >= 0) k = elements[k].parent;
    if (seenNotice.has(k) || notices.length >= 60) continue;
    seenNotice.add(k);
    const el = elOf[k] || null;
    const text = el ? clean(el.innerText || el.textContent).slice(0, 1000) : t.text;
    if (text.length >= 6) notices.push({ el: k, text, box: elements[k].box });
  }

  tm.notices = Math.round(performance.now() - t0);
  for (const e of elements) { delete e._opacity; delete e._fixed; delete e._clip; }
  const metas = {};
  for (const m of document.querySelectorAll("meta[name],meta[property]")) metas[m.getAttribute("name") || m.getAttribute("property")] = (m.content || "").slice(0, 500);
  // A JSON string: playwright's structured serialisation of a large object graph takes many seconds.
  return JSON.stringify({
    title: document.title, lang: root.lang || null, charset: document.characterSet, ready_state: document.readyState,
    url: location.href, meta: metas,
    viewport: { width: vw, height: vh }, page: { width: pageW, height: pageH }, scroll: { x: sx, y: sy },
    node_count: document.getElementsByTagName("*").length,
    elements, texts, links, images, iframes, controls, groups, overlays, notices,
    hover_selectors: hoverSelectors.slice(0, 200),
    truncated, limits: { max_elements: MAX_ELEMENTS, max_texts: MAX_TEXTS },
    extract_ms: Math.round(performance.now() - t0), extract_marks: tm,
  });
}
