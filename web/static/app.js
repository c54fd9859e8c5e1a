// Orrery: small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Instants in <time datetime> are rendered in UTC by the server; show them in the
  // reader's time zone, keeping the UTC text as a tooltip.
  function localTimes() {
    var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    document.querySelectorAll("time[datetime]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (isNaN(d.getTime())) return;
      el.title = el.textContent;
      el.textContent = fmt.format(d);
    });
  }

  // After a failed form post, move focus to the error summary so it is announced and its
  // links lead to each field.
  function focusErrors() {
    var summary = document.querySelector("[data-focus]");
    if (summary) summary.focus();
  }

  // Link rows: offer "Add another link" instead of a fixed number of spare rows.
  function linkRows() {
    var box = document.querySelector("[data-link-rows]");
    if (!box) return;
    var rows = box.querySelectorAll("[data-link-row]");
    var template = rows[rows.length - 1];
    if (!template) return;
    var empty = function (row) {
      return Array.prototype.every.call(row.querySelectorAll("input"), function (i) {
        return i.value.trim() === "";
      });
    };
    // Keep one empty row visible; remove the other spare ones.
    var spare = Array.prototype.filter.call(rows, empty);
    spare.slice(1).forEach(function (row) { row.remove(); });
    var count = box.querySelectorAll("[data-link-row]").length;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--quiet";
    button.textContent = "Add another link";
    button.addEventListener("click", function () {
      var row = template.cloneNode(true);
      count += 1;
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; i.removeAttribute("aria-invalid"); });
      row.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
      row.querySelectorAll(".field--error").forEach(function (f) { f.classList.remove("field--error"); });
      row.querySelectorAll("label").forEach(function (label) {
        var id = label.getAttribute("for").replace(/_\d+$/, "_" + (count - 1));
        var control = row.querySelector("#" + label.getAttribute("for"));
        label.textContent = label.textContent.replace(/Link \d+/, "Link " + count);
        label.setAttribute("for", id);
        if (control) { control.id = id; control.removeAttribute("aria-describedby"); }
      });
      box.appendChild(row);
      row.querySelector("select, input").focus();
    });
    box.parentNode.appendChild(button);
  }

  // Print every collapsed section, then restore.
  function printDetails() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details:not([open])").forEach(function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  // Checklist page: save an item's answer in place through the GraphQL API, then refresh
  // the scorecard summary. Anything unexpected falls back to posting the form normally.
  var RESPOND = "mutation($r: ID!, $k: String!, $o: Outcome!, $e: String, $n: String, $v: Int!) {" +
    " respondToItem(reviewId: $r, itemKey: $k, outcome: $o, evidence: $e, note: $n, expectedVersion: $v)" +
    " { version outcome source respondedBy respondedAt } }";
  var SUMMARY = "query($id: ID!) { review(id: $id) { version progress { total answered }" +
    " items { key outcome state waived severity }" +
    " scorecard { score level { number name } gate { decision reasons { code message blocking } }" +
    " categories { key score } } } }";
  var GATES = {
    GO: ["go", "GO", "\u2713"],
    GO_WITH_CONDITIONS: ["conditions", "GO with conditions", "!"],
    NO_GO: ["nogo", "NO-GO", "\u2715"]
  };
  var OUTCOMES = {
    UNANSWERED: ["unanswered", "Unanswered", "\u25CB"],
    PASS: ["pass", "Pass", "\u2713"],
    FAIL: ["fail", "Fail", "\u2715"],
    NOT_APPLICABLE: ["na", "N/A", "\u2013"],
    ERROR: ["error", "Check error", "!"]
  };
  var REASONS = {
    BLOCKER_FAILING: "Blocker open", BELOW_TIER_THRESHOLD: "Score below threshold",
    SIGNOFF_MISSING: "Sign-off missing", NO_SLO: "No SLO", WAIVER_EXPIRED: "Waiver expired",
    DEPENDENCY_NOT_READY: "Dependency not ready", ITEM_WAIVED: "Waived", ITEM_OPEN: "Item open",
    NOT_APPLICABLE_UNACCEPTED: "N/A awaiting acceptance", NOTHING_ASSESSED: "Nothing assessed"
  };

  // What each filter tab counts, as the server's `Filter::matches`.
  var FILTERS = {
    all: function () { return true; },
    unanswered: function (i) { return i.outcome === "UNANSWERED"; },
    failing: function (i) { return i.outcome === "FAIL" || i.outcome === "ERROR"; },
    blockers: function (i) {
      return i.severity === "BLOCKER" && !i.waived && (i.state === "NOT_APPLICABLE_UNACCEPTED" ||
        (i.outcome !== "PASS" && i.outcome !== "NOT_APPLICABLE"));
    }
  };

  function gql(query, variables) {
    return fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ query: query, variables: variables })
    }).then(function (res) {
      // application/json or application/graphql-response+json
      if (!/json/.test(res.headers.get("content-type") || "")) {
        throw new Error("not a GraphQL response");
      }
      return res.json();
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function score(v) {
    if (v === null || v === undefined) return "\u2014"; // nothing assessed
    var tenths = Math.floor(Math.min(Math.max(v, 0), 100) * 10 + 1e-9) / 10;
    return tenths % 1 === 0 ? tenths.toFixed(0) : tenths.toFixed(1);
  }

  function badge(span, spec, baseClass) {
    span.className = baseClass + " " + baseClass + "--" + spec[0];
    span.textContent = "";
    var symbol = el("span", baseClass === "badge" ? "badge__symbol" : "outcome__symbol", spec[2]);
    symbol.setAttribute("aria-hidden", "true");
    span.appendChild(symbol);
    span.appendChild(document.createTextNode(" " + spec[1]));
  }

  function reasonList(list, reasons) {
    if (!list) return;
    list.textContent = "";
    reasons.forEach(function (r) {
      var li = el("li");
      li.appendChild(el("span", "reason-code", REASONS[r.code] || r.code));
      li.appendChild(document.createTextNode(" " + r.message));
      list.appendChild(li);
    });
  }

  // An item's badge and whether it offers a waiver request, from its recorded outcome.
  function showOutcome(item, outcome, waived) {
    var spec = OUTCOMES[outcome];
    var badgeSpan = item.querySelector("[data-role=\"badge\"]");
    if (spec && badgeSpan) {
      badge(badgeSpan, spec, "outcome");
      item.className = item.className.replace(/\bitem--\w+/, "item--" + spec[0]);
    }
    // Rendered only when no waiver is pending or in force; offered while the item is open.
    var waiver = item.querySelector("[data-role=\"waiver-request\"]");
    var open = outcome === "UNANSWERED" || outcome === "FAIL" || outcome === "ERROR";
    if (waiver) waiver.hidden = !open || waived;
    return spec;
  }

  function refreshTabs(items) {
    document.querySelectorAll("[data-filter-count]").forEach(function (count) {
      var matches = FILTERS[count.getAttribute("data-filter-count")];
      if (matches) count.textContent = items.filter(matches).length;
    });
  }

  // Refreshes the summary and the filter counts; resolves to the review's `key` item.
  function refreshSummary(summary, key) {
    var id = summary.getAttribute("data-review");
    return gql(SUMMARY, { id: id }).then(function (body) {
      var review = body && body.data && body.data.review;
      if (!review) return null;
      refreshTabs(review.items);
      var current = review.items.filter(function (i) { return i.key === key; })[0] || null;
      var role = function (name) { return summary.querySelector("[data-role=\"" + name + "\"]"); };
      var p = review.progress;
      if (role("progress")) role("progress").textContent = p.answered + " of " + p.total;
      var bar = role("progress-bar");
      if (bar) { bar.max = p.total; bar.value = p.answered; bar.textContent = p.answered + " of " + p.total; }
      document.querySelectorAll("[data-role=\"review-version\"]").forEach(function (input) {
        input.value = review.version;
      });
      var card = review.scorecard;
      if (!card) return current;
      if (role("score")) role("score").textContent = score(card.score);
      if (role("level")) role("level").textContent = card.level.number === 0 ? "No level yet" : card.level.name;
      var gate = GATES[card.gate.decision];
      var gateBox = role("gate");
      if (gate && gateBox) {
        var span = gateBox.querySelector(".badge") || gateBox.appendChild(el("span"));
        badge(span, gate, "badge");
        span.title = "Launch gate: " + card.gate.decision;
        summary.className = summary.className.replace(/gate-panel--\w+/, "gate-panel--" + gate[0]);
      }
      var blocking = card.gate.reasons.filter(function (r) { return r.blocking; });
      var conditions = card.gate.reasons.filter(function (r) { return !r.blocking; });
      reasonList(role("blocking"), blocking);
      reasonList(role("conditions"), conditions);
      if (role("blocking-count")) role("blocking-count").textContent = blocking.length;
      if (role("conditions-count")) role("conditions-count").textContent = conditions.length;
      card.categories.forEach(function (c) {
        var out = document.querySelector("[data-category-score=\"" + c.key + "\"]");
        if (out && c.score !== null) out.textContent = score(c.score);
      });
      return current;
    });
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-error[data-js]").forEach(function (e) { e.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
  }

  function fieldError(form, key, field, message) {
    var target = field === "outcome" ? form.querySelector("fieldset legend")
      : form.querySelector("[name=\"" + field + "\"]");
    var p = el("p", "field-error", message);
    p.setAttribute("data-js", "");
    p.id = key + "-" + field + "-js-error";
    if (target && field !== "outcome") {
      target.setAttribute("aria-invalid", "true");
      target.setAttribute("aria-describedby", p.id);
      target.parentNode.insertBefore(p, target);
    } else if (target) {
      target.parentNode.insertBefore(p, target.nextSibling);
    } else {
      form.insertBefore(p, form.firstChild);
    }
  }

  function answerForms() {
    var summary = document.getElementById("review-summary");
    document.querySelectorAll("form[data-answer-form]").forEach(function (form) {
      var item = form.closest("[data-item]");
      var key = form.getAttribute("data-key");
      var role = function (name) { return form.querySelector("[data-role=\"" + name + "\"]"); };
      var status = role("status");
      var conflict = role("conflict");
      form.addEventListener("submit", function (event) {
        if (!window.fetch || !window.JSON) return;
        event.preventDefault();
        var data = new FormData(form);
        var outcome = (data.get("outcome") || "").toString().toUpperCase();
        var text = function (name) {
          var v = (data.get(name) || "").toString().trim();
          return v === "" ? null : v;
        };
        clearErrors(form);
        status.className = "save-status";
        if (!outcome) {
          fieldError(form, key, "outcome", "Choose pass, fail or not applicable.");
          status.textContent = "Not saved";
          status.className = "save-status save-status--error";
          return;
        }
        status.textContent = "Saving\u2026";
        var variables = {
          r: form.getAttribute("data-review"), k: key, o: outcome,
          e: text("evidence"), n: text("note"), v: parseInt(role("version").value, 10) || 0
        };
        var answered = false;
        gql(RESPOND, variables).then(function (body) {
          var error = body.errors && body.errors[0];
          if (error) {
            var ext = error.extensions || {};
            status.className = "save-status save-status--error";
            status.textContent = "Not saved";
            if (ext.code === "CONFLICT") {
              if (ext.currentVersion !== undefined) role("version").value = ext.currentVersion;
              conflict.textContent = "";
              conflict.appendChild(el("p", "", "Someone else changed this item while you were editing: " + error.message + "."));
              conflict.appendChild(el("p", "", "Your answer below has not been saved. Reload the page to compare, or save again to replace their answer."));
              conflict.hidden = false;
              conflict.setAttribute("tabindex", "-1");
              conflict.focus();
              // Show what the item says now, and the summary with their answer.
              if (summary) {
                refreshSummary(summary, key).then(function (now) {
                  var spec = now && showOutcome(item, now.outcome, now.waived);
                  if (spec) conflict.appendChild(el("p", "", "It now says " + spec[1] + "."));
                }).catch(function () {});
              }
            } else if (ext.code === "VALIDATION" && ext.field) {
              fieldError(form, key, ext.field, error.message.replace(ext.field + ": ", ""));
            } else {
              fieldError(form, key, "form", error.message);
            }
            return;
          }
          var saved = body.data.respondToItem;
          answered = true;
          role("version").value = saved.version;
          conflict.hidden = true;
          conflict.textContent = "";
          var waived = !!item.querySelector(".outcome--waived");
          showOutcome(item, saved.outcome, waived);
          var line = item.querySelector("[data-role=\"answered\"]");
          if (line) {
            line.textContent = "Answered by " + saved.respondedBy + " on ";
            var when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
            var time = el("time", "", when.format(new Date(saved.respondedAt)));
            time.setAttribute("datetime", saved.respondedAt);
            line.appendChild(time);
          }
          status.textContent = "Saved";
          if (summary) refreshSummary(summary, key).catch(function () {});
        }).catch(function () {
          // Network or server trouble before the answer was stored: post the form instead.
          if (!answered) form.submit();
        });
      });
    });
  }

  function start() {
    document.documentElement.classList.add("js");
    localTimes();
    focusErrors();
    linkRows();
    printDetails();
    answerForms();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
