// The telephony-emulator dashboard: plain JavaScript over the control API and its event stream.
"use strict";

const API = "/_emulator";
const params = new URLSearchParams(location.search);
const state = {
  account: params.get("account") || "",
  accounts: [],
  calls: new Map(), // call_id -> the control API's call (with activity)
  timelines: new Map(), // call_id -> feed items, oldest first
  conferences: new Map(), // conference_id -> Map(call_id -> joined at)
  selected: null,
  lastSeq: 0,
  clock: null, // {time, rate, pending_timers, seenAt}
};
const $ = (id) => document.getElementById(id);

// -- the control API: every request goes through here, and so does every error ------------

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (method !== "GET") {
    // writes are always JSON: the control API may refuse anything else from a web page
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body || {});
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (error) {
    showError(`cannot reach the emulator: ${error.message}`);
    throw error;
  }
  const text = await response.text();
  const value = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = value && value.error ? value.error.message : `HTTP ${response.status}`;
    showError(message);
    throw new Error(message);
  }
  hideError();
  return value;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

function hideError() {
  $("error").hidden = true;
}

// swallow the rejection of an action: api() has shown it already
const act = (promise) => promise.catch(() => undefined);

// -- small DOM helpers ------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function highlightXml(text) {
  return escapeHtml(text).replace(/&lt;(\/?)([\w:.-]+)((?:\s+[\w:.-]+=&quot;[^&]*?&quot;)*)\s*(\/?)&gt;/g,
    (_, slash, name, attrs, selfClose) => {
      const shown = attrs.replace(/([\w:.-]+)=(&quot;[^&]*?&quot;)/g,
        '<span class="xml-attr">$1</span>=<span class="xml-value">$2</span>');
      return `<span class="xml-tag">&lt;${slash}${name}</span>${shown}` +
        `<span class="xml-tag">${selfClose}&gt;</span>`;
    });
}

function highlightJson(value) {
  return escapeHtml(JSON.stringify(value, null, 2))
    .replace(/(&quot;(?:[^&]|&(?!quot;))*?&quot;)(\s*:)?/g, (_, str, colon) =>
      colon ? `<span class="json-key">${str}</span>${colon}` : `<span class="json-string">${str}</span>`)
    .replace(/\b(true|false|null)\b/g, '<span class="json-literal">$1</span>');
}

function body(label, text, json) {
  if (!text) return null;
  const pre = el("pre", { class: "body" });
  if (json !== null && json !== undefined) pre.innerHTML = highlightJson(json);
  else if (text.trimStart().startsWith("<")) pre.innerHTML = highlightXml(text);
  else pre.textContent = text;
  return el("details", { open: true }, el("summary", {}, label), pre);
}

function virtualNow() {
  const clock = state.clock;
  if (!clock) return null;
  return clock.time + clock.rate * (performance.now() - clock.seenAt) / 1000;
}

function formatTime(seconds) {
  return new Date(seconds * 1000).toISOString().replace("T", " ").replace("Z", "");
}

function shortId(id) {
  return id.length > 18 ? id.slice(0, 14) + "…" : id;
}

// -- loading ----------------------------------------------------------------------------------

async function loadAccounts() {
  const list = await api("GET", "/accounts");
  state.accounts = await Promise.all(
    list.accounts.map((summary) => api("GET", `/accounts/${summary.account_id}`)));
  renderAccounts();
}

async function loadCalls() {
  const query = new URLSearchParams({ limit: "200" });
  if (state.account) query.set("account_id", state.account);
  const page = await api("GET", `/calls?${query}`);
  state.calls = new Map(page.calls.map((call) => [call.call_id, call]));
  renderCalls();
}

async function loadClock() {
  const clock = await api("GET", "/clock");
  state.clock = { ...clock, seenAt: performance.now() };
  renderClock();
}

async function loadFaxes() {
  const accounts = state.accounts.filter((a) => !state.account || a.account_id === state.account);
  const lists = await Promise.all(accounts.map((a) => api("GET", `/accounts/${a.account_id}/faxes`)));
  const faxes = lists.flatMap((list) => list.faxes);
  const ul = $("faxes");
  ul.replaceChildren(...(faxes.length ? faxes.map((fax) =>
    el("li", { "data-fax-id": fax.message_id },
      `${fax.message_id}: ${fax.status}, ${fax.page_count} page(s) to `,
      fax.recipients.map((r) => `${r.phone_number} (${r.status})`).join(", "))) :
    [el("li", { class: "empty" }, "none")]));
}

