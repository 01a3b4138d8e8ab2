/*
 * The agent desktop. It shows presence control with reasons and the wrap-up countdown, chat offers,
 * the agent's conversations with reply and transfer, and the screen pop of a ringing call. Its ticket
 * form offers suggestions, a grid preview, similar tickets and related articles, next to a
 * knowledge-base search. Live changes arrive over the WebSocket (topic "agent"), and every citizen
 * text is set as textContent.
 */
import {
  api, clearFieldErrors, el, fillSelect, formatDuration, formatTime, hideMessage, secondsInState,
  secondsUntil, showFieldErrors, showMessage, startPage, t,
} from "./desk.js";
import { LiveConnection } from "./live.js";

const TYPES = ["consultation", "help", "complaint", "report", "suggestion", "praise"];
/** Text fields wait this long after the last key before asking the server. */
const TYPING_PAUSE_MS = 600;
/** While the live connection is down, state, offers and conversations are read this often instead. */
const POLL_MS = 5000;

const state = {
  agent: null,
  offers: new Map(),
  conversations: new Map(),
  selected: null,
  pop: null,
  categories: new Map(),
};

const $ = (id) => document.getElementById(id);

async function start() {
  await startPage("agentDesk", "agent.title");
  fillSelect($("ticket-type"), TYPES.map((code) => ({ value: code, text: t(`type.${code}`) })),
    { emptyText: t("agent.ticket.choose") });
  fillSelect($("ticket-channel"), [
    { value: "voice", text: t("agent.ticket.channel.voice") },
    { value: "staff", text: t("agent.ticket.channel.staff") },
  ]);
  bindState();
  bindChat();
  bindScreenPop();
  bindTicketForm();
  bindKnowledgeBase();
  await Promise.allSettled([loadReasons(), loadCategories(), loadState(), loadOffers(), loadConversations()]);
  setInterval(tick, 1000);
  setInterval(pollWhileOffline, POLL_MS);
  new LiveConnection(["agent"], {
    onEvent: handleEvent,
    onStatus: showLiveStatus,
    onSessionExpired: () => window.location.assign("/desk/login?next=%2Fdesk%2Fagent"),
  }).start();
}

/* ---------- presence ---------- */

function bindState() {
  $("state-ready").addEventListener("click", () => changePresence({ presence: "ready" }));
  $("state-not-ready").addEventListener("click", () =>
    changePresence({ presence: "not_ready", reason: $("state-reason").value || null }));
  $("state-logged-out").addEventListener("click", () => changePresence({ presence: "logged_out" }));
}

async function loadReasons() {
  try {
    const response = await api("GET", "/api/v1/agent/reasons");
    fillSelect($("state-reason"), response.reasons.map((r) => ({ value: r.code, text: r.label })));
  } catch (error) {
    fillSelect($("state-reason"), []);
  }
}

async function loadState() {
  try {
    showAgent(await api("GET", "/api/v1/agent/state"));
  } catch (error) {
    showMessage($("state-message"), error.message, "error");
  }
}

async function changePresence(body) {
  hideMessage($("state-message"));
  try {
    showAgent(await api("PUT", "/api/v1/agent/state", body));
  } catch (error) {
    showMessage($("state-message"), error.message, "error");
  }
}

function showAgent(agent) {
  if (state.agent && typeof agent.version === "number" && agent.version < state.agent.version) {
    return; // An older event overtaken by a newer response.
  }
  agent.receivedAt = Date.now();
  state.agent = agent;
  const badge = $("agent-state");
  badge.textContent = t(`state.${agent.state}`);
  badge.dataset.state = agent.state;
  $("agent-reason").textContent = agent.state === "not_ready" && agent.reason ? reasonLabel(agent.reason) : "";
  $("voice-warning").hidden = !(agent.voice && agent.voice.available === false);
  $("chat-load").textContent = agent.chats
    ? t("agent.chat.load", { active: agent.chats.active, capacity: agent.chats.capacity }) : "";
  $("state-ready").disabled = agent.presence === "ready" && agent.state !== "wrap_up";
  $("state-logged-out").disabled = agent.presence === "logged_out";
  tick();
}

