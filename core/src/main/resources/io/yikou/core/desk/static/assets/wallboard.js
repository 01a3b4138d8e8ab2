/*
 * The supervisor wallboard: per-queue tiles for voice and chat, agents by state with the time in
 * state counted on in the browser, alerts, listen/whisper/barge, routing failures with retry, and
 * today's tickets by category and street as ECharts bar charts. The first picture comes from
 * GET /api/v1/wallboard; the WebSocket keeps it current and resends snapshots after a reconnect.
 */
import {
  api, el, formatDuration, formatTime, secondsInState, showMessage, startPage, t,
} from "./desk.js";
import { LiveConnection } from "./live.js";

const TOPICS = ["wallboard.queues", "wallboard.agents", "wallboard.alerts", "wallboard.failures", "wallboard.tickets"];
const STATES = ["ready", "busy", "ringing", "wrap_up", "not_ready", "logged_out"];
const SPY_PHONE_KEY = "yikou.desk.spyPhone";
/** tickets.changed arrives at most every 5 s; one refetch per burst is enough. */
const TICKETS_REFRESH_MS = 1000;
/** While the live connection is down, the whole board is read this often instead. */
const POLL_MS = 10000;
/** The phone-system connection is a per-node status with no live event, so it is read on a timer. */
const VOICE_STATUS_MS = 10000;

const board = {
  queues: new Map(),
  agents: new Map(),
  alerts: new Map(),
  acdFailures: new Map(),
  ticketFailures: new Map(),
  categoryNames: new Map(),
};
let charts = null;
let ticketsTimer = null;

const $ = (id) => document.getElementById(id);

async function start() {
  await startPage("wallboard", "wallboard.title");
  bindSpyPhone();
  await loadCategoryNames();
  await Promise.allSettled([loadWallboard(), loadFailures(), loadTickets(), loadVoiceStatus()]);
  setInterval(renderAgentTimes, 1000);
  setInterval(loadVoiceStatus, VOICE_STATUS_MS);
  setInterval(() => {
    if ($("live-status").dataset.status !== "open") {
      loadWallboard();
      loadFailures();
      loadTickets();
    }
  }, POLL_MS);
  new LiveConnection(TOPICS, {
    onEvent: handleEvent,
    onStatus: (status) => {
      $("live-status").textContent = t(`live.${status}`);
      $("live-status").dataset.status = status;
    },
    onSessionExpired: () => window.location.assign("/desk/login?next=%2Fdesk%2Fwallboard"),
  }).start();
  window.addEventListener("resize", () => charts && charts.forEach((chart) => chart.resize()));
}

async function loadWallboard() {
  try {
    const response = await api("GET", "/api/v1/wallboard");
    board.queues = new Map(response.queues.map((q) => [q.queue, q]));
    setAgents(response.agents ? response.agents.agents : []);
    board.alerts = new Map((response.alerts || []).map((a) => [a.id, a]));
    renderQueues();
    renderAgents();
    renderAlerts();
  } catch (error) {
    if (error.status === 404) {
      await loadAgentsOnly();
      return;
    }
    showMessage($("wallboard-message"), error.message, "error");
    renderQueues();
  }
}

/**
 * Shows whether this node reaches Asterisk, so a supervisor can tell that voice figures and agent phone
 * states are stale while the AMI connection is being re-established.
 */
async function loadVoiceStatus() {
  const line = $("voice-status");
  try {
    const status = await api("GET", "/api/v1/voice/status");
    line.textContent = t("wallboard.voice.status", { label: status.label });
    line.dataset.state = status.actionSession;
  } catch (error) {
    line.textContent = error.status === 404 ? t("wallboard.voice.off") : t("wallboard.voice.unknown");
    line.dataset.state = error.status === 404 ? "off" : "unknown";
  }
}

/**
 * Shows the agents from the ACD's own list on a server without the wallboard routes, so agent
 * states stay visible there; queue figures need the wallboard.
 */
async function loadAgentsOnly() {
  renderQueues();
  try {
    const response = await api("GET", "/api/v1/agents");
    setAgents(response.agents);
    renderAgents();
  } catch (error) {
    showMessage($("wallboard-message"), error.message, "error");
  }
}

