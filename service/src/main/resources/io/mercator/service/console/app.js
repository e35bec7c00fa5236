// Mercator's operations console: one page, no framework. Every call goes to the admin API with the
// key the person signed in with, kept in this tab's sessionStorage (never in a URL).

const KEY = "mercator.adminKey";
const page = document.getElementById("page");

function key() {
  return sessionStorage.getItem(KEY);
}

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { "Authorization": "Bearer " + key(), "Content-Type": "application/json", ...(options.headers || {}) },
  });
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = { error: text };
  }
  if (res.status === 401) {
    signOut();
  }
  return { status: res.status, body };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function num(v, digits = 4) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
}

function show(...nodes) {
  page.replaceChildren(...nodes);
}

function errorLine(message) {
  return el("p", { class: "error", role: "alert", text: message });
}

// ---- sign in -----------------------------------------------------------------------------

document.getElementById("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = document.getElementById("key");
  sessionStorage.setItem(KEY, input.value);
  const probe = await api("/admin/audit?limit=1");
  if (probe.status === 200) {
    input.value = "";
    document.getElementById("login-error").textContent = "";
    route();
  } else {
    sessionStorage.removeItem(KEY);
    document.getElementById("login-error").textContent = (probe.body && probe.body.error) || "the key was refused";
  }
});

document.getElementById("sign-out").addEventListener("click", signOut);

function signOut() {
  sessionStorage.removeItem(KEY);
  stopPolling();
  route();
}

// ---- routing ------------------------------------------------------------------------------

const pages = { preview: previewPage, operations: operationsPage, moderation: moderationPage, models: modelsPage,
  releases: releasesPage, overrides: overridesPage };

function route() {
  const signedIn = !!key();
  document.getElementById("login").hidden = signedIn;
  document.getElementById("nav").hidden = !signedIn;
  if (!signedIn) {
    show();
    document.getElementById("key").focus();
    return;
  }
  const name = (location.hash.replace(/^#\//, "") || "preview").split("?")[0];
  for (const a of document.querySelectorAll("nav a")) {
    a.toggleAttribute("aria-current", a.getAttribute("href") === "#/" + name);
    if (a.getAttribute("href") === "#/" + name) a.setAttribute("aria-current", "page");
  }
  stopPolling();
  (pages[name] || previewPage)();
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);

// ---- feed preview ---------------------------------------------------------------------------

function previewPage() {
  const form = el("form", { id: "preview-form", "aria-label": "Preview a buyer's feed or search" },
    el("label", {}, "Surface", el("select", { name: "surface", id: "surface" },
      el("option", { value: "feed", text: "feed" }), el("option", { value: "search", text: "search" }))),
    el("label", {}, "User", el("input", { name: "user_id", id: "user_id", value: "user-00042" })),
    el("label", {}, "Latitude", el("input", { name: "lat", id: "lat", value: "13.75", inputmode: "decimal" })),
    el("label", {}, "Longitude", el("input", { name: "lon", id: "lon", value: "100.50", inputmode: "decimal" })),
    el("label", {}, "Query (search)", el("input", { name: "q", id: "q", placeholder: "iphone" })),
    el("button", { type: "submit", id: "preview-go" }, "Show"));
  const out = el("div", { id: "preview-result" });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) p.set(k, v);
    p.set("limit", "20");
    const res = await api("/admin/preview?" + p.toString());
    out.replaceChildren(res.status === 200 ? renderRanked(res.body) : errorLine(res.body.error));
  });
  show(el("h2", { text: "Feed preview" }),
    el("p", { class: "hint", text: "What this buyer is served, with each item's scores and why; nothing is written "
      + "back (no impressions)." }), form, out);
}