async function loadMessages() {
  const query = state.account ? `?account_id=${encodeURIComponent(state.account)}` : "";
  const list = await api("GET", `/messages${query}`);
  const ul = $("messages");
  const messages = list.messages.slice(-50).reverse(); // the newest first
  ul.replaceChildren(...(messages.length ? messages.map((m) =>
    el("li", { "data-message-id": m.message_id, "data-direction": m.direction },
      el("b", {}, m.direction), ` ${m.from} → ${m.to.join(", ")}: `,
      el("q", {}, m.text || (m.media.length ? `${m.media.length} media` : "")),
      " ", m.recipients.map((r) => `${r.number} ${r.status}${r.failure ? ` (${r.failure})` : ""}`)
        .join(", "))) :
    [el("li", { class: "empty" }, "none")]));
}

let messagesPending = false;
function refreshMessages() {
  if (messagesPending) return;
  messagesPending = true;
  setTimeout(() => { messagesPending = false; act(loadMessages()); }, 50);
}

// Refresh one call from the API after its events (coalesced: one request per call per tick).
const refreshing = new Set();
function refreshCall(callId) {
  const known = state.calls.get(callId);
  if (refreshing.has(callId) || (known && known.state === "disconnected")) return; // ended: final

  refreshing.add(callId);
  setTimeout(async () => {
    refreshing.delete(callId);
    try {
      const call = await api("GET", `/calls/${callId}`);
      if (!state.account || call.account_id === state.account) {
        state.calls.set(callId, call);
        renderCalls();
      }
    } catch (error) { /* shown by api() */ }
  }, 0);
}

let faxesPending = false;
function refreshFaxes() {
  if (faxesPending) return;
  faxesPending = true;
  setTimeout(() => { faxesPending = false; act(loadFaxes()); }, 50);
}

let clockPending = false;
function refreshClock() {
  if (clockPending) return;
  clockPending = true;
  setTimeout(() => { clockPending = false; act(loadClock()); }, 50);
}

// -- the live event stream -----------------------------------------------------------------

function connect() {
  const query = new URLSearchParams({ after: String(state.lastSeq) });
  if (state.account) query.set("account_id", state.account);
  const source = new EventSource(`${API}/events?${query}`);
  source.onopen = () => {
    $("connection").textContent = "live";
    $("connection").className = "connection live";
  };
  source.onerror = () => {
    $("connection").textContent = "reconnecting…";
    $("connection").className = "connection down";
  };
  source.onmessage = (message) => receive(JSON.parse(message.data));
}

function receive(item) {
  if (item.seq <= state.lastSeq) return; // a replay after reconnecting
  state.lastSeq = item.seq;
  if (item.kind === "reset") {
    state.calls.clear();
    state.timelines.clear();
    state.conferences.clear();
    state.selected = null;
    renderAll();
    act(loadAccounts().then(loadFaxes));
    act(loadMessages());
    refreshClock();
    return;
  }
  if (item.kind === "message") {
    refreshMessages();
    return;
  }
  if (item.kind === "clock") {
    state.clock = { ...item.data, seenAt: performance.now() };
    renderClock();
    return;
  }
  if (item.call_id) {
    const items = state.timelines.get(item.call_id) || [];
    items.push(item);
    state.timelines.set(item.call_id, items);
    if (item.call_id === state.selected) renderTimeline();
    if (item.kind === "call") refreshCall(item.call_id);
  }
  trackConference(item);
  if (item.type === "CallPlaced" || item.type === "CallEnded") refreshFaxes(); // fax legs are calls
  refreshClock();
}

function trackConference(item) {
  const id = item.data && item.data.conference_id;
  if (!id) return;
  if (item.type === "JoinedConference") {
    if (!state.conferences.has(id)) state.conferences.set(id, new Map());
    state.conferences.get(id).set(item.call_id, item.at);
  } else if (item.type === "LeftConference" && state.conferences.has(id)) {
    state.conferences.get(id).delete(item.call_id);
  } else if (item.type === "ConferenceCompleted") {
    state.conferences.delete(id);
  }
  renderConferences();
}

// -- rendering --------------------------------------------------------------------------------

function renderAll() {
  renderCalls();
  renderTimeline();
  renderConferences();
}

function ownedNumbers() {
  return state.accounts
    .filter((a) => !state.account || a.account_id === state.account)
    .flatMap((a) => a.numbers.map((n) => ({ account: a.account_id, number: n.number })));
}