function reasonLabel(code) {
  const option = Array.from($("state-reason").options).find((o) => o.value === code);
  return option ? option.textContent : code;
}

/** Redraws the counters once a second: time in state, wrap-up and offer countdowns. */
function tick() {
  const agent = state.agent;
  if (agent) {
    $("state-timer").textContent = formatDuration(secondsInState(agent));
    const wrapping = agent.state === "wrap_up" && agent.wrapUpEndsAt;
    $("wrap-up").hidden = !wrapping;
    if (wrapping) {
      $("wrap-up-countdown").textContent = formatDuration(secondsUntil(agent.wrapUpEndsAt));
    }
  }
  document.querySelectorAll("[data-expires-at]").forEach((node) => {
    node.textContent = t("agent.offers.expires", { seconds: secondsUntil(node.dataset.expiresAt) });
  });
}

/** Keeps the desk usable without the WebSocket; once it is open, its snapshots and events take over. */
function pollWhileOffline() {
  if ($("live-status").dataset.status === "open") {
    return;
  }
  loadState();
  loadOffers();
  loadConversations();
}

function showLiveStatus(status) {
  const node = $("live-status");
  node.textContent = t(`live.${status}`);
  node.dataset.status = status;
}

/* ---------- live events ---------- */

function handleEvent(message) {
  const data = message.data || {};
  switch (message.event) {
    case "agent.state":
      showAgent(data);
      break;
    case "offer.new":
      state.offers.set(data.conversationId, data);
      renderOffers();
      break;
    case "offer.withdrawn":
      state.offers.delete(data.conversationId);
      renderOffers();
      break;
    case "conversation.assigned":
      state.offers.delete(data.conversationId);
      state.conversations.set(data.conversationId, data);
      renderOffers();
      renderConversations();
      break;
    case "conversation.unassigned":
    case "conversation.closed":
      state.conversations.delete(data.conversationId);
      if (state.selected === data.conversationId) {
        state.selected = null;
        $("chat-view").hidden = true;
      }
      renderConversations();
      break;
    case "conversation.message":
      if (state.selected === data.conversationId && data.message) {
        appendMessage(data.message, data.direction);
      }
      markUnread(data.conversationId, data.direction);
      break;
    case "conversation.reply":
      if (data.outcome === "failed" && state.selected === data.conversationId) {
        showMessage($("chat-message"), t("agent.chat.replyFailed", { code: data.errorCode || "" }), "error");
      }
      break;
    case "call.screen-pop":
      showScreenPop(data);
      break;
    default:
      break;
  }
}

/* ---------- offers ---------- */

async function loadOffers() {
  try {
    const response = await api("GET", "/api/v1/agent/offers");
    state.offers = new Map(response.offers.map((offer) => [offer.conversationId, offer]));
  } catch (error) {
    state.offers = new Map();
  }
  renderOffers();
}

function renderOffers() {
  const list = $("offers");
  list.replaceChildren();
  for (const offer of state.offers.values()) {
    const accept = el("button", { type: "button", className: "primary inline", text: t("agent.offers.accept") });
    const decline = el("button", { type: "button", text: t("agent.offers.decline") });
    accept.addEventListener("click", () => respondToOffer(offer, "accept"));
    decline.addEventListener("click", () => respondToOffer(offer, "decline"));
    const countdown = el("span", { className: "countdown" });
    countdown.dataset.expiresAt = offer.expiresAt;
    const reasons = (offer.reasons || []).map((r) => t(`reason.${r}`)).join("、");
    const item = el("li", { className: "card offer" }, [
      el("div", { className: "card-head" }, [
        el("strong", { text: `${t(`channel.${offer.channel}`)} · ${offer.queue}` }),
        reasons ? el("span", { className: "tag", text: reasons }) : "",
        countdown,
      ]),
      el("p", { className: "preview", text: offer.preview || "" }),
      el("div", { className: "buttons" }, [accept, decline]),
    ]);
    item.dataset.conversation = offer.conversationId;
    list.append(item);
  }
  $("offers-empty").hidden = state.offers.size > 0;
  tick();
}

