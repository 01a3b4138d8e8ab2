/*
 * Shared code of the staff UI pages: text lookup, the API client (which adds the CSRF token to
 * unsafe requests), the page frame with navigation by role, and small DOM helpers. Text from the
 * server or from people is only ever inserted with textContent or as attribute values, never parsed
 * as HTML.
 */

const LANG_KEY = "yikou.desk.lang";
const SUPPORTED = ["zh-CN", "en"];
const ROLES = ["agent", "supervisor", "administrator"];

/** Navigation entries, each shown to its role and the roles above it. */
const NAV = [
  { id: "home", key: "nav.home", href: "/desk/", role: "agent" },
  { id: "agentDesk", key: "nav.agentDesk", href: "/desk/agent", role: "agent" },
  { id: "wallboard", key: "nav.wallboard", href: "/desk/wallboard", role: "supervisor" },
  { id: "queues", key: "nav.queues", href: "/desk/queues", role: "administrator" },
  { id: "agentProfiles", key: "nav.agentProfiles", href: "/desk/agents", role: "administrator" },
  { id: "users", key: "nav.users", href: "/desk/users", role: "administrator" },
  { id: "audit", key: "nav.audit", href: "/desk/audit", role: "administrator" },
];

let lang = initialLanguage();
let messages = {};
let csrfToken = null;

function initialLanguage() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(LANG_KEY);
  } catch (e) {
    stored = null; // Storage can be disabled; Chinese is the default then.
  }
  return SUPPORTED.includes(stored) ? stored : "zh-CN";
}

export function language() {
  return lang;
}

/** Loads the message table of the current language from the server. */
export async function loadMessages() {
  const response = await fetch(`/desk/i18n/${lang}.json`, { credentials: "same-origin" });
  messages = await response.json();
  document.documentElement.lang = lang;
}

/** Returns the text for a key with {name} placeholders filled; the key itself when missing. */
export function t(key, values) {
  let text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  if (values) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole);
  }
  return text;
}

/** Fills elements marked data-i18n (text), data-i18n-label (aria-label) and data-i18n-placeholder. */
export function applyText(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((element) => {
    element.textContent = t(element.getAttribute("data-i18n"));
  });
  root.querySelectorAll("[data-i18n-label]").forEach((element) => {
    element.setAttribute("aria-label", t(element.getAttribute("data-i18n-label")));
  });
}

/** A failed API call, with the server's error code, message and field errors. */
export class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || [];
  }
}

/**
 * Calls the staff API with the session cookie. Unsafe methods carry the CSRF token. A 401 sends the
 * browser to the login page unless noRedirect is set.
 */
export async function api(method, path, body, { noRedirect = false } = {}) {
  const headers = { "Accept": "application/json", "Accept-Language": lang };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) {
    headers["X-CSRF-Token"] = csrfToken;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, "network", t("error.network"), []);
  }
  if (response.status === 401 && !noRedirect) {
    toLogin();
    throw new ApiError(401, "unauthorized", t("frame.sessionExpired"), []);
  }
  if (response.status === 204) {
    return null;
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch (e) {
    payload = null;
  }
  if (!response.ok) {
    const error = payload && payload.error ? payload.error : {};
    throw new ApiError(response.status, error.code || "error", error.message || t("error.generic"), error.fields);
  }
  return payload;
}

function toLogin() {
  const next = encodeURIComponent(window.location.pathname);
  window.location.assign(`/desk/login?next=${next}`);
}