function handleEvent(message) {
  const data = message.data || {};
  switch (message.event) {
    case "queue.stats":
      board.queues.set(data.queue, data);
      renderQueues();
      break;
    case "agents.snapshot":
      setAgents(data.agents || []);
      renderAgents();
      break;
    case "agent.state":
      data.receivedAt = Date.now();
      board.agents.set(data.userId, data);
      renderAgents();
      break;
    case "alerts.snapshot":
      board.alerts = new Map((data.alerts || []).map((a) => [a.id, a]));
      renderAlerts();
      break;
    case "alert.raised":
      board.alerts.set(data.id, data);
      renderAlerts();
      break;
    case "alert.cleared":
      board.alerts.delete(data.id);
      renderAlerts();
      break;
    case "routing.failure":
    case "ticket.routing-failed":
      loadFailures();
      break;
    case "tickets.changed":
      clearTimeout(ticketsTimer);
      ticketsTimer = setTimeout(loadTickets, TICKETS_REFRESH_MS);
      break;
    default:
      break;
  }
}

/* ---------- queues ---------- */

function renderQueues() {
  const tiles = $("queue-tiles");
  tiles.replaceChildren();
  const alerting = new Set(Array.from(board.alerts.values()).map((a) => a.queue));
  const queues = Array.from(board.queues.values()).sort((a, b) => a.queue.localeCompare(b.queue));
  for (const queue of queues) {
    const rows = [
      ["waiting", (s) => s.waiting],
      ["longestWait", (s) => formatDuration(s.longestWaitSeconds || 0)],
      ["answered", (s) => s.answered],
      ["abandoned", (s) => s.abandoned],
      ["serviceLevel", (s) => (s.serviceLevel === null || s.serviceLevel === undefined
        ? "—" : `${Math.round(s.serviceLevel * 100)}%`)],
      ["aht", (s) => formatDuration(s.averageHandleSeconds || 0)],
    ];
    const head = el("tr", {}, [el("th", { text: "" }),
      el("th", { scope: "col", text: t("channel.voice") }), el("th", { scope: "col", text: t("wallboard.chat") })]);
    const body = rows.map(([key, read]) => el("tr", {}, [
      el("th", { scope: "row", text: t(`wallboard.metric.${key}`) }),
      el("td", { text: queue.voice ? String(read(queue.voice)) : "—" }),
      el("td", { text: queue.chat ? String(read(queue.chat)) : "—" }),
    ]));
    const agents = queue.agents || {};
    const tile = el("article", { className: alerting.has(queue.queue) ? "tile alerting" : "tile" }, [
      el("h3", { text: queue.name || queue.queue }),
      el("table", {}, [el("thead", {}, [head]), el("tbody", {}, body)]),
      el("p", { className: "hint", text: t("wallboard.queueAgents", {
        ready: agents.ready || 0, busy: agents.busy || 0, wrapUp: agents.wrap_up || 0,
        notReady: agents.not_ready || 0, target: queue.serviceLevelSeconds || 15 }) }),
    ]);
    tile.dataset.queue = queue.queue;
    tiles.append(tile);
  }
  $("queues-empty").hidden = queues.length > 0;
}

/* ---------- agents ---------- */

function setAgents(list) {
  const now = Date.now();
  board.agents = new Map(list.map((a) => [a.userId, { ...a, receivedAt: now }]));
}

