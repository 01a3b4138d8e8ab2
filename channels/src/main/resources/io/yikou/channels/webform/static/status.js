/*
 * The progress page: reads the ticket number and lookup code (prefilled from ?number=&token=),
 * requests GET /api/v1/reports/{number}?token=... and shows status, type, category, history and the
 * handling department's notice. Times are shown in Beijing time whatever the device's time zone. Server text
 * is inserted with textContent, never as HTML.
 */
"use strict";

(function () {
  const i18n = window.YikouI18n;
  const t = i18n.t;
  const byId = (id) => document.getElementById(id);
  let lastResult = null;
  let lastError = null;

  function removeChildren(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  function formatTime(iso) {
    const date = new Date(iso);
    if (isNaN(date.getTime())) {
      return iso;
    }
    return new Intl.DateTimeFormat(i18n.language() === "en" ? "en-GB" : "zh-CN", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false
    }).format(date);
  }

  function showError(text) {
    lastError = text;
    byId("status-error-text").textContent = text;
    const box = byId("status-error");
    box.hidden = false;
    box.focus();
  }

  function render(result) {
    byId("result-status").textContent = result.statusName;
    byId("result-number").textContent = result.number;
    byId("result-type").textContent = result.typeName;
    const hasCategory = Boolean(result.category);
    byId("result-category-term").hidden = !hasCategory;
    byId("result-category").hidden = !hasCategory;
    byId("result-category").textContent = result.category || "";
    byId("result-created").textContent = formatTime(result.createdAt);
    byId("result-updated").textContent = formatTime(result.updatedAt);
    byId("result-notice-block").hidden = !result.notice;
    byId("result-notice").textContent = result.notice || "";

    const history = byId("result-history");
    removeChildren(history);
    (result.history || []).forEach((entry) => {
      const item = document.createElement("li");
      const time = document.createElement("time");
      time.dateTime = entry.at;
      time.textContent = formatTime(entry.at);
      const name = document.createElement("span");
      name.className = "history-status";
      name.textContent = entry.statusName;
      item.appendChild(time);
      item.appendChild(name);
      history.appendChild(item);
    });
  }

  function lookUp(number, token) {
    byId("status-error").hidden = true;
    lastError = null;
    byId("lookup-status").textContent = t("status.loading");
    byId("lookup").disabled = true;
    const url = "/api/v1/reports/" + encodeURIComponent(number) + "?token=" + encodeURIComponent(token);
    fetch(url, { headers: { Accept: "application/json", "Accept-Language": i18n.language() } })
      .then((response) => response.json().catch(() => null).then((body) => ({ status: response.status, body: body })))
      .then((reply) => {
        byId("lookup-status").textContent = "";
        byId("lookup").disabled = false;
        if (reply.status === 200 && reply.body) {
          lastResult = { number: number, token: token };
          render(reply.body);
          const result = byId("result");
          result.hidden = false;
          result.focus();
          return;
        }
        byId("result").hidden = true;
        const message = reply.body && reply.body.error ? reply.body.error.message : t("errors.server");
        showError(message);
      })
      .catch(() => {
        byId("lookup-status").textContent = "";
        byId("lookup").disabled = false;
        showError(t("errors.network"));
      });
  }

  function submit(event) {
    event.preventDefault();
    const number = byId("number").value.trim();
    const token = byId("token").value.trim();
    if (!number || !token) {
      showError(t("status.missing"));
      (number ? byId("token") : byId("number")).focus();
      return;
    }
    lookUp(number, token);
  }

  function start() {
    i18n.apply(document);
    i18n.bindSwitch(byId("lang-switch"));
    i18n.onChange(() => {
      // Status and type names come from the server in the page's language, so request them again.
      if (lastResult) {
        lookUp(lastResult.number, lastResult.token);
      } else if (lastError) {
        byId("status-error").hidden = true;
      }
    });
    byId("status-form").addEventListener("submit", submit);

    const query = new URLSearchParams(window.location.search);
    const number = query.get("number");
    const token = query.get("token");
    if (number) {
      byId("number").value = number;
    }
    if (token) {
      byId("token").value = token;
    }
    if (number && token) {
      lookUp(number.trim(), token.trim());
    }
  }

  start();
})();