async function respondToOffer(offer, action) {
  try {
    const assignment = await api("POST", `/api/v1/agent/offers/${encodeURIComponent(offer.conversationId)}/${action}`);
    state.offers.delete(offer.conversationId);
    if (assignment) {
      state.conversations.set(assignment.conversationId, assignment);
      renderConversations();
      selectConversation(assignment.conversationId);
    }
  } catch (error) {
    state.offers.delete(offer.conversationId);
    showMessage($("state-message"), error.message, "error");
  }
  renderOffers();
  // The state (ringing to busy, chat count) changed too; the live event may come later or not at all.
  loadState();
}

/* ---------- conversations ---------- */

async function loadConversations() {
  try {
    const response = await api("GET", "/api/v1/agent/conversations");
    state.conversations = new Map(response.conversations.map((c) => [c.conversationId, c]));
  } catch (error) {
    state.conversations = new Map();
  }
  renderConversations();
}

function renderConversations() {
  const list = $("conversations");
  list.replaceChildren();
  for (const assignment of state.conversations.values()) {
    const button = el("button", { type: "button", className: "conversation-link",
      text: `${t(`channel.${assignment.channel}`)} ${assignment.conversationId}` });
    if (assignment.conversationId === state.selected) {
      button.setAttribute("aria-current", "true");
    }
    button.addEventListener("click", () => selectConversation(assignment.conversationId));
    const item = el("li", {}, [button]);
    item.dataset.conversation = assignment.conversationId;
    list.append(item);
  }
  $("conversations-empty").hidden = state.conversations.size > 0;
}

function markUnread(conversationId, direction) {
  if (direction !== "in" || conversationId === state.selected) {
    return;
  }
  const item = document.querySelector(`#conversations li[data-conversation="${CSS.escape(conversationId)}"]`);
  if (item) {
    item.classList.add("unread");
  }
}

async function selectConversation(id) {
  state.selected = id;
  renderConversations();
  hideMessage($("chat-message"));
  $("chat-view").hidden = false;
  $("chat-title").textContent = id;
  const list = $("chat-messages");
  list.replaceChildren();
  try {
    const conversation = await api("GET", `/api/v1/conversations/${encodeURIComponent(id)}`);
    if (state.selected !== id) {
      return;
    }
    $("chat-title").textContent = t("agent.chat.title", { id, citizen: conversation.citizenId || "" });
    for (const message of conversation.messages || []) {
      appendMessage(message);
    }
  } catch (error) {
    showMessage($("chat-message"), error.message, "error");
  }
}

/** Adds one message; direction comes from the event or, when read back, from the message itself. */
function appendMessage(message, direction) {
  const inbound = (direction || message.direction) === "in";
  const body = message.text || message.label || (message.mediaId || message.attachment ? t("agent.chat.media") : "");
  const item = el("li", { className: inbound ? "msg msg-in" : "msg msg-out" }, [
    el("span", { className: "msg-meta", text: formatTime(message.createdAt || message.at) }),
    el("p", { className: "msg-text", text: body }),
  ]);
  $("chat-messages").append(item);
  item.scrollIntoView({ block: "nearest" });
}