function renderAccounts() {
  const filter = $("account-filter");
  filter.replaceChildren(el("option", { value: "" }, "all accounts"),
    ...state.accounts.map((a) => el("option", { value: a.account_id, selected: a.account_id === state.account },
      `${a.account_id} (${a.name})`)));
  $("accounts").replaceChildren(...state.accounts
    .filter((a) => !state.account || a.account_id === state.account)
    .map((a) => el("li", { "data-account-id": a.account_id },
      el("b", {}, a.account_id), ` ${a.name}: `, a.numbers.map((n) => n.number).join(", ") || "no numbers")));
  for (const id of ["inbound-to", "sms-to"]) {
    const select = $(id);
    const current = select.value;
    select.replaceChildren(...ownedNumbers().map((n) =>
      el("option", { value: n.number, selected: n.number === current }, `${n.number} (${n.account})`)));
  }
}

function activityText(call) {
  const activity = call.activity;
  if (!activity) return call.cause ? `ended: ${call.cause}` : "";
  const now = virtualNow();
  const since = Date.parse(activity.since) / 1000;
  const seconds = now === null ? activity.seconds : Math.max(0, now - since);
  let text = `${activity.what} ${seconds.toFixed(1)}s`;
  if (activity.step) {
    const stepSince = seconds - activity.seconds + activity.step_seconds;
    text += `, <${activity.step}> ${Math.max(0, stepSince).toFixed(1)}s`;
  }
  if (activity.doing) text += `, ${activity.doing}`;
  else if (activity.playing) text += ", playing";
  if (activity.bridge_id) text += ` [bridge ${activity.bridge_id}]`;
  if (activity.conference_id) text += ` [conference ${activity.conference_id}]`;
  return text;
}

function actionButtons(call) {
  if (call.state === "disconnected") return [];
  const button = (action, label) => el("button", {
    type: "button", "data-action": action,
    onclick: (event) => { event.stopPropagation(); act(drive(call.call_id, action)); },
  }, label);
  const buttons = [];
  if (call.ringing) buttons.push(button("answer", "Answer"), button("reject", "Reject"), button("busy", "Busy"));
  buttons.push(button("hangup", "Hang up"));
  if (call.state === "answered") {
    const input = el("input", { class: "digits", placeholder: "12#", "aria-label": "digits",
      onclick: (event) => event.stopPropagation(),
      onkeydown: (event) => {
        if (event.key === "Enter") input.nextElementSibling.click();
      } });
    buttons.push(input, el("button", {
      type: "button", "data-action": "digits",
      onclick: (event) => {
        event.stopPropagation();
        act(api("POST", `/calls/${call.call_id}/digits`, { digits: input.value }).then(updateCall));
      },
    }, "Press"));
  }
  return buttons;
}

let renderedRows = new Map();
function renderCalls() {
  const calls = [...state.calls.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) ||
    b.call_id.localeCompare(a.call_id));
  const tbody = $("calls").tBodies[0];
  // a digits box being typed in keeps its focus and caret when the rows are rebuilt
  const typing = document.activeElement && document.activeElement.matches("input.digits") ?
    { callId: document.activeElement.closest("tr").dataset.callId,
      caret: document.activeElement.selectionStart } : null;
  const rows = new Map();
  for (const call of calls) {
    const stateName = call.ringing ? "ringing" : call.state;
    const old = renderedRows.get(call.call_id);
    const keepInput = old && old.querySelector("input.digits");
    const row = el("tr", {
      "data-call-id": call.call_id, class: call.call_id === state.selected ? "selected" : "",
      onclick: () => select(call.call_id),
    },
    el("td", { title: call.call_id }, shortId(call.call_id)),
    el("td", { class: "surface" }, call.surface), el("td", { class: "direction" }, call.direction),
    el("td", { class: "from" }, call.from), el("td", { class: "to" }, call.to),
    el("td", { class: `state ${stateName}` }, stateName),
    el("td", { class: "activity" }, activityText(call)),
    el("td", { class: "actions" }, actionButtons(call)));
    const newInput = row.querySelector("input.digits");
    if (keepInput && newInput) newInput.value = keepInput.value;
    rows.set(call.call_id, row);
  }
  tbody.replaceChildren(...rows.values());
  renderedRows = rows;
  const input = typing && rows.has(typing.callId) && rows.get(typing.callId).querySelector("input.digits");
  if (input) {
    input.focus();
    input.setSelectionRange(typing.caret, typing.caret);
  }
  $("no-calls").hidden = calls.length > 0;
}