function renderRanked(r) {
  const explained = new Map((r.explanations || []).map((x) => [x.listing_id, x]));
  const head = el("p", {}, "model ", el("code", { text: r.model_version }), " · ",
    r.degraded.length ? r.degraded.map((d) => el("span", { class: "badge degraded", text: "degraded: " + d }))
      : el("span", { class: "muted", text: "nothing degraded" }));
  const rows = r.items.map((i) => el("tr", { "data-listing": i.listing_id },
    el("td", { text: i.position }),
    el("td", {}, i.title, i.sponsored ? el("span", { class: "badge sponsored", text: "sponsored" }) : null),
    el("td", { text: i.price.toLocaleString() + " ฿" }),
    el("td", { text: i.distance_km === null ? "–" : i.distance_km + " km" }),
    el("td", { text: num(i.pctr) }), el("td", { text: num(i.pcvr) }), el("td", { text: num(i.score) })));
  const table = el("table", { id: "preview-items" },
    el("thead", {}, el("tr", {}, ["#", "Listing", "Price", "Distance", "pCTR", "pCVR", "Score"]
      .map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, rows));
  const details = r.items.filter((i) => explained.has(i.listing_id)).map((i) => explanation(i, explained.get(i.listing_id)));
  return el("div", {}, head, table, el("h3", { text: "Why, for the top items" }), el("div", { class: "grid" }, details));
}

function explanation(item, x) {
  const entries = Object.entries(x.pctr_shap).filter(([f]) => f !== "bias").sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const scale = Math.max(1e-9, ...entries.map(([, v]) => Math.abs(v)));
  const bars = el("div", { class: "shap", role: "list", "aria-label": "SHAP contributions to pCTR of " + item.title },
    entries.slice(0, 12).map(([f, v]) => [
      el("span", { text: f }),
      el("span", { class: "axis", role: "listitem", "aria-label": f + " " + v.toFixed(4) },
        el("span", { class: "bar " + (v >= 0 ? "up" : "down"), "data-feature": f, "data-value": String(v),
          style: "width:" + (50 * Math.abs(v) / scale).toFixed(2) + "%" })),
      el("span", { text: v.toFixed(4) })]));
  const t = x.seller_trust;
  const trust = t ? el("p", { class: "muted" }, "seller trust " + num(t.score, 3) + " = base " + num(t.base, 2)
    + " + verified " + num(t.verified, 2) + " + account age " + num(t.account_age, 2) + " + orders "
    + num(t.orders, 2) + " − reports " + num(Math.abs(t.reports), 2) + (t.banned ? " (banned)" : "")) : null;
  return el("div", { class: "card explanation", "data-listing": item.listing_id },
    el("h4", { text: item.position + ". " + item.title }),
    el("p", { class: "muted", text: "pCTR " + num(item.pctr) + " · pCVR " + num(item.pcvr) + " · score " + num(item.score) }),
    bars, trust);
}

// ---- operations -------------------------------------------------------------------------------

let poll = null;
function stopPolling() {
  if (poll) clearInterval(poll);
  poll = null;
}

function operationsPage() {
  const charts = el("div", { class: "grid", id: "charts" });
  show(el("h2", { text: "Operations" }),
    el("p", { class: "hint", text: "The last hour, a sample every 5 s, drawn from the service's own meters." }), charts);
  let samples = [];
  const draw = async () => {
    const since = samples.length ? Date.parse(samples[samples.length - 1].at) : 0;
    const res = await api("/admin/ops?since=" + since);
    if (res.status !== 200) {
      charts.replaceChildren(errorLine(res.body.error));
      return;
    }
    samples = samples.concat(res.body.samples).slice(-720);
    if (samples.length) render(charts, samples);
  };
  draw();
  poll = setInterval(draw, 5000);
}

function series(samples, pick) {
  return samples.map((s) => {
    const v = pick(s);
    return v === null || v === undefined ? null : v;
  });
}

function chart(container, id, title, samples, lines, extra = {}) {
  const xs = samples.map((s) => Date.parse(s.at) / 1000);
  const data = [xs, ...lines.map((l) => series(samples, l.pick))];
  const palette = ["#0b63ce", "#e07a00", "#137333", "#b3261e", "#6a3d9a", "#00838f", "#795548", "#c2185b"];
  const opts = {
    title, width: 540, height: 220, id,
    series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: palette[i % palette.length], spanGaps: true }))],
    axes: [{}, { size: 60 }], ...extra,
  };
  const card = el("figure", { class: "card", id, "aria-label": title });
  container.append(card);
  if (window.uPlot) new uPlot(opts, data, card);
}