function bindChat() {
  const form = $("reply-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const text = $("reply-text").value;
    if (!state.selected || !text.trim()) {
      return;
    }
    try {
      await api("POST", `/api/v1/conversations/${encodeURIComponent(state.selected)}/replies`, { text });
      appendMessage({ text, createdAt: new Date().toISOString() }, "out");
      $("reply-text").value = "";
      hideMessage($("chat-message"));
    } catch (error) {
      showFieldErrors(form, error);
      showMessage($("chat-message"), error.message, "error");
    }
  });
  $("chat-close").addEventListener("click", async () => {
    if (!state.selected) {
      return;
    }
    try {
      await api("POST", `/api/v1/conversations/${encodeURIComponent(state.selected)}/close`, {});
      state.conversations.delete(state.selected);
      state.selected = null;
      $("chat-view").hidden = true;
      renderConversations();
      loadState();
    } catch (error) {
      showMessage($("chat-message"), error.message, "error");
    }
  });
  $("chat-to-form").addEventListener("click", () => {
    const inbound = Array.from(document.querySelectorAll("#chat-messages .msg-in .msg-text"))
      .map((node) => node.textContent).join("\n");
    $("ticket-description").value = inbound;
    $("ticket-channel").value = "staff";
    $("ticket-description").dispatchEvent(new Event("input"));
    $("ticket-description").focus();
  });
  $("transfer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const toQueue = $("transfer-queue").value.trim();
    const toAgent = $("transfer-agent").value.trim();
    if (!state.selected) {
      return;
    }
    const body = toAgent ? { toAgent } : { toQueue };
    try {
      await api("POST", `/api/v1/acd/conversations/${encodeURIComponent(state.selected)}/transfer`, body);
      showMessage($("chat-message"), t("agent.transfer.done"), "success");
    } catch (error) {
      showMessage($("chat-message"), error.message, "error");
    }
  });
}

/* ---------- screen pop ---------- */

function bindScreenPop() {
  $("pop-dismiss").addEventListener("click", () => {
    $("screen-pop").hidden = true;
  });
  $("pop-to-form").addEventListener("click", () => {
    if (!state.pop) {
      return;
    }
    $("ticket-channel").value = "voice";
    $("ticket-reporter-phone").value = state.pop.callerNumber || "";
    $("ticket-description").focus();
  });
}

function showScreenPop(pop) {
  state.pop = pop;
  $("pop-caller").textContent = pop.callerNumberMasked || t("agent.pop.unknownCaller");
  $("pop-queue").textContent = pop.queue || "";
  const ivr = pop.ivr;
  $("pop-ivr").textContent = ivr && ivr.choices && ivr.choices.length
    ? ivr.choices.join(" → ") : t("agent.pop.noIvr");
  $("pop-elderly").textContent = pop.elderly ? t("agent.yes") : t("agent.no");
  $("pop-open").textContent = (pop.openTickets || []).join("、") || t("agent.none");
  const history = pop.history || { available: false, tickets: [] };
  $("pop-history-off").hidden = history.available !== false;
  const list = $("pop-history");
  list.replaceChildren();
  for (const ticket of history.tickets || []) {
    list.append(ticketCard(ticket, ticket.summary || ticket.description));
  }
  $("screen-pop").hidden = false;
  $("screen-pop").scrollIntoView({ block: "start" });
}

function ticketCard(ticket, text) {
  const status = ticket.statusName || t(`status.${ticket.status}`);
  return el("li", { className: ticket.open ? "card ticket-open" : "card" }, [
    el("div", { className: "card-head" }, [
      el("strong", { text: ticket.number }),
      el("span", { className: "tag", text: status }),
      el("span", { className: "hint", text: formatTime(ticket.createdAt) }),
    ]),
    el("p", { className: "preview", text: text || "" }),
  ]);
}

/* ---------- ticket form ---------- */

async function loadCategories() {
  try {
    const response = await api("GET", "/api/v1/categories");
    const options = [];
    const walk = (nodes, path) => {
      for (const node of nodes) {
        const name = path ? `${path} / ${node.name}` : node.name;
        if (node.children && node.children.length) {
          walk(node.children, name);
        } else {
          state.categories.set(node.code, name);
          options.push({ value: node.code, text: `${node.code} ${name}` });
        }
      }
    };
    walk(response.categories, "");
    fillSelect($("ticket-category"), options, { emptyText: t("agent.ticket.choose") });
  } catch (error) {
    fillSelect($("ticket-category"), [], { emptyText: t("agent.ticket.choose") });
  }
}

