// Orrery's GraphQL explorer: run operations against POST /graphql. The schema browser is in
// explorer-schema.js. Plain DOM, no framework, no external files.
(function () {
  "use strict";

  var root = document.querySelector("[data-explorer]");
  if (!root) return;
  var endpoint = root.getAttribute("data-endpoint") || "/graphql";
  var byId = function (id) { return document.getElementById(id); };
  var form = byId("x-form");
  var query = byId("x-query");
  var variables = byId("x-variables");
  var actor = byId("x-actor");
  var run = byId("x-run");
  var status = byId("x-status");
  var errorList = byId("x-errors");
  var result = byId("x-result");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // ---- Requests -------------------------------------------------------------------------

  // POSTs a GraphQL request as JSON; resolves with the status and the body (parsed if JSON).
  function post(body, actorName) {
    var headers = { "content-type": "application/json", accept: "application/json" };
    if (actorName) headers["x-orrery-actor"] = actorName;
    return fetch(endpoint, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = JSON.parse(text); } catch (e) { json = null; }
        return { status: res.status, statusText: res.statusText, text: text, json: json };
      });
    });
  }

  // Shared with explorer-schema.js (loaded after this file).
  window.OrreryExplorer = { el: el, post: post };

  // ---- The editor -----------------------------------------------------------------------

  var STORE = "orrery.explorer.";
  var saved = [["query", query], ["variables", variables], ["actor", actor]];

  function restore() {
    try {
      saved.forEach(function (pair) {
        var value = window.localStorage.getItem(STORE + pair[0]);
        if (value !== null) pair[1].value = value;
      });
    } catch (e) { /* storage may be disabled; the defaults stay */ }
  }

  function remember() {
    try {
      saved.forEach(function (pair) { window.localStorage.setItem(STORE + pair[0], pair[1].value); });
    } catch (e) { /* not remembered, still runs */ }
  }

  // Tab indents inside the code boxes; Esc then Tab leaves them (keyboard users are not
  // trapped). Ctrl/Cmd+Enter runs from any field.
  var escaped = false;
  form.addEventListener("keydown", function (e) {
    var afterEscape = escaped;
    escaped = e.key === "Escape";
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      execute();
      return;
    }
    if (e.key !== "Tab" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || afterEscape) return;
    var box = e.target;
    if (box.tagName !== "TEXTAREA") return;
    e.preventDefault();
    if (!(document.execCommand && document.execCommand("insertText", false, "  "))) {
      box.setRangeText("  ", box.selectionStart, box.selectionEnd, "end");
    }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    execute();
  });

  // The variables as an object or null, or why they cannot be sent.
  function readVariables() {
    var text = variables.value.trim();
    if (text === "") return { value: null };
    var value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: "The variables are not valid JSON: " + e.message + "." };
    }
    if (value !== null && (typeof value !== "object" || Array.isArray(value))) {
      return { error: "The variables must be a JSON object, like {\"slug\": \"checkout\"}." };
    }
    return { value: value };
  }

  function showVariablesError(message) {
    var box = byId("x-variables-error");
    box.textContent = message || "";
    box.hidden = !message;
    byId("x-variables-field").classList.toggle("field--error", !!message);
    if (message) {
      variables.setAttribute("aria-invalid", "true");
      variables.setAttribute("aria-describedby", "x-variables-error");
    } else {
      variables.removeAttribute("aria-invalid");
      variables.removeAttribute("aria-describedby");
    }
  }

  function setStatus(text, bad) {
    status.textContent = text;
    status.classList.toggle("explorer__status--bad", !!bad);
  }

  var running = false;

  function execute() {
    if (running) return;
    var vars = readVariables();
    if (vars.error) {
      showVariablesError(vars.error);
      setStatus("Not sent: fix the variables first.", true);
      variables.focus();
      return;
    }
    showVariablesError(null);
    remember();
    running = true;
    run.disabled = true;
    setStatus("Running…");
    var started = performance.now();
    post({ query: query.value, variables: vars.value }, actor.value.trim())
      .then(function (response) {
        showResponse(response, Math.round(performance.now() - started));
      }, function (err) {
        errorList.hidden = true;
        result.textContent = "";
        setStatus("The request did not complete: " + err.message, true);
      })
      .then(function () {
        running = false;
        run.disabled = false;
      });
  }

  function showResponse(response, ms) {
    var body = response.json;
    var errors = body && Array.isArray(body.errors) ? body.errors : [];
    errorList.textContent = "";
    errors.forEach(function (error) {
      var item = el("li");
      var code = error.extensions && error.extensions.code;
      if (code) item.appendChild(el("code", "explorer__code-tag", code));
      item.appendChild(document.createTextNode(" " + (error.message || "error")));
      if (Array.isArray(error.path)) item.appendChild(el("span", "muted", " at " + error.path.join(".")));
      errorList.appendChild(item);
    });
    errorList.hidden = errors.length === 0;
    result.textContent = body !== null ? JSON.stringify(body, null, 2) : response.text;
    var bad = errors.length > 0 || response.status >= 400;
    result.classList.toggle("explorer__result--bad", bad);
    var parts = [response.status + (response.statusText ? " " + response.statusText : ""), ms + " ms"];
    if (errors.length) parts.push(errors.length + (errors.length === 1 ? " error" : " errors"));
    setStatus(parts.join(" · "), bad);
  }

  restore();
})();