function render(container, samples) {
  container.replaceChildren();
  const last = samples[samples.length - 1];
  const endpoints = Object.keys(last.endpoints);
  const components = Object.keys(last.components);
  const stat = (path, k) => (s) => s.endpoints[path] ? s.endpoints[path][k] : null;
  chart(container, "chart-latency", "Latency by endpoint, ms (p50 / p95 / p99)", samples,
    ["/feed", "/search"].flatMap((p) => ["p50", "p95", "p99"].map((q) => ({ label: p + " " + q, pick: stat(p, q) }))));
  chart(container, "chart-throughput", "Requests per second", samples,
    endpoints.map((p) => ({ label: p, pick: stat(p, "rps") })));
  chart(container, "chart-errors", "Error rate (5xx share)", samples,
    endpoints.map((p) => ({ label: p, pick: stat(p, "error_rate") })));
  chart(container, "chart-components", "Pipeline components, p99 ms", samples,
    components.map((c) => ({ label: c, pick: (s) => s.components[c] ? s.components[c].p99 : null })));
  chart(container, "chart-fallbacks", "Fallback rate by component (alert at 10%)", samples,
    components.map((c) => ({ label: c, pick: (s) => s.components[c] ? s.components[c].fallback_rate : null })));
  chart(container, "chart-lag", "Projection lag, events", samples,
    Object.keys(last.lag).map((p) => ({ label: p, pick: (s) => s.lag[p] })));
  const features = Object.keys(last.psi);
  chart(container, "chart-psi", "PSI by feature (retrain above 0.2)", samples,
    [{ label: "0.2", pick: () => 0.2 }].concat(features.map((f) => ({ label: f, pick: (s) => s.psi[f] }))));
  const versions = Object.keys(last.models);
  chart(container, "chart-models", "CTR and CVR by model version", samples,
    versions.flatMap((v) => [{ label: v + " CTR", pick: (s) => s.models[v] ? s.models[v].ctr : null },
      { label: v + " CVR", pick: (s) => s.models[v] ? s.models[v].cvr : null }]));
}

// ---- moderation -----------------------------------------------------------------------------

const QUEUE_PAGE = 50;

async function moderationPage() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const kind = params.get("kind") || "";
  const pageNo = Math.max(0, parseInt(params.get("page") || "0", 10) || 0);
  const res = await api("/admin/moderation/queue?state=pending&size=" + QUEUE_PAGE + "&page=" + pageNo
    + (kind ? "&kind=" + encodeURIComponent(kind) : ""));
  if (res.status !== 200) {
    show(el("h2", { text: "Moderation" }), errorLine(res.body.error));
    return;
  }
  const q = res.body;
  const kinds = el("p", {}, "Pending by kind: ", Object.entries(q.pending_by_kind).map(([k, n]) =>
    el("a", { href: "#/moderation?kind=" + k, class: "badge" }, k + " " + n)), " ",
    el("a", { href: "#/moderation", text: "all" }));
  const rows = q.items.map((i) => el("tr", { "data-item": i.id },
    el("td", { text: new Date(i.opened_at).toLocaleString() }),
    el("td", {}, el("button", { type: "button", class: "secondary open-item", "data-item": i.id,
      onclick: () => openItem(i.id) }, i.title || i.listing_id)),
    el("td", { text: i.kinds.join(", ") }), el("td", { text: num(i.risk, 2) })));
  const detail = el("div", { id: "item-detail" });
  const link = (n) => "#/moderation?" + new URLSearchParams({ ...(kind ? { kind } : {}), page: String(n) });
  const pages = Math.max(1, Math.ceil(q.total / QUEUE_PAGE));
  const pager = el("nav", { "aria-label": "Queue pages", class: "pager" },
    pageNo > 0 ? el("a", { href: link(pageNo - 1), id: "newer-page" }, "← Older") : null, " ",
    el("span", { text: "page " + (pageNo + 1) + " of " + pages }), " ",
    pageNo + 1 < pages ? el("a", { href: link(pageNo + 1), id: "next-page" }, "Newer →") : null);
  show(el("h2", { text: "Moderation" }), kinds,
    el("p", { class: "hint", text: q.total + " pending" + (kind ? " of kind " + kind : "") + ", oldest first." }), pager,
    el("table", { id: "queue" }, el("thead", {}, el("tr", {}, ["Opened", "Listing", "Kinds", "Risk"]
      .map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, rows)), detail);
}

