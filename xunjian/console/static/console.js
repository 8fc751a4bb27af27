// Served from /static so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // 取证中: poll the API until the capture is done, then show its detail page.
  const poll = document.querySelector("[data-poll]");
  if (poll) {
    const status = document.getElementById("status");
    const tick = async () => {
      try {
        const r = await fetch(poll.dataset.poll, {credentials: "same-origin"});
        if (r.ok) {
          const line = await r.json();
          if (line.status !== "pending" && line.status !== "running") { location.reload(); return; }
          status.textContent = line.status === "pending" ? "排队中" : "正在取证";
        }
      } catch (e) { /* keep polling */ }
      setTimeout(tick, 1000);
    };
    setTimeout(tick, 1000);
  }
  // The annotated screenshot: click to switch between fit-to-width and full size.
  for (const img of document.querySelectorAll("img.zoomable")) {
    img.addEventListener("click", () => img.classList.toggle("full"));
  }
  // 排除 needs a reason: ask for it before posting an empty one.
  for (const form of document.querySelectorAll("form.review")) {
    form.addEventListener("submit", (ev) => {
      const reason = form.querySelector("input[name=reason]");
      if (ev.submitter && ev.submitter.value === "dismissed" && !reason.value.trim()) {
        const given = prompt("请填写排除理由：");
        if (!given || !given.trim()) { ev.preventDefault(); return; }
        reason.value = given.trim();
      }
    });
  }
});
