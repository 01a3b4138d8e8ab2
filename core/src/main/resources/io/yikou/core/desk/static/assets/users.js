/*
 * User administration: list accounts, open new ones, change name, role and enabled state, and reset
 * passwords. Every action goes through /api/v1/admin/users, which checks the administrator role.
 */
import {
  api, clearFieldErrors, el, formatTime, hideMessage, showFieldErrors, showMessage, startPage, t,
} from "./desk.js";

const ROLES = ["agent", "supervisor", "administrator"];

let me = null;
let users = [];
const status = () => document.getElementById("users-message");

async function start() {
  const session = await startPage("users", "users.title");
  me = session.user;
  fillRoleSelect(document.getElementById("create-role"), "agent");
  fillRoleSelect(document.getElementById("edit-role"), "agent");
  document.getElementById("create-password-hint").textContent =
    t("users.field.password.hint", { min: session.passwordMinLength });
  document.getElementById("create-form").addEventListener("submit", createUser);
  document.getElementById("edit-form").addEventListener("submit", saveEdit);
  document.getElementById("reset-form").addEventListener("submit", resetPassword);
  document.querySelectorAll("[data-cancel]").forEach((button) =>
    button.addEventListener("click", () => closePanel(button.closest("form"))));
  await reload();
}

function fillRoleSelect(select, selected) {
  select.replaceChildren();
  for (const role of ROLES) {
    const option = el("option", { value: role, text: t(`role.${role}`) });
    option.selected = role === selected;
    select.append(option);
  }
}

async function reload() {
  const body = await api("GET", "/api/v1/admin/users");
  users = body.users;
  renderTable();
}

function renderTable() {
  const rows = document.getElementById("users-rows");
  rows.replaceChildren();
  document.getElementById("users-empty").hidden = users.length > 0;
  for (const user of users) {
    const actions = el("td", { className: "actions" });
    const own = user.id === me.id;
    actions.append(actionButton("users.edit", "edit", user, () => openEdit(user)));
    if (!own) {
      actions.append(user.enabled
        ? actionButton("users.disable", "disable", user, () => setEnabled(user, false))
        : actionButton("users.enable", "enable", user, () => setEnabled(user, true)));
    }
    actions.append(actionButton("users.reset", "reset", user, () => openReset(user)));
    const row = el("tr", {}, [
      el("td", { text: user.username }),
      el("td", { text: user.displayName }),
      el("td", { text: user.roleName }),
      el("td", { className: user.enabled ? "status-on" : "status-off",
        text: t(user.enabled ? "users.status.enabled" : "users.status.disabled") }),
      el("td", { text: formatTime(user.createdAt) }),
      actions,
    ]);
    row.dataset.username = user.username;
    row.setAttribute("aria-label", t("users.rowLabel", { username: user.username }));
    rows.append(row);
  }
}

function actionButton(key, action, user, onClick) {
  const button = el("button", { type: "button", className: "link-button", text: t(key) });
  button.dataset.action = action;
  button.dataset.user = user.username;
  button.addEventListener("click", onClick);
  return button;
}

async function createUser(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  hideMessage(status());
  try {
    const user = await api("POST", "/api/v1/admin/users", {
      username: form.elements.namedItem("username").value,
      displayName: form.elements.namedItem("displayName").value,
      role: form.elements.namedItem("role").value,
      password: form.elements.namedItem("password").value,
    });
    form.reset();
    fillRoleSelect(document.getElementById("create-role"), "agent");
    showMessage(status(), t("users.create.done", { username: user.username }), "success");
    await reload();
  } catch (error) {
    showFieldErrors(form, error);
    showMessage(status(), error.message, "error");
  }
}

function openEdit(user) {
  const form = document.getElementById("edit-form");
  closePanel(document.getElementById("reset-form"));
  clearFieldErrors(form);
  form.dataset.id = user.id;
  form.dataset.username = user.username;
  document.getElementById("edit-heading").textContent = t("users.edit.heading", { username: user.username });
  form.elements.namedItem("displayName").value = user.displayName;
  fillRoleSelect(document.getElementById("edit-role"), user.role);
  form.elements.namedItem("enabled").checked = user.enabled;
  const own = user.id === me.id;
  form.elements.namedItem("role").disabled = own;
  form.elements.namedItem("enabled").disabled = own;
  document.getElementById("edit-own").hidden = !own;
  form.hidden = false;
  form.elements.namedItem("displayName").focus();
}

async function saveEdit(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const changes = { displayName: form.elements.namedItem("displayName").value };
  if (!form.elements.namedItem("role").disabled) {
    changes.role = form.elements.namedItem("role").value;
    changes.enabled = form.elements.namedItem("enabled").checked;
  }
  try {
    await api("PATCH", `/api/v1/admin/users/${encodeURIComponent(form.dataset.id)}`, changes);
    showMessage(status(), t("users.edit.done", { username: form.dataset.username }), "success");
    closePanel(form);
    await reload();
  } catch (error) {
    showFieldErrors(form, error);
    showMessage(status(), error.message, "error");
  }
}

async function setEnabled(user, enabled) {
  try {
    await api("PATCH", `/api/v1/admin/users/${encodeURIComponent(user.id)}`, { enabled });
    showMessage(status(), t(enabled ? "users.enable.done" : "users.disable.done", { username: user.username }),
      "success");
    await reload();
  } catch (error) {
    showMessage(status(), error.message, "error");
  }
}

function openReset(user) {
  const form = document.getElementById("reset-form");
  closePanel(document.getElementById("edit-form"));
  clearFieldErrors(form);
  form.dataset.id = user.id;
  form.dataset.username = user.username;
  document.getElementById("reset-heading").textContent = t("users.reset.heading", { username: user.username });
  form.hidden = false;
  form.elements.namedItem("password").focus();
}

async function resetPassword(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  try {
    await api("PUT", `/api/v1/admin/users/${encodeURIComponent(form.dataset.id)}/password`, {
      password: form.elements.namedItem("password").value,
    });
    showMessage(status(), t("users.reset.done", { username: form.dataset.username }), "success");
    closePanel(form);
  } catch (error) {
    showFieldErrors(form, error);
    showMessage(status(), error.message, "error");
  }
}

function closePanel(form) {
  form.reset();
  form.hidden = true;
}

start();