function renderTimeline() {
  const list = $("timeline");
  if (!state.selected) {
    $("timeline-call").textContent = "(select a call)";
    list.replaceChildren();
    return;
  }
  $("timeline-call").textContent = state.selected;
  const items = state.timelines.get(state.selected) || [];
  const start = items.length ? items[0].at : 0;
  list.replaceChildren(...items.map((item) => timelineEntry(item, start)));
}

function timelineEntry(item, start) {
  const at = el("span", { class: "at", title: item.time }, `+${Math.max(0, item.at - start).toFixed(3)}s`);
  if (item.kind !== "webhook") {
    const details = Object.entries(item.data).map(([k, v]) => `${k}=${v}`).join(" ");
    return el("li", { class: "event", "data-type": item.type, "data-seq": item.seq }, at,
      el("b", {}, item.type), " ", details);
  }
  const d = item.data;
  const failed = d.outcome !== "delivered";
  return el("li", {
    class: `webhook${failed ? " failed" : ""}`, "data-type": item.type, "data-seq": item.seq,
    "data-event-type": d.event_type, "data-outcome": d.outcome,
  }, at, el("b", {}, `webhook ${d.event_type}`),
  ` ${d.method} ${d.url} → ${d.status === null ? "no reply" : d.status} ${d.outcome} (${d.latency_ms.toFixed(1)} ms)`,
  d.error ? el("div", { class: "webhook-error" }, d.error) : null,
  body("request", d.request_body, d.request_json),
  body("reply", d.response_body, d.response_json),
  d.truncated ? el("div", { class: "empty" }, "bodies cut at 16 KiB; the ledger has more") : null);
}

function renderConferences() {
  const box = $("conferences");
  if (!state.conferences.size) {
    box.replaceChildren(el("p", { class: "empty" }, "none"));
    return;
  }
  box.replaceChildren(...[...state.conferences].map(([id, members]) =>
    el("div", { class: "conference", "data-conference-id": id },
      el("b", {}, id), ` (${members.size} member${members.size === 1 ? "" : "s"})`,
      el("ul", {}, [...members.keys()].map((callId) =>
        el("li", { "data-call-id": callId, onclick: () => select(callId) }, shortId(callId)))))));
}

function renderClock() {
  const clock = state.clock;
  if (!clock) return;
  $("clock-rate").textContent = clock.rate === 0 ? "0 (manual)" : `${clock.rate}x`;
  $("clock-pending").textContent = String(clock.pending_timers);
  tick();
}

function tick() {
  const now = virtualNow();
  if (now !== null) $("clock-now").textContent = formatTime(now);
  for (const row of $("calls").tBodies[0].rows) {
    const call = state.calls.get(row.dataset.callId);
    if (call && call.activity) row.querySelector("td.activity").textContent = activityText(call);
  }
}

// -- actions ----------------------------------------------------------------------------------

function select(callId) {
  state.selected = callId;
  for (const row of $("calls").tBodies[0].rows) {
    row.classList.toggle("selected", row.dataset.callId === callId);
  }
  renderTimeline();
}

function updateCall(call) {
  state.calls.set(call.call_id, { ...(state.calls.get(call.call_id) || {}), ...call });
  refreshCall(call.call_id);
  renderCalls();
  return call;
}

function drive(callId, action) {
  return api("POST", `/calls/${callId}/${action}`).then(updateCall);
}

function wire() {
  $("inbound-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(api("POST", "/inbound-calls", { from: $("inbound-from").value, to: $("inbound-to").value })
      .then((call) => { updateCall(call); select(call.call_id); }));
  });
  $("sms-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(api("POST", "/inbound-messages",
      { from: $("sms-from").value, to: [$("sms-to").value], text: $("sms-text").value }));
  });
  $("advance").addEventListener("click", () =>
    act(api("POST", "/clock/advance", { seconds: Number($("advance-seconds").value) })));
  $("idle").addEventListener("click", () => act(api("POST", "/clock/run-until-idle", {})));
  $("set-rate").addEventListener("click", () =>
    act(api("PUT", "/clock/rate", { rate: Number($("rate-input").value) })));
  $("account-filter").addEventListener("change", (event) => {
    const query = event.target.value ? `?account=${encodeURIComponent(event.target.value)}` : "";
    location.search = query;
  });
}

async function start() {
  wire();
  await Promise.all([act(loadAccounts()), act(loadClock())]);
  await act(loadCalls());
  act(loadFaxes());
  act(loadMessages());
  // replay what the feed retained (timelines, conferences), then follow it live
  connect();
  setInterval(tick, 250);
}

start();