function highlight(text, findings) {
  if (!text || !findings.length) return [text || ""];
  const spans = findings.filter((f) => Number.isInteger(f.start) && Number.isInteger(f.end))
    .sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const f of spans) {
    if (f.start < at || f.end > text.length) continue;
    out.push(text.slice(at, f.start), el("mark", { title: f.type || f.kind || "" }, text.slice(f.start, f.end)));
    at = f.end;
  }
  out.push(text.slice(at));
  return out;
}

async function openItem(id) {
  const res = await api("/admin/moderation/items/" + encodeURIComponent(id));
  const box = document.getElementById("item-detail");
  if (res.status !== 200) {
    box.replaceChildren(errorLine(res.body.error));
    return;
  }
  const item = res.body;
  const listing = item.listing || {};
  const findings = item.flags.flatMap((f) => (f.evidence && f.evidence.findings) || []);
  const inTitle = findings.filter((f) => f.field === "title");
  const inText = findings.filter((f) => f.field !== "title");
  const flags = item.flags.map((f) => el("li", {}, el("strong", { text: f.kind }), " · " + f.source + " · risk "
    + num(f.risk, 2) + (f.reason ? " · " + f.reason : ""),
    f.evidence && f.evidence.signals ? el("ul", {}, Object.entries(f.evidence.signals)
      .map(([s, v]) => el("li", { text: s + ": " + num(v, 2) }))) : null));
  const reason = el("textarea", { id: "decision-reason", rows: 2, cols: 50, required: true,
    "aria-label": "Reason for the decision" });
  const said = el("p", { class: "error", role: "alert", id: "decision-error" });
  const decide = (decision) => async () => {
    if (!reason.value.trim()) {
      said.textContent = "a decision needs a reason";
      reason.focus();
      return;
    }
    const r = await api("/admin/moderation/items/" + encodeURIComponent(id) + "/decision",
      { method: "POST", body: JSON.stringify({ decision, reason: reason.value }) });
    if (r.status === 200) {
      moderationPage();
    } else {
      said.textContent = r.body.error;
    }
  };
  box.replaceChildren(el("div", { class: "card", id: "item-card", "aria-label": "Item " + id },
    el("h3", {}, highlight(listing.title || item.listing_id, inTitle)),
    el("p", { class: "muted", text: [listing.category, listing.price ? listing.price + " ฿" : null, listing.province,
      "seller " + (listing.seller_id || "?")].filter(Boolean).join(" · ") }),
    listing.seller ? el("p", { class: "muted", text: "seller: verified " + listing.seller.verified + ", reports "
      + listing.seller.reports }) : null,
    el("p", {}, highlight(listing.description || "", inText)),
    el("h4", { text: "Flags" }), el("ul", {}, flags),
    el("label", {}, "Reason", reason),
    el("p", {},
      el("button", { type: "button", id: "approve", onclick: decide("approve") }, "Approve"), " ",
      el("button", { type: "button", class: "danger", id: "remove", onclick: decide("remove") }, "Remove listing"), " ",
      el("button", { type: "button", class: "danger", id: "ban-seller", onclick: decide("ban_seller") }, "Ban seller")),
    said));
  reason.focus();
}

// ---- models ---------------------------------------------------------------------------------

