/* The home page: who is logged in, until when, and the form to change one's own password. */
import { api, clearFieldErrors, formatTime, showFieldErrors, showMessage, startPage, t } from "./desk.js";

async function start() {
  const session = await startPage("home", "home.title");
  const user = session.user;
  document.getElementById("home-heading").textContent = t("home.heading", { name: user.displayName });
  document.getElementById("home-role").textContent = t("home.role", { role: user.roleName });
  document.getElementById("home-username").textContent = t("home.loginName", { username: user.username });
  if (session.absoluteExpiresAt) {
    document.getElementById("home-session").textContent =
      t("home.sessionEnds", { time: formatTime(session.absoluteExpiresAt) });
  }

  const form = document.getElementById("password-form");
  const message = document.getElementById("password-message");
  if (session.kind !== "session") {
    form.hidden = true;
    return;
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const next = form.elements.namedItem("newPassword").value;
    if (next !== form.elements.namedItem("repeatPassword").value) {
      showMessage(message, t("home.password.mismatch"), "error");
      return;
    }
    try {
      await api("PUT", "/api/v1/session/password", {
        currentPassword: form.elements.namedItem("currentPassword").value,
        newPassword: next,
      });
      form.reset();
      showMessage(message, t("home.password.done"), "success");
    } catch (error) {
      showFieldErrors(form, error);
      showMessage(message, error.message, "error");
    }
  });
}

start();
