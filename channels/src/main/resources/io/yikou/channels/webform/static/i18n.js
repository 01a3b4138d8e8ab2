/*
 * Language choice and text lookup for the citizen pages. Chinese is the default; English is used
 * when the visitor picked it with the switch, or when the browser prefers English over Chinese.
 * Elements name their text with data-i18n (text content), data-i18n-label (aria-label) or
 * data-i18n-placeholder; apply() fills them. Text is always set as text, never parsed as HTML.
 */
"use strict";

window.YikouI18n = (function () {
  var STORAGE_KEY = "yikou.lang";
  var SUPPORTED = ["zh-CN", "en"];
  var listeners = [];
  var lang = initialLanguage();

  function initialLanguage() {
    var stored = null;
    try {
      stored = window.localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      stored = null; // Storage can be disabled; the browser's preference decides then.
    }
    if (SUPPORTED.indexOf(stored) >= 0) {
      return stored;
    }
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < preferred.length; i++) {
      var tag = String(preferred[i]).toLowerCase();
      if (tag.indexOf("zh") === 0) {
        return "zh-CN";
      }
      if (tag.indexOf("en") === 0) {
        return "en";
      }
    }
    return "zh-CN";
  }

  function t(key, values) {
    var table = window.YikouMessages[lang] || window.YikouMessages["zh-CN"];
    var text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
    if (values) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
      });
    }
    return text;
  }

  function apply(root) {
    var scope = root || document;
    scope.querySelectorAll("[data-i18n]").forEach(function (element) {
      element.textContent = t(element.getAttribute("data-i18n"));
    });
    scope.querySelectorAll("[data-i18n-label]").forEach(function (element) {
      element.setAttribute("aria-label", t(element.getAttribute("data-i18n-label")));
    });
    scope.querySelectorAll("[data-i18n-placeholder]").forEach(function (element) {
      element.setAttribute("placeholder", t(element.getAttribute("data-i18n-placeholder")));
    });
    document.documentElement.lang = lang;
  }

  function setLanguage(next) {
    if (SUPPORTED.indexOf(next) < 0) {
      return;
    }
    lang = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch (e) {
      // Without storage the choice lasts until the page is left.
    }
    apply(document);
    listeners.forEach(function (listener) {
      listener(lang);
    });
  }

  /** Wires the language switch button, which always offers the other language. */
  function bindSwitch(button) {
    button.addEventListener("click", function () {
      setLanguage(lang === "en" ? "zh-CN" : "en");
    });
  }

  /** Formats a byte count as MB or KB for hints and messages. */
  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024) {
      var mb = bytes / (1024 * 1024);
      return (Math.round(mb * 10) / 10) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  return {
    t: t,
    apply: apply,
    bindSwitch: bindSwitch,
    formatBytes: formatBytes,
    language: function () {
      return lang;
    },
    onChange: function (listener) {
      listeners.push(listener);
    }
  };
})();
