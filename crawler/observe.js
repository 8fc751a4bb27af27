// Installed before any page script: remembers when elements were added or shown after the first parse, so the
// facts can tell an overlay that appeared two seconds after load from page furniture.
(() => {
  if (window.__xunjianAdded) return;
  const added = new WeakMap();
  Object.defineProperty(window, "__xunjianAdded", { value: added, enumerable: false });
  const start = () => {
    const obs = new MutationObserver((records) => {
      const now = performance.now();
      for (const r of records) {
        if (r.type === "childList") {
          for (const n of r.addedNodes) if (n.nodeType === 1 && !added.has(n)) added.set(n, now);
        } else if (r.target.nodeType === 1) {
          added.set(r.target, now);
        }
      }
    });
    obs.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["style", "class", "hidden", "open"] });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