function debounce(action) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, TYPING_PAUSE_MS);
  };
}

function bindTicketForm() {
  const form = $("ticket-form");
  $("ticket-suggest").addEventListener("click", suggest);
  const textChanged = debounce(() => {
    suggest();
    relatedArticles();
    similarTickets();
  });
  $("ticket-description").addEventListener("input", textChanged);
  $("ticket-address").addEventListener("input", debounce(() => {
    gridPreview();
    similarTickets();
  }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    hideMessage($("ticket-message"));
    const value = (name) => form.elements.namedItem(name).value.trim();
    const body = {
      type: value("type") || null,
      category: value("category") || null,
      description: value("description") || null,
      address: value("address") || null,
      channel: value("channel") || "staff",
      resolvedAtFirstContact: $("ticket-resolved").checked,
    };
    if (value("name") || value("phone")) {
      body.reporter = { name: value("name") || null, phone: value("phone") || null };
    }
    $("ticket-submit").disabled = true;
    try {
      const ticket = await api("POST", "/api/v1/tickets", body);
      form.reset();
      $("grid-preview").textContent = "";
      $("suggestions").replaceChildren();
      showCreated(ticket);
    } catch (error) {
      showFieldErrors(form, error);
      showMessage($("ticket-message"), error.message, "error");
    } finally {
      $("ticket-submit").disabled = false;
    }
  });
}

async function suggest() {
  const text = $("ticket-description").value.trim();
  const box = $("suggestions");
  box.replaceChildren();
  if (!text) {
    return;
  }
  try {
    const response = await api("POST", "/api/v1/classify", { text, limit: 3 });
    for (const type of response.types || []) {
      box.append(chip(`${type.name} ${Math.round(type.score * 100)}%`, () => {
        $("ticket-type").value = type.code;
      }, "type"));
    }
    for (const category of response.categories || []) {
      if (!category.code) {
        continue;
      }
      box.append(chip(`${category.name} ${Math.round(category.score * 100)}%`, () => {
        $("ticket-category").value = category.code;
      }, "category"));
    }
  } catch (error) {
    box.append(el("span", { className: "hint", text: error.message }));
  }
}

function chip(text, onChoose, kind) {
  const button = el("button", { type: "button", className: `chip chip-${kind}`, text });
  button.addEventListener("click", onChoose);
  return button;
}

async function gridPreview() {
  const address = $("ticket-address").value.trim();
  const preview = $("grid-preview");
  if (!address) {
    preview.textContent = "";
    return;
  }
  try {
    const response = await api("GET", `/api/v1/grid/locate?address=${encodeURIComponent(address)}`);
    const grid = response.grid || {};
    preview.textContent = response.resolved
      ? t("agent.ticket.gridFound", {
        street: grid.streetName || "", community: grid.communityName || "—", grid: grid.gridName || "—" })
      : t("agent.ticket.gridNone");
    preview.dataset.resolved = String(response.resolved);
  } catch (error) {
    preview.textContent = error.message;
  }
}

async function relatedArticles() {
  const text = $("ticket-description").value.trim();
  const list = $("related-articles");
  list.replaceChildren();
  if (text.length < 4) {
    return;
  }
  try {
    const response = await api("POST", "/api/v1/kb/related", { text, limit: 5 });
    for (const article of response.related || []) {
      list.append(articleItem(article));
    }
  } catch (error) {
    list.append(el("li", { className: "hint", text: error.message }));
  }
}

async function similarTickets() {
  const text = `${$("ticket-description").value} ${$("ticket-address").value}`.trim();
  const list = $("similar-tickets");
  list.replaceChildren();
  if (text.length < 4) {
    return;
  }
  try {
    const response = await api("GET", `/api/v1/kb/history/tickets?size=5&q=${encodeURIComponent(text.slice(0, 200))}`);
    for (const ticket of response.tickets || []) {
      list.append(ticketCard(ticket, ticket.description));
    }
  } catch (error) {
    list.append(el("li", { className: "hint", text: error.message }));
  }
}