async function modelsPage() {
  const [models, canary] = await Promise.all([api("/admin/models"), api("/admin/canary")]);
  if (models.status !== 200) {
    show(el("h2", { text: "Models" }), errorLine(models.body.error));
    return;
  }
  const said = el("p", { class: "error", role: "alert", id: "models-error" });
  const act = (path, question) => async () => {
    if (!window.confirm(question)) return;
    const r = await api(path, { method: "POST", body: JSON.stringify({ reason: "from the operations console" }) });
    if (r.status === 200) modelsPage();
    else said.textContent = r.body.error;
  };
  const rows = models.body.models.map((m) => {
    const e = m.evaluation;
    return el("tr", { "data-version": m.version, "data-stage": m.stage },
      el("td", {}, el("code", { text: m.version })), el("td", { text: m.stage }),
      el("td", { text: m.registered_at || "–" }),
      el("td", { text: num(m.metrics && m.metrics.pctr ? m.metrics.pctr.validation_auc : null) }),
      el("td", { text: e ? num(e.ndcg.model) + " (production " + num(e.ndcg.production) + ")" : "–" }),
      el("td", {}, m.stage === "staging" ? el("button", { type: "button", class: "promote", "data-version": m.version,
        onclick: act("/admin/models/" + encodeURIComponent(m.version) + "/promote",
          "Promote " + m.version + " to production?") }, "Promote") : null));
  });
  const c = canary.status === 200 ? canary.body : null;
  show(el("h2", { text: "Models" }),
    c ? el("div", { class: "card", id: "canary" },
      el("p", {}, "Production ", el("code", { text: c.production || "none" }), " · canary ",
        el("code", { text: c.canary || "none" }), " at " + c.percent + "% of buyers"),
      c.verdict ? el("p", { class: "muted", text: "canary check: " + c.verdict.decision }) : null) : null,
    el("table", { id: "models" }, el("thead", {}, el("tr", {}, ["Version", "Stage", "Registered", "pCTR AUC",
      "NDCG@20 held out", ""].map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, rows)),
    el("p", {}, el("button", { type: "button", class: "danger", id: "rollback",
      onclick: act("/admin/models/rollback", "Roll production back to the previous version?") }, "Roll back production")),
    said);
}

// ---- releases -------------------------------------------------------------------------------

async function releasesPage() {
  const res = await api("/admin/releases");
  if (res.status !== 200) {
    show(el("h2", { text: "Releases" }), errorLine(res.body.error));
    return;
  }
  const said = el("p", { class: "error", role: "alert", id: "releases-error" });
  const post = (kind, step, body, question) => async () => {
    if (question && !window.confirm(question)) return;
    const r = await api("/admin/releases/" + kind + "/" + step, { method: "POST",
      body: JSON.stringify({ reason: "from the operations console", ...body }) });
    if (r.status === 200) releasesPage();
    else said.textContent = r.body.error;
  };
  const cards = res.body.releases.map((r) => {
    if (r.error) {
      // its controls run in a deployment of their own that cannot be reached now
      return el("div", { class: "card release", "data-kind": r.kind, "data-mode": "unreachable" },
        el("h3", { text: r.kind }), errorLine(r.error));
    }
    const others = r.versions.filter((v) => v !== r.live);
    const pick = el("select", { class: "candidate", "aria-label": "Candidate version of " + r.kind },
      others.map((v) => el("option", { value: v, text: v })));
    const controls = [];
    if (r.mode === "none" && others.length === 0) {
      controls.push(el("p", { class: "muted", text: "No other registered version to release." }));
    } else if (r.mode === "none") {
      controls.push(el("label", {}, "Candidate ", pick),
        el("button", { type: "button", class: "shadow",
          onclick: () => post(r.kind, "shadow", { version: pick.value })() }, "Start shadow"),
        el("button", { type: "button", class: "blue-green",
          onclick: () => post(r.kind, "blue-green", { version: pick.value })() }, "Start blue-green"));
    } else {
      if (r.mode === "blue_green") {
        controls.push(r.live === r.champion
          ? el("button", { type: "button", class: "switch", onclick: post(r.kind, "switch", {},
            "Serve " + r.candidate + " (green) to everyone now?") }, "Switch to green")
          : el("button", { type: "button", class: "danger switch-back", onclick: post(r.kind, "switch-back", {},
            "Serve " + r.champion + " (blue) to everyone again?") }, "Switch back to blue"));
      }
      controls.push(el("button", { type: "button", class: "secondary end", onclick: post(r.kind, "end", {},
        "End the " + r.mode.replace("_", "-") + " release? " + r.live + " stays live.") }, "End release"));
    }
    const sh = r.shadow;
    const shadow = sh ? el("dl", { class: "shadow-figures" },
      el("dt", { text: "Requests compared" }), el("dd", { class: "compared", text: String(sh.compared) }),
      el("dt", { text: "Skipped (shadow busy)" }), el("dd", { text: String(sh.skipped) }),
      el("dt", { text: "Rank correlation, mean (p10)" }),
      el("dd", { class: "rho", text: num(sh.rank_correlation.mean, 3) + " (" + num(sh.rank_correlation.p10, 3) + ")" }),
      el("dt", { text: "Same first item" }), el("dd", { text: num(sh.rank_correlation.top_agreement, 3) }),
      el("dt", { text: "Mean score, champion → candidate" }),
      el("dd", { text: num(sh.score_drift.champion_mean) + " → " + num(sh.score_drift.candidate_mean) }),
      el("dt", { text: "KS D (p)" }),
      el("dd", { text: num(sh.score_drift.ks_statistic, 3) + " (" + num(sh.score_drift.ks_p_value, 4) + ")" })) : null;
    return el("div", { class: "card release", "data-kind": r.kind, "data-mode": r.mode, "data-live": r.live || "" },
      el("h3", { text: r.kind }),
      el("p", {}, "Mode ", el("strong", { class: "mode", text: r.mode.replace("_", "-") }), " · live ",
        el("code", { class: "live", text: r.live || "none" }),
        r.candidate ? [" · candidate ", el("code", { text: r.candidate })] : null,
        r.extra && r.extra.canary ? [" · canary ", el("code", { text: r.extra.canary }), " at " + r.extra.canary_percent + "%"] : null),
      el("div", { class: "controls" }, controls), shadow);
  });
  show(el("h2", { text: "Releases" }),
    el("p", { class: "hint", text: "Shadow: the candidate scores beside the live model and is never served. "
      + "Blue-green: the candidate is loaded beside the live model; a switch serves it to everyone at once, and "
      + "the switch back is as quick. Every step is written to the event log." }),
    el("div", { id: "releases", class: "grid" }, cards), said);
  // a running shadow's figures move: refresh them while the page is open
  if (res.body.releases.some((r) => r.mode === "shadow")) {
    poll = setTimeout(() => { if (location.hash === "#/releases") releasesPage(); }, 5000);
  }
}

// ---- overrides --------------------------------------------------------------------------------

async function overridesPage() {
  const res = await api("/admin/overrides");
  if (res.status !== 200) {
    show(el("h2", { text: "Overrides" }), errorLine(res.body.error));
    return;
  }
  const said = el("p", { class: "error", role: "alert", id: "overrides-error" });
  const post = async (path, body) => {
    const r = await api(path, { method: "POST", body: JSON.stringify(body) });
    if (r.status === 200) overridesPage();
    else said.textContent = r.body.error;
  };
  const rows = res.body.overrides.map((o) => el("tr", {},
    el("td", { text: o.action }), el("td", { text: o.target }), el("td", { text: o.reason || "" }),
    el("td", { text: o.actor || "" }), el("td", { text: o.since }),
    el("td", {}, el("button", { type: "button", class: "secondary lift", "data-action": o.action,
      "data-target": o.target, "aria-label": "Lift " + o.action + " on " + o.target, onclick: () => {
      const reason = window.prompt("Why lift it?");
      if (reason) post("/admin/overrides/lift", { action: o.action, target: o.target, reason });
    } }, "Lift"))));
  const form = el("form", { id: "override-form", "aria-label": "Set an override" },
    el("label", {}, "Action", el("select", { name: "action" },
      ["ban_category", "ban_seller", "force_boost_listing"].map((a) => el("option", { value: a, text: a })))),
    el("label", {}, "Target", el("input", { name: "target", required: true, placeholder: "category slug, seller or listing id" })),
    el("label", {}, "Reason", el("input", { name: "reason", required: true })),
    el("button", { type: "submit" }, "Set"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    post("/admin/overrides", Object.fromEntries(new FormData(form)));
  });
  show(el("h2", { text: "Overrides" }), form, said,
    el("table", { id: "overrides" }, el("thead", {}, el("tr", {}, ["Action", "Target", "Reason", "By", "Since", ""]
      .map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, rows)),
    el("p", { class: "hint", text: "Boost campaigns, with their spend and pacing, join this page with the auto-boost agent." }));
}
