/* The 403 page for a page the user's role may not open: only its text needs filling in. */
import { applyText, loadMessages, t } from "./desk.js";

loadMessages().then(() => {
  applyText();
  document.title = t("app.title", { page: t("forbidden.title") });
});
