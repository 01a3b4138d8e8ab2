/*
 * Agent skills: every staff account with its routing profile (skills, chat capacity, the phone
 * interface app_queue rings and the voice queues). Profiles go through /api/v1/admin/agents.
 */
import {
  api, clearFieldErrors, el, hideMessage, showFieldErrors, showMessage, startPage, t,
} from "./desk.js";

const $ = (id) => document.getElementById(id);
const list = (text) => text.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);

async function start() {
  await startPage("agentProfiles", "profiles.title");
  $("profile-form").addEventListener("submit", save);
  document.querySelector("#profile-form [data-cancel]").addEventListener("click", () => {
    $("profile-form").hidden = true;
  });
  await reload();
}

async function reload() {
  const [users, profiles] = await Promise.allSettled([
    api("GET", "/api/v1/admin/users"), api("GET", "/api/v1/admin/agents")]);
  if (profiles.status === "rejected") {
    showMessage($("profiles-message"), profiles.reason.message, "error");
  }
  const byUser = new Map(profiles.status === "fulfilled" ? profiles.value.agents.map((p) => [p.userId, p]) : []);
  const rows = $("profile-rows");
  rows.replaceChildren();
  for (const user of users.status === "fulfilled" ? users.value.users : []) {
    const profile = byUser.get(user.id);
    const editButton = el("button", { type: "button", className: "link-button", text: t("users.edit") });
    editButton.addEventListener("click", () => edit(user));
    const row = el("tr", {}, [
      el("td", { text: user.displayName }), el("td", { text: t(`role.${user.role}`) }),
      el("td", { text: profile ? profile.skills.join(", ") : "" }),
      el("td", { text: profile && profile.chatCapacity !== null ? String(profile.chatCapacity) : t("profiles.default") }),
      el("td", { text: profile && profile.memberInterface ? profile.memberInterface : "—" }),
      el("td", { text: profile ? (profile.queues || []).join(", ") : "" }),
      el("td", { className: "actions" }, [editButton]),
    ]);
    row.dataset.username = user.username;
    rows.append(row);
  }
}

async function edit(user) {
  const form = $("profile-form");
  form.reset();
  clearFieldErrors(form);
  hideMessage($("profiles-message"));
  try {
    const profile = await api("GET", `/api/v1/admin/agents/${encodeURIComponent(user.id)}`);
    $("profile-heading").textContent = t("profiles.edit.heading", { name: user.displayName });
    form.elements.namedItem("userId").value = user.id;
    form.elements.namedItem("version").value = String(profile.version || 0);
    form.elements.namedItem("skills").value = (profile.skills || []).join(", ");
    form.elements.namedItem("chatCapacity").value = profile.chatCapacity === null ? "" : String(profile.chatCapacity);
    form.elements.namedItem("memberInterface").value = profile.memberInterface || "";
    form.elements.namedItem("voiceQueues").value = (profile.voiceQueues || []).join(", ");
    form.hidden = false;
    form.elements.namedItem("skills").focus();
  } catch (error) {
    showMessage($("profiles-message"), error.message, "error");
  }
}

async function save(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const value = (name) => form.elements.namedItem(name).value.trim();
  const userId = value("userId");
  const body = {
    skills: list(value("skills")),
    chatCapacity: value("chatCapacity") === "" ? null : Number(value("chatCapacity")),
    memberInterface: value("memberInterface") || null,
    voiceQueues: list(value("voiceQueues")),
    version: Number(value("version") || 0),
  };
  try {
    await api("PUT", `/api/v1/admin/agents/${encodeURIComponent(userId)}`, body);
    form.hidden = true;
    showMessage($("profiles-message"), t("profiles.saved"), "success");
    await reload();
  } catch (error) {
    if (!showFieldErrors(form, error)) {
      showMessage($("profiles-message"), error.message, "error");
    }
  }
}

start();
