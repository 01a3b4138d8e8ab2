/*
 * Queue administration: list the ACD queues and create or change one (match filters, required
 * skills, priority, offer timeout, overflow, service-level target, voice queues, alert thresholds).
 * Every request goes through /api/v1/admin/queues, which checks the administrator role.
 */
import {
  api, clearFieldErrors, el, fillSelect, hideMessage, showFieldErrors, showMessage, startPage, t,
} from "./desk.js";

const $ = (id) => document.getElementById(id);
let queues = [];

async function start() {
  await startPage("queues", "queues.title");
  fillSelect($("q-elderly"), [
    { value: "", text: t("queues.elderly.any") },
    { value: "true", text: t("queues.elderly.only") },
    { value: "false", text: t("queues.elderly.not") },
  ]);
  $("queue-form").addEventListener("submit", save);
  $("queue-new").addEventListener("click", () => edit(null));
  await reload();
}

async function reload() {
  try {
    queues = (await api("GET", "/api/v1/admin/queues")).queues;
  } catch (error) {
    queues = [];
    showMessage($("queues-message"), error.message, "error");
  }
  const rows = $("queue-rows");
  rows.replaceChildren();
  for (const queue of queues) {
    const editButton = el("button", { type: "button", className: "link-button", text: t("users.edit") });
    editButton.addEventListener("click", () => edit(queue));
    const remove = el("button", { type: "button", className: "link-button", text: t("queues.delete") });
    remove.addEventListener("click", () => removeQueue(queue));
    const match = queue.match || {};
    const scope = [...(match.channels || []), ...(match.languages || []), ...(match.categoryGroups || [])].join(", ")
      || t("queues.matchAll");
    const row = el("tr", {}, [
      el("td", { text: queue.id }), el("td", { text: queue.name }), el("td", { text: String(queue.order) }),
      el("td", { text: scope }), el("td", { text: (queue.requiredSkills || []).join(", ") }),
      el("td", { text: queue.overflow ? `${queue.overflow.afterSeconds}s → ${queue.overflow.toQueue}` : "—" }),
      el("td", { className: "actions" }, [editButton, remove]),
    ]);
    row.dataset.queue = queue.id;
    rows.append(row);
  }
  $("queue-empty").hidden = queues.length > 0;
}

const list = (text) => text.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
const join = (values) => (values || []).join(", ");
const numberOrNull = (text) => (text.trim() === "" ? null : Number(text.trim()));

function edit(queue) {
  const form = $("queue-form");
  form.reset();
  clearFieldErrors(form);
  $("queue-form-heading").textContent = queue ? t("queues.edit.heading", { id: queue.id }) : t("queues.create.heading");
  const set = (name, value) => {
    form.elements.namedItem(name).value = value === null || value === undefined ? "" : String(value);
  };
  set("version", queue ? queue.version : "");
  $("q-id").readOnly = Boolean(queue);
  if (!queue) {
    set("order", 10);
    set("offerTimeoutSeconds", 20);
    set("serviceLevelSeconds", 15);
    set("priority", 0);
    $("q-id").focus();
    return;
  }
  const match = queue.match || {};
  const alerts = queue.alerts || {};
  set("id", queue.id);
  set("name", queue.name);
  set("order", queue.order);
  set("channels", join(match.channels));
  set("languages", join(match.languages));
  set("categoryGroups", join(match.categoryGroups));
  set("elderly", match.elderly === null || match.elderly === undefined ? "" : String(match.elderly));
  set("requiredSkills", join(queue.requiredSkills));
  set("priority", queue.priority);
  set("offerTimeoutSeconds", queue.offerTimeoutSeconds);
  set("overflowAfter", queue.overflow ? queue.overflow.afterSeconds : "");
  set("overflowTo", queue.overflow ? queue.overflow.toQueue : "");
  set("serviceLevelSeconds", queue.serviceLevelSeconds);
  set("voiceQueues", join(queue.voiceQueues));
  set("maxWaiting", alerts.maxWaiting);
  set("maxLongestWaitSeconds", alerts.maxLongestWaitSeconds);
  set("minServiceLevel", alerts.minServiceLevel === null || alerts.minServiceLevel === undefined
    ? "" : Math.round(alerts.minServiceLevel * 100));
  $("q-name").focus();
}

async function save(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  hideMessage($("queues-message"));
  const value = (name) => form.elements.namedItem(name).value;
  const elderly = value("elderly");
  const minServiceLevel = numberOrNull(value("minServiceLevel"));
  const body = {
    id: value("id").trim(),
    name: value("name").trim(),
    order: numberOrNull(value("order")),
    match: { channels: list(value("channels")), languages: list(value("languages")),
      categoryGroups: list(value("categoryGroups")), elderly: elderly === "" ? null : elderly === "true" },
    requiredSkills: list(value("requiredSkills")),
    priority: numberOrNull(value("priority")),
    offerTimeoutSeconds: numberOrNull(value("offerTimeoutSeconds")),
    overflow: value("overflowTo").trim()
      ? { afterSeconds: numberOrNull(value("overflowAfter")), toQueue: value("overflowTo").trim() } : null,
    serviceLevelSeconds: numberOrNull(value("serviceLevelSeconds")),
    voiceQueues: list(value("voiceQueues")),
    alerts: { maxWaiting: numberOrNull(value("maxWaiting")),
      maxLongestWaitSeconds: numberOrNull(value("maxLongestWaitSeconds")),
      minServiceLevel: minServiceLevel === null ? null : minServiceLevel / 100 },
  };
  const version = value("version");
  try {
    if (version === "") {
      await api("POST", "/api/v1/admin/queues", body);
    } else {
      body.version = Number(version);
      await api("PUT", `/api/v1/admin/queues/${encodeURIComponent(body.id)}`, body);
    }
    showMessage($("queues-message"), t("queues.saved", { id: body.id }), "success");
    edit(null);
    await reload();
  } catch (error) {
    if (!showFieldErrors(form, error)) {
      showMessage($("queues-message"), error.message, "error");
    }
  }
}

async function removeQueue(queue) {
  if (!window.confirm(t("queues.delete.confirm", { id: queue.id }))) {
    return;
  }
  try {
    await api("DELETE", `/api/v1/admin/queues/${encodeURIComponent(queue.id)}`);
    showMessage($("queues-message"), t("queues.deleted", { id: queue.id }), "success");
    await reload();
  } catch (error) {
    showMessage($("queues-message"), error.message, "error");
  }
}

start();