/** Tells whether a role includes another, as on the server: administrator > supervisor > agent. */
export function roleIncludes(role, required) {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/**
 * Starts a framed page: loads text and the session, fills the header and the navigation for the
 * user's role, and wires language switch and logout. Returns the session.
 */
export async function startPage(pageId, titleKey) {
  await loadMessages();
  const session = await api("GET", "/api/v1/session");
  csrfToken = session.csrfToken || null;
  applyText();
  document.title = t("app.title", { page: t(titleKey) });
  document.getElementById("signed-in").textContent =
    t("frame.signedInAs", { name: session.user.displayName, role: session.user.roleName });
  renderNav(document.getElementById("nav-list"), session.user.role, pageId);
  bindLanguageSwitch(document.getElementById("lang-switch"));
  document.getElementById("logout").addEventListener("click", logout);
  return session;
}

function renderNav(list, role, pageId) {
  list.replaceChildren();
  for (const entry of NAV) {
    if (!roleIncludes(role, entry.role)) {
      continue;
    }
    const item = el("li", { className: "nav-item" });
    if (entry.coming) {
      const span = el("span", { className: "nav-link nav-coming", text: t(entry.key) });
      span.setAttribute("aria-disabled", "true");
      span.dataset.nav = entry.id;
      span.append(el("span", { className: "nav-note", text: t("nav.comingSoon") }));
      item.append(span);
    } else {
      const link = el("a", { className: "nav-link", text: t(entry.key) });
      link.href = entry.href;
      link.dataset.nav = entry.id;
      if (entry.id === pageId) {
        link.setAttribute("aria-current", "page");
      }
      item.append(link);
    }
    list.append(item);
  }
}

/** Wires the language button, which always offers the other language and reloads the page. */
export function bindLanguageSwitch(button) {
  button.setAttribute("aria-label", t("lang.otherLabel"));
  button.addEventListener("click", () => {
    const next = lang === "en" ? "zh-CN" : "en";
    try {
      window.localStorage.setItem(LANG_KEY, next);
    } catch (e) {
      // Without storage the choice cannot outlive the page.
    }
    lang = next;
    window.location.reload();
  });
}

async function logout() {
  try {
    await api("DELETE", "/api/v1/session", undefined, { noRedirect: true });
  } finally {
    window.location.assign("/desk/login");
  }
}

/**
 * Creates an element. props: className, text (set as textContent), type, name, value, id, htmlFor.
 * There is deliberately no way to pass markup.
 */
export function el(tag, props = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (name === "text") {
      element.textContent = String(value);
    } else if (name === "className") {
      element.className = value;
    } else if (name === "htmlFor") {
      element.htmlFor = value;
    } else {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    element.append(child);
  }
  return element;
}

/** Shows a status or error line in a region (role=status or role=alert in the page). */
export function showMessage(region, text, kind = "info") {
  region.textContent = text;
  region.className = `message message-${kind}`;
  region.hidden = false;
}

export function hideMessage(region) {
  region.hidden = true;
  region.textContent = "";
}

/** Marks the form fields an ApiError names and returns whether any field was marked. */
export function showFieldErrors(form, error) {
  clearFieldErrors(form);
  let marked = false;
  for (const field of error.fields || []) {
    const input = form.elements.namedItem(field.field);
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field.field)}"]`);
    if (input) {
      input.setAttribute("aria-invalid", "true");
    }
    if (slot) {
      slot.textContent = field.message;
      slot.hidden = false;
      marked = true;
    }
  }
  return marked;
}

export function clearFieldErrors(form) {
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  form.querySelectorAll("[data-error-for]").forEach((slot) => {
    slot.hidden = true;
    slot.textContent = "";
  });
}

/** Formats an ISO instant in the page language and the browser's time zone. */
export function formatTime(iso) {
  if (!iso) {
    return "";
  }
  return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "zh-CN", { hour12: false });
}

/** Formats whole seconds as m:ss, or h:mm:ss from one hour. */
export function formatDuration(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Returns whole seconds from now until an ISO instant, never below zero. */
export function secondsUntil(iso) {
  return iso ? Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000)) : 0;
}

/**
 * Returns the seconds an agent has been in its state, counted on in the browser from the server's
 * secondsInState at receipt (so a skewed browser clock does not matter), else from since.
 */
export function secondsInState(agent) {
  if (typeof agent.secondsInState === "number" && agent.receivedAt) {
    return agent.secondsInState + (Date.now() - agent.receivedAt) / 1000;
  }
  return agent.since ? (Date.now() - Date.parse(agent.since)) / 1000 : 0;
}

/** Fills a select with options of value and text, keeping the chosen value when it still exists. */
export function fillSelect(select, options, { emptyText } = {}) {
  const chosen = select.value;
  select.replaceChildren();
  if (emptyText !== undefined) {
    select.append(el("option", { value: "", text: emptyText }));
  }
  for (const option of options) {
    select.append(el("option", { value: option.value, text: option.text }));
  }
  if (options.some((option) => option.value === chosen)) {
    select.value = chosen;
  }
}
