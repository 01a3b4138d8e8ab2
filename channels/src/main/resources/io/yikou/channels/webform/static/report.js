/*
 * The report form: loads the server's limits and the category list, checks the input before sending
 * and submits it as multipart/form-data. The server checks everything again. Each form fill has one
 * Idempotency-Key, so a double click or a retry after a lost reply files one ticket.
 * Everything the server returns is inserted with textContent, never as HTML.
 */
"use strict";

(function () {
  const i18n = window.YikouI18n;
  const t = i18n.t;

  // Used until /api/v1/reports/limits responds; the server's values replace them.
  const limits = {
    maxDescriptionChars: 5000,
    maxAddressChars: 200,
    maxNameChars: 50,
    maxPhotos: 5,
    maxPhotoBytes: 5 * 1024 * 1024,
    photoTypes: ["image/gif", "image/heic", "image/jpeg", "image/png", "image/webp"]
  };

  const state = {
    idempotencyKey: newIdempotencyKey(),
    photos: [],
    location: null,
    locationMessage: null,
    submitting: false,
    // field name -> {key, values} for checks made here, or {text} for messages from the server
    errors: {},
    photoErrors: {}
  };

  const byId = (id) => document.getElementById(id);

  function removeChildren(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }
  const form = byId("report-form");

  /** Returns 32 random hex digits; crypto.getRandomValues also works on plain-HTTP pages. */
  function newIdempotencyKey() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => ("0" + b.toString(16)).slice(-2)).join("");
  }

  /** Counts characters the way the server does: by code point, with CRLF as one line break. */
  function characterCount(text) {
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  function loadLimits() {
    return fetch("/api/v1/reports/limits", { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((body) => {
        if (body) {
          Object.keys(limits).forEach((name) => {
            if (body[name] !== undefined) {
              limits[name] = body[name];
            }
          });
        }
      })
      .catch(() => {
        // The defaults above stay; the server still enforces its own limits.
      })
      .then(renderLimits);
  }

  function renderLimits() {
    byId("photos-hint").textContent = t("photos.hint", {
      max: limits.maxPhotos,
      size: i18n.formatBytes(limits.maxPhotoBytes)
    });
    updateCounter();
    renderPhotos();
  }

  function loadCategories() {
    fetch("/api/v1/categories", { headers: { Accept: "application/json", "Accept-Language": i18n.language() } })
      .then((response) => {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then((body) => renderCategories(body.categories || []))
      .catch(() => showError("category", { key: "category.loadFailed" }));
  }

  function renderCategories(roots) {
    const select = byId("category");
    roots.forEach((root) => {
      const group = document.createElement("optgroup");
      group.label = root.name;
      addLeaves(group, root.children || [], []);
      if (group.children.length > 0) {
        select.appendChild(group);
      }
    });
  }

  function addLeaves(group, nodes, path) {
    nodes.forEach((node) => {
      const names = path.concat([node.name]);
      if (node.children && node.children.length > 0) {
        addLeaves(group, node.children, names);
        return;
      }
      const option = document.createElement("option");
      option.value = node.code;
      option.textContent = names.join(" / ");
      group.appendChild(option);
    });
  }

  function updateCounter() {
    const description = byId("description");
    const counter = byId("description-counter");
    const count = characterCount(description.value);
    const over = count - limits.maxDescriptionChars;
    counter.textContent = over > 0
      ? t("description.counter", { count: count, max: limits.maxDescriptionChars }) + " " + t("description.over", { over: over })
      : t("description.counter", { count: count, max: limits.maxDescriptionChars });
    counter.classList.toggle("over", over > 0);
  }

  // ---- Location ----

  function useLocation() {
    if (!navigator.geolocation || window.isSecureContext === false) {
      setLocationMessage("location.unsupported");
      return;
    }
    setLocationMessage("location.locating");
    navigator.geolocation.getCurrentPosition((position) => {
      state.location = {
        lat: position.coords.latitude,
        lon: position.coords.longitude,
        accuracy: Math.round(position.coords.accuracy)
      };
      clearError("location");
      renderLocation();
    }, (error) => {
      state.location = null;
      setLocationMessage(error.code === 1 ? "location.denied" : "location.failed");
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  }

  function clearLocation() {
    state.location = null;
    setLocationMessage("location.cleared");
    byId("location-use").focus();
  }

  function setLocationMessage(key) {
    state.locationMessage = key;
    renderLocation();
  }

  function renderLocation() {
    const status = byId("location-status");
    if (state.location) {
      status.textContent = t("location.got", {
        lat: state.location.lat.toFixed(5),
        lon: state.location.lon.toFixed(5),
        accuracy: state.location.accuracy
      });
    } else {
      status.textContent = state.locationMessage ? t(state.locationMessage) : "";
    }
    byId("location-clear").hidden = !state.location;
  }

  // ---- Photos ----

  function isAcceptedType(file) {
    const type = (file.type || "").toLowerCase();
    if (limits.photoTypes.indexOf(type) >= 0) {
      return true;
    }
    // Some phones leave HEIC photos without a type, or call them image/heif.
    const heic = limits.photoTypes.indexOf("image/heic") >= 0;
    return heic && (type === "image/heif" || (type === "" && /\.(heic|heif)$/i.test(file.name)));
  }

  function addPhotos(files) {
    clearError("photos");
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      if (state.photos.length >= limits.maxPhotos) {
        showError("photos", { key: "photos.tooMany", values: { max: limits.maxPhotos } });
        break;
      }
      if (!isAcceptedType(file)) {
        showError("photos", { key: "photos.badType", values: { name: file.name } });
        continue;
      }
      if (file.size > limits.maxPhotoBytes) {
        showError("photos", { key: "photos.tooLarge", values: { name: file.name, size: i18n.formatBytes(limits.maxPhotoBytes) } });
        continue;
      }
      state.photos.push({ file: file, url: URL.createObjectURL(file) });
    }
    state.photoErrors = {};
    renderPhotos();
  }

  function removePhoto(index) {
    const removed = state.photos.splice(index, 1)[0];
    URL.revokeObjectURL(removed.url);
    state.photoErrors = {};
    clearError("photos");
    renderPhotos();
    byId("photos").focus();
  }

  function renderPhotos() {
    const list = byId("photo-list");
    removeChildren(list);
    state.photos.forEach((photo, index) => {
      const item = document.createElement("li");
      item.className = "photo";

      const image = document.createElement("img");
      image.src = photo.url;
      image.alt = photo.file.name;
      item.appendChild(image);

      const details = document.createElement("div");
      details.className = "photo-details";
      const name = document.createElement("p");
      name.className = "photo-name";
      name.textContent = photo.file.name + " (" + i18n.formatBytes(photo.file.size) + ")";
      details.appendChild(name);

      const error = document.createElement("p");
      error.className = "field-error";
      error.id = "error-photo-" + index;
      error.hidden = !state.photoErrors[index];
      error.textContent = state.photoErrors[index] || "";
      details.appendChild(error);

      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button secondary small";
      remove.textContent = t("photos.remove");
      remove.setAttribute("aria-label", t("photos.removeLabel", { name: photo.file.name }));
      remove.addEventListener("click", () => removePhoto(index));
      details.appendChild(remove);

      item.appendChild(details);
      list.appendChild(item);
    });
    byId("photos-count").textContent = state.photos.length === 0 ? ""
      : t("photos.count", { count: state.photos.length, max: limits.maxPhotos });
  }

  // ---- Errors ----

  const FIELD_INPUTS = {
    type: () => form.querySelector("input[name=type]"),
    category: () => byId("category"),
    description: () => byId("description"),
    address: () => byId("address"),
    location: () => byId("location-use"),
    photos: () => byId("photos"),
    phone: () => byId("phone"),
    name: () => byId("name"),
    consent: () => byId("consent")
  };

  /** Maps a field name from the API to the field on this page. */
  function pageField(apiField) {
    if (apiField === "lat" || apiField === "lon" || apiField.indexOf("location") === 0) {
      return "location";
    }
    return Object.prototype.hasOwnProperty.call(FIELD_INPUTS, apiField) ? apiField : null;
  }

  function errorText(error) {
    return error.text !== undefined ? error.text : t(error.key, error.values);
  }

  function showError(field, error) {
    state.errors[field] = error;
    renderError(field);
  }

  function clearError(field) {
    delete state.errors[field];
    renderError(field);
  }

  function renderError(field) {
    const element = byId("error-" + field);
    const error = state.errors[field];
    element.hidden = !error;
    element.textContent = error ? errorText(error) : "";
    byId("field-" + field).classList.toggle("has-error", Boolean(error));
    const input = FIELD_INPUTS[field]();
    if (input && input.tagName !== "BUTTON") {
      if (error) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    }
  }

  function clearAllErrors() {
    Object.keys(FIELD_INPUTS).forEach(clearError);
    state.photoErrors = {};
    renderPhotos();
    byId("error-summary").hidden = true;
  }

  /** Shows the summary above the form: one link per field error, plus messages that belong to no field. */
  function showSummary(general) {
    const summary = byId("error-summary");
    const list = byId("error-summary-list");
    byId("error-summary-title").textContent = general || t("errors.summary");
    removeChildren(list);
    Object.keys(FIELD_INPUTS).forEach((field) => {
      if (!state.errors[field]) {
        return;
      }
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#field-" + field;
      link.textContent = errorText(state.errors[field]);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const input = FIELD_INPUTS[field]();
        byId("field-" + field).scrollIntoView({ block: "center" });
        if (input) {
          input.focus();
        }
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    Object.keys(state.photoErrors).forEach((index) => {
      const item = document.createElement("li");
      item.textContent = state.photos[index] ? state.photos[index].file.name + ": " + state.photoErrors[index]
        : state.photoErrors[index];
      list.appendChild(item);
    });
    list.hidden = list.children.length === 0;
    summary.hidden = false;
    summary.focus();
  }

  function validateHere() {
    if (!form.querySelector("input[name=type]:checked")) {
      showError("type", { key: "required" });
    }
    const description = byId("description").value;
    if (description.trim() === "") {
      showError("description", { key: "required" });
    } else if (characterCount(description) > limits.maxDescriptionChars) {
      showError("description", { key: "tooLong", values: { max: limits.maxDescriptionChars } });
    }
    if (characterCount(byId("address").value.trim()) > limits.maxAddressChars) {
      showError("address", { key: "tooLong", values: { max: limits.maxAddressChars } });
    }
    if (characterCount(byId("name").value.trim()) > limits.maxNameChars) {
      showError("name", { key: "tooLong", values: { max: limits.maxNameChars } });
    }
    if (!byId("consent").checked) {
      showError("consent", { key: "consentRequired" });
    }
    return Object.keys(state.errors).length === 0;
  }

  function showServerErrors(status, body) {
    const error = body && body.error ? body.error : null;
    if (status === 422 && error && error.code === "idempotency_key_reused") {
      showSummary(t("errors.changedAfterSubmit"));
      return;
    }
    if (status >= 500 || !error) {
      const incident = error && error.incident ? " (" + error.incident + ")" : "";
      showSummary(t("errors.server") + incident);
      return;
    }
    const unplaced = [];
    (error.fields || []).forEach((fieldError) => {
      const photo = /^photos\[(\d+)\]$/.exec(fieldError.field);
      if (photo) {
        state.photoErrors[Number(photo[1])] = fieldError.message;
        return;
      }
      const field = pageField(fieldError.field);
      if (field) {
        showError(field, { text: fieldError.message });
      } else {
        unplaced.push(fieldError.message);
      }
    });
    renderPhotos();
    const fieldless = !error.fields || error.fields.length === 0;
    showSummary(fieldless ? error.message : t("errors.summary") + (unplaced.length ? " " + unplaced.join(" ") : ""));
  }

  // ---- Submission ----

  function formData() {
    const data = new FormData();
    const type = form.querySelector("input[name=type]:checked");
    data.append("type", type ? type.value : "");
    data.append("category", byId("category").value);
    data.append("description", byId("description").value);
    data.append("address", byId("address").value);
    if (state.location) {
      data.append("lat", String(state.location.lat));
      data.append("lon", String(state.location.lon));
    }
    data.append("phone", byId("phone").value);
    data.append("name", byId("name").value);
    data.append("consent", byId("consent").checked ? "true" : "false");
    state.photos.forEach((photo) => data.append("photos", photo.file, photo.file.name));
    return data;
  }

  function setSubmitting(submitting) {
    state.submitting = submitting;
    const button = byId("submit");
    button.disabled = submitting;
    button.setAttribute("aria-busy", submitting ? "true" : "false");
    byId("submit-status").textContent = submitting ? t("submitting") : "";
  }

  function submit(event) {
    event.preventDefault();
    if (state.submitting) {
      return;
    }
    clearAllErrors();
    if (!validateHere()) {
      showSummary();
      return;
    }
    setSubmitting(true);
    fetch("/api/v1/reports", {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Accept-Language": i18n.language(),
        "Idempotency-Key": state.idempotencyKey
      },
      body: formData()
    })
      .then((response) => response.json().catch(() => null).then((body) => ({ status: response.status, body: body })))
      .then((reply) => {
        setSubmitting(false);
        if ((reply.status === 200 || reply.status === 201) && reply.body && reply.body.number) {
          showDone(reply.body);
        } else {
          showServerErrors(reply.status, reply.body);
        }
      })
      .catch(() => {
        // The same Idempotency-Key goes with the retry, so a ticket the server did create is returned.
        setSubmitting(false);
        showSummary(t("errors.network"));
      });
  }

  function showDone(result) {
    byId("form-area").hidden = true;
    byId("done-number").textContent = result.number;
    byId("done-token").textContent = result.lookupToken;
    byId("done-repeat").hidden = result.created !== false;
    byId("done-status-link").href = "/report/status?number=" + encodeURIComponent(result.number)
      + "&token=" + encodeURIComponent(result.lookupToken);
    const done = byId("done");
    done.hidden = false;
    done.focus();
  }

  function startAgain() {
    form.reset();
    state.photos.forEach((photo) => URL.revokeObjectURL(photo.url));
    state.photos = [];
    state.location = null;
    state.locationMessage = null;
    state.idempotencyKey = newIdempotencyKey();
    clearAllErrors();
    renderLocation();
    updateCounter();
    byId("done").hidden = true;
    byId("form-area").hidden = false;
    document.querySelector("h1").scrollIntoView();
    form.querySelector("input[name=type]").focus();
  }

  function start() {
    i18n.apply(document);
    i18n.bindSwitch(byId("lang-switch"));
    i18n.onChange(() => {
      renderLimits();
      renderLocation();
      Object.keys(FIELD_INPUTS).forEach(renderError);
    });

    byId("description").addEventListener("input", updateCounter);
    byId("location-use").addEventListener("click", useLocation);
    byId("location-clear").addEventListener("click", clearLocation);
    byId("photos").addEventListener("change", (event) => {
      addPhotos(event.target.files);
      event.target.value = "";
    });
    byId("done-again").addEventListener("click", startAgain);
    form.addEventListener("submit", submit);

    renderLimits();
    loadLimits();
    loadCategories();
  }

  start();
})();
