/* The audit log page: filters, the newest entries first, and older pages on request. */
import { api, el, formatTime, showMessage, startPage, t } from "./desk.js";

const ACTIONS = [
  "ticket.read", "ticket.list", "ticket.routing-retry", "citizen.history-read", "conversation.read", "conversation.reply",
  "conversation.close", "conversation.ticket-create", "call.spy", "contact.ticket-attach",
  "session.login", "session.login-failed", "session.logout", "session.password-change",
  "user.create", "user.update", "user.password-reset",
];

let cursor = null;

async function start() {
  await startPage("audit", "audit.title");
  const select = document.getElementById("audit-action");
  select.append(el("option", { value: "", text: t("audit.filter.anyAction") }));
  for (const action of ACTIONS) {
    select.append(el("option", { value: action, text: t(`audit.action.${action}`) }));
  }
  document.getElementById("audit-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    load(true);
  });
  document.getElementById("audit-more").addEventListener("click", () => load(false));
  await load(true);
}

async function load(fresh) {
  const form = document.getElementById("audit-filter");
  const params = new URLSearchParams();
  for (const name of ["action", "actor", "ticket", "citizen"]) {
    const value = form.elements.namedItem(name).value.trim();
    if (value) {
      params.set(name, value);
    }
  }
  if (!fresh && cursor) {
    params.set("before", cursor);
  }
  const rows = document.getElementById("audit-rows");
  try {
    const page = await api("GET", `/api/v1/admin/audit?${params}`);
    if (fresh) {
      rows.replaceChildren();
    }
    for (const entry of page.entries) {
      rows.append(row(entry));
    }
    cursor = page.nextBefore || null;
    document.getElementById("audit-more").hidden = !cursor;
    document.getElementById("audit-empty").hidden = rows.children.length > 0;
  } catch (error) {
    showMessage(document.getElementById("audit-message"), error.message, "error");
  }
}

function row(entry) {
  return el("tr", {}, [
    el("td", { text: formatTime(entry.at) }),
    el("td", { text: actor(entry) }),
    el("td", { text: t(`audit.action.${entry.action}`) }),
    el("td", { text: entry.ticket || "" }),
    el("td", { text: entry.citizen || "" }),
    el("td", { text: entry.targetUser || "" }),
    el("td", { text: entry.address || "" }),
    el("td", { text: entry.detail || "" }),
  ]);
}

function actor(entry) {
  if (entry.actorKind === "service") {
    return `${t("audit.actor.service")} (${entry.actorName || entry.actorId})`;
  }
  if (entry.actorKind === "anonymous") {
    return `${t("audit.actor.anonymous")}: ${entry.actorName || ""}`;
  }
  const role = entry.actorRole ? ` · ${t(`role.${entry.actorRole}`)}` : "";
  return `${entry.actorName || entry.actorId}${role}`;
}

start();