function renderAgents() {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const agent of board.agents.values()) {
    counts[agent.state] = (counts[agent.state] || 0) + 1;
  }
  const byState = $("agents-by-state");
  byState.replaceChildren(...STATES.map((s) => {
    const badge = el("span", { className: "state-badge", text: `${t(`state.${s}`)} ${counts[s]}` });
    badge.dataset.state = s;
    badge.dataset.count = String(counts[s]);
    return badge;
  }));
  const rows = $("agent-rows");
  rows.replaceChildren();
  const agents = Array.from(board.agents.values())
    .sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state)
      || (a.displayName || "").localeCompare(b.displayName || ""));
  for (const agent of agents) {
    const stateCell = el("td", {}, [el("span", { className: "state-badge", text: t(`state.${agent.state}`) })]);
    stateCell.firstChild.dataset.state = agent.state;
    if (agent.state === "not_ready" && agent.reason) {
      stateCell.append(el("span", { className: "hint", text: ` ${agent.reason}` }));
    }
    const timer = el("td", { className: "timer" });
    timer.dataset.timer = agent.userId;
    const chats = agent.chats ? `${agent.chats.active}/${agent.chats.capacity}` : "—";
    const phone = agent.voice ? agent.voice.interface : "—";
    const actions = el("td", { className: "actions" });
    if (agent.voice && agent.voice.call) {
      for (const mode of ["listen", "whisper", "barge"]) {
        const button = el("button", { type: "button", className: "link-button", text: t(`wallboard.spy.${mode}`) });
        button.dataset.spy = mode;
        button.addEventListener("click", () => spy(agent, mode));
        actions.append(button);
      }
    }
    const row = el("tr", {}, [
      el("td", { text: agent.displayName || agent.username || agent.userId }),
      stateCell, timer, el("td", { text: chats }), el("td", { text: phone }), actions,
    ]);
    row.dataset.agent = agent.username || agent.userId;
    row.dataset.state = agent.state;
    rows.append(row);
  }
  renderAgentTimes();
}

function renderAgentTimes() {
  document.querySelectorAll("[data-timer]").forEach((cell) => {
    const agent = board.agents.get(cell.dataset.timer);
    cell.textContent = agent ? formatDuration(secondsInState(agent)) : "";
  });
}

function bindSpyPhone() {
  const input = $("spy-phone");
  try {
    input.value = window.localStorage.getItem(SPY_PHONE_KEY) || "";
  } catch (e) {
    input.value = "";
  }
  input.addEventListener("change", () => {
    try {
      window.localStorage.setItem(SPY_PHONE_KEY, input.value.trim());
    } catch (e) {
      // Without storage the phone is asked again on the next visit.
    }
  });
}

async function spy(agent, mode) {
  const supervisorChannel = $("spy-phone").value.trim();
  if (!supervisorChannel) {
    showMessage($("spy-message"), t("wallboard.spy.needPhone"), "error");
    $("spy-phone").focus();
    return;
  }
  try {
    await api("POST", "/api/v1/voice/spy", { supervisorChannel, agentInterface: agent.voice.interface, mode });
    showMessage($("spy-message"), t("wallboard.spy.started", {
      mode: t(`wallboard.spy.${mode}`), name: agent.displayName || agent.username }), "success");
  } catch (error) {
    showMessage($("spy-message"), error.message, "error");
  }
}

/* ---------- alerts ---------- */

function renderAlerts() {
  const list = $("alerts");
  list.replaceChildren();
  for (const alert of board.alerts.values()) {
    const queue = board.queues.get(alert.queue);
    const value = alert.metric === "service_level" ? `${Math.round(alert.value * 100)}%` : String(alert.value);
    const threshold = alert.metric === "service_level"
      ? `${Math.round(alert.threshold * 100)}%` : String(alert.threshold);
    const item = el("li", { text: t(`wallboard.alert.${alert.metric}`, {
      queue: queue ? queue.name : alert.queue, value, threshold, since: formatTime(alert.raisedAt) }) });
    item.dataset.alert = alert.id;
    list.append(item);
  }
  $("alerts-empty").hidden = board.alerts.size > 0;
  renderQueues();
}

/* ---------- routing failures ---------- */

async function loadFailures() {
  const [acd, tickets] = await Promise.allSettled([
    api("GET", "/api/v1/acd/failures"), api("GET", "/api/v1/routing-failures")]);
  board.acdFailures = new Map(acd.status === "fulfilled"
    ? acd.value.failures.map((f) => [f.conversationId, f]) : []);
  board.ticketFailures = new Map(tickets.status === "fulfilled"
    ? tickets.value.failures.map((f) => [f.number, f]) : []);
  renderFailures();
}

