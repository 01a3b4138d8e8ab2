/* The login page: posts the name and password as JSON and continues to the page the user wanted. */
import { api, applyText, bindLanguageSwitch, hideMessage, loadMessages, showMessage, t } from "./desk.js";

/** Returns the page to open after login: a /desk/ path from ?next=, never another site. */
function nextPage() {
  const next = new URLSearchParams(window.location.search).get("next");
  if (next && next.startsWith("/desk/") && !next.startsWith("//") && !next.includes("\\")) {
    return next;
  }
  return "/desk/";
}

async function start() {
  await loadMessages();
  applyText();
  document.title = t("app.title", { page: t("login.title") });
  bindLanguageSwitch(document.getElementById("lang-switch"));

  const form = document.getElementById("login-form");
  const message = document.getElementById("login-message");
  const submit = document.getElementById("login-submit");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    submit.disabled = true;
    submit.textContent = t("login.busy");
    try {
      await api("POST", "/api/v1/session", {
        username: form.elements.namedItem("username").value,
        password: form.elements.namedItem("password").value,
      }, { noRedirect: true });
      window.location.assign(nextPage());
    } catch (error) {
      form.elements.namedItem("password").value = "";
      showMessage(message, error.message, "error");
      form.elements.namedItem("password").focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t("login.submit");
    }
  });
  form.hidden = false;
  form.elements.namedItem("username").focus();
}

start();