async function showCreated(ticket) {
  $("ticket-result").hidden = false;
  $("ticket-number").textContent = t("agent.ticket.created", { number: ticket.number });
  $("ticket-number").dataset.number = ticket.number;
  const list = $("ticket-duplicates");
  list.replaceChildren();
  try {
    const response = await api("GET", `/api/v1/tickets/${encodeURIComponent(ticket.number)}/duplicates`);
    for (const match of response.current || []) {
      list.append(el("li", { className: "card" }, [
        el("strong", { text: match.number }),
        el("span", { className: "tag", text: t(`duplicate.${match.verdict}`) }),
        el("span", { className: "hint", text: ` ${Math.round(match.score * 100)}%` }),
      ]));
    }
    if (!list.children.length) {
      list.append(el("li", { className: "hint", text: t("agent.none") }));
    }
  } catch (error) {
    list.append(el("li", { className: "hint", text: error.message }));
  }
}

/* ---------- knowledge base ---------- */

function bindKnowledgeBase() {
  $("kb-query").addEventListener("input", debounce(suggestTitles));
  $("kb-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = $("kb-query").value.trim();
    const list = $("kb-results");
    list.replaceChildren();
    $("kb-article").hidden = true;
    if (!q) {
      return;
    }
    try {
      const response = await api("GET", `/api/v1/kb/search?size=10&q=${encodeURIComponent(q)}`);
      $("kb-message").textContent = t("agent.kb.total", { total: response.total });
      for (const hit of response.hits || []) {
        const item = articleItem(hit);
        for (const fragment of (hit.highlight && hit.highlight.body) || []) {
          item.append(highlighted(fragment));
        }
        list.append(item);
      }
    } catch (error) {
      $("kb-message").textContent = error.message;
    }
  });
}

/** Offers article titles that start like the typed text, through the search box's datalist. */
async function suggestTitles() {
  const q = $("kb-query").value.trim();
  const titles = $("kb-titles");
  if (!q) {
    titles.replaceChildren();
    return;
  }
  try {
    const response = await api("GET", `/api/v1/kb/suggest?limit=8&q=${encodeURIComponent(q)}`);
    titles.replaceChildren(...(response.suggestions || []).map((s) => el("option", { value: s.title })));
  } catch (error) {
    titles.replaceChildren();
  }
}

function articleItem(article) {
  const open = el("button", { type: "button", className: "link-button", text: article.title });
  open.addEventListener("click", () => showArticle(article.id));
  const item = el("li", { className: "card" }, [open]);
  item.dataset.article = article.id;
  return item;
}

/**
 * Renders a search fragment with its matches marked. The server's HTML form is parsed in an inert
 * document only to recover the plain text; the marks are rebuilt from the spans as elements.
 */
function highlighted(fragment) {
  const text = new DOMParser().parseFromString(fragment.html || "", "text/html").body.textContent || "";
  const paragraph = el("p", { className: "fragment" });
  let position = 0;
  for (const [start, end] of fragment.spans || []) {
    const from = start - fragment.start;
    const to = end - fragment.start;
    if (from < position || to > text.length) {
      continue;
    }
    paragraph.append(text.slice(position, from), el("mark", { text: text.slice(from, to) }));
    position = to;
  }
  paragraph.append(text.slice(position));
  return paragraph;
}

async function showArticle(id) {
  try {
    const article = await api("GET", `/api/v1/kb/articles/${encodeURIComponent(id)}`);
    $("kb-article-title").textContent = article.title;
    $("kb-article-body").textContent = article.body || "";
    $("kb-article").hidden = false;
    $("kb-article").scrollIntoView({ block: "nearest" });
  } catch (error) {
    $("kb-message").textContent = error.message;
  }
}

start();