function renderFailures() {
  const rows = $("failure-rows");
  rows.replaceChildren();
  for (const failure of board.ticketFailures.values()) {
    rows.append(failureRow(failure.number, t("wallboard.failures.ticket"), failure.reason, failure.failedAt,
      `/api/v1/routing-failures/${encodeURIComponent(failure.number)}/retry`));
  }
  for (const failure of board.acdFailures.values()) {
    rows.append(failureRow(failure.conversationId, t("wallboard.failures.conversation"), failure.reason, failure.at,
      `/api/v1/acd/failures/${encodeURIComponent(failure.conversationId)}/retry`));
  }
  $("failures-empty").hidden = rows.children.length > 0;
}

function failureRow(id, kind, reason, at, retryPath) {
  const retry = el("button", { type: "button", className: "link-button", text: t("wallboard.failures.retry") });
  retry.addEventListener("click", async () => {
    retry.disabled = true;
    try {
      await api("POST", retryPath, {});
      showMessage($("wallboard-message"), t("wallboard.failures.retried", { id }), "success");
      await loadFailures();
    } catch (error) {
      retry.disabled = false;
      showMessage($("wallboard-message"), error.message, "error");
    }
  });
  const row = el("tr", {}, [el("td", { text: id }), el("td", { text: kind }), el("td", { text: reason || "" }),
    el("td", { text: formatTime(at) }), el("td", {}, [retry])]);
  row.dataset.failure = id;
  return row;
}

/* ---------- today's tickets ---------- */

async function loadCategoryNames() {
  try {
    const response = await api("GET", "/api/v1/categories");
    const walk = (nodes) => nodes.forEach((node) => {
      board.categoryNames.set(node.code, node.name);
      walk(node.children || []);
    });
    walk(response.categories);
  } catch (error) {
    board.categoryNames = new Map();
  }
}

/** Returns midnight today in Beijing time (UTC+8, no daylight saving) as an ISO instant. */
function startOfTodayBeijing() {
  const beijing = new Date(Date.now() + 8 * 3600 * 1000);
  beijing.setUTCHours(0, 0, 0, 0);
  return new Date(beijing.getTime() - 8 * 3600 * 1000).toISOString();
}

async function loadTickets() {
  let facets;
  try {
    facets = await api("GET", "/api/v1/wallboard/tickets");
  } catch (error) {
    if (error.status !== 404) {
      $("tickets-total").textContent = error.message;
      return;
    }
    // Before the wallboard routes exist on this server, the history facets give the same counts.
    try {
      facets = await api("GET", `/api/v1/kb/history/facets?from=${encodeURIComponent(startOfTodayBeijing())}`);
      facets.available = true;
    } catch (fallbackError) {
      $("tickets-total").textContent = fallbackError.message;
      return;
    }
  }
  if (facets.available === false) {
    $("tickets-total").textContent = t("wallboard.tickets.unavailable");
    return;
  }
  $("tickets-total").textContent = t("wallboard.tickets.total", { total: facets.total });
  $("tickets-total").dataset.total = String(facets.total);
  drawCharts(facets);
}

function drawCharts(facets) {
  if (typeof window.echarts === "undefined") {
    $("tickets-total").textContent = t("wallboard.tickets.noCharts");
    return;
  }
  if (!charts) {
    charts = [window.echarts.init($("chart-category")), window.echarts.init($("chart-street"))];
  }
  const categories = Object.entries(facets.byCategory || {}).sort((a, b) => b[1] - a[1]).slice(0, 15);
  const streets = Object.entries(facets.byStreet || {}).sort((a, b) => b[1] - a[1]);
  charts[0].setOption(barOption(categories.map(([code]) => board.categoryNames.get(code) || code),
    categories.map(([, n]) => n), "#a61b29"), true);
  charts[1].setOption(barOption(streets.map(([name]) => name), streets.map(([, n]) => n), "#0969da"), true);
}

function barOption(labels, values, color) {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: labels.slice().reverse(), axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ type: "bar", data: values.slice().reverse(), itemStyle: { color }, label: { show: true, position: "right" } }],
  };
}

start();
