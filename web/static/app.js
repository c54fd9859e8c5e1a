// Orrery: small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Instants in <time datetime> are rendered in UTC by the server; show them in the
  // reader's time zone, keeping the UTC text as a tooltip.
  // One format everywhere, with the time zone named; dates without a time stay as they are.
  function localTimes(root) {
    var fmt = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    (root || document).querySelectorAll("time[datetime]").forEach(function (el) {
      if (el.getAttribute("datetime").indexOf("T") < 0) return;
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

  // Checklist page: choosing Pass, Fail or N/A saves at once. The ordinary answer form is
  // posted with `Accept: application/json`; the server stores it and replies with the item's
  // row and the summary rendered by the page's own templates, which replace the old ones.
  // N/A first asks for its reason. Anything unexpected falls back to posting the form.
  var summaryBox = null;

  function fromHtml(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function role(root, name) {
    return root ? root.querySelector("[data-role=\"" + name + "\"]") : null;
  }

  function noteOf(form) {
    return document.getElementById(form.getAttribute("data-key") + "-note");
  }

  function chosen(form) {
    var checked = form.querySelector("input[name=\"outcome\"]:checked");
    return checked ? checked.value : "";
  }

  // N/A needs a reason: open the item's details at the note and say so, without posting.
  function askWhy(form) {
    var item = form.closest("[data-item]");
    var more = role(item, "more");
    var note = noteOf(form);
    if (!note || note.value.trim() !== "") return false;
    if (more) more.open = true;
    var hint = role(item, "note-hint");
    if (hint) { hint.textContent = "Why does this item not apply? Type the reason, then press Enter."; hint.classList.add("field-error"); }
    note.setAttribute("required", "");
    note.focus();
    var status = role(form, "status");
    if (status) { status.className = "save-status save-status--error"; status.textContent = "Needs a reason"; }
    return true;
  }

  function applyReply(item, reply, hadFocus) {
    var row = fromHtml(reply.row);
    var wasOpen = role(item, "more") && role(item, "more").open;
    item.replaceWith(row);
    if (current === item) current = row;
    if (wasOpen && role(row, "more")) role(row, "more").open = true;
    var status = role(row, "status");
    if (status) {
      status.className = "save-status" + (reply.saved ? "" : " save-status--error");
      status.textContent = reply.saved ? "Saved" : "Not saved" + (reply.message ? ": " + reply.message : "");
    }
    if (summaryBox && reply.summary) {
      var fresh = fromHtml(reply.summary);
      var why = role(summaryBox, "why");
      if (why && why.open && role(fresh, "why")) role(fresh, "why").open = true;
      var help = role(summaryBox, "keys-help");
      summaryBox.replaceWith(fresh);
      summaryBox = fresh;
      setUpSummary(help && !help.hidden);
    }
    Object.keys(reply.tabs || {}).forEach(function (k) {
      var count = document.querySelector("[data-filter-count=\"" + k + "\"]");
      if (count) count.textContent = reply.tabs[k];
    });
    var c = reply.category;
    if (c) {
      var progress = document.querySelector("[data-category-progress=\"" + c.key + "\"]");
      if (progress) progress.textContent = c.answered + " of " + c.total;
      var score = document.querySelector("[data-category-score=\"" + c.key + "\"]");
      if (score && c.score !== null) score.textContent = c.score;
    }
    // Someone has answered now: the checklist is no longer "not started".
    var notStarted = document.getElementById("not-started");
    if (notStarted && reply.saved) notStarted.remove();
    document.querySelectorAll("[data-submit-review]").forEach(function (f) {
      f.setAttribute("data-unanswered", reply.total - reply.answered);
    });
    localTimes(row);
    if (hadFocus) {
      var focusTo = row.querySelector("input[name=\"outcome\"]:checked") || row;
      focusTo.focus();
    }
    if (!reply.saved) {
      var alert = row.querySelector("[data-focus]");
      if (alert) alert.focus();
    }
    return row;
  }

  function save(form) {
    var item = form.closest("[data-item]");
    var status = role(form, "status");
    if (!chosen(form)) {
      if (status) { status.className = "save-status save-status--error"; status.textContent = "Choose Pass, Fail or N/A"; }
      return;
    }
    if (chosen(form) === "not_applicable" && askWhy(form)) return;
    var hadFocus = item.contains(document.activeElement);
    form.classList.add("is-saving");
    if (status) { status.className = "save-status"; status.textContent = "Saving\u2026"; }
    var body = new URLSearchParams(new FormData(form)).toString();
    var replied = false;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body
    }).then(function (res) {
      if (!/json/.test(res.headers.get("content-type") || "")) throw new Error("not a checklist reply");
      return res.json();
    }).then(function (reply) {
      replied = true;
      applyReply(item, reply, hadFocus);
    }).catch(function () {
      // Network or server trouble before a reply: post the form the ordinary way.
      if (!replied) form.submit();
    });
  }

  function items() {
    return Array.prototype.filter.call(document.querySelectorAll("#checklist [data-item]"), function (i) {
      return i.offsetParent !== null;
    });
  }

  var current = null;

  function focusItem(item) {
    if (!item) return;
    var category = item.closest("details.category");
    if (category) category.open = true;
    current = item;
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "center", behavior: "auto" });
  }

  function currentItem() {
    var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-item]");
    if (active) return active;
    if (current && document.contains(current)) return current;
    return null;
  }

  function nextUnanswered() {
    var all = Array.prototype.slice.call(document.querySelectorAll("#checklist [data-item].item--unanswered"));
    if (all.length === 0) return null;
    var from = currentItem();
    if (from) {
      var after = all.filter(function (i) {
        return from.compareDocumentPosition(i) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      if (after.length) return after[0];
    }
    return all[0];
  }

  function setUpSummary(helpOpen) {
    if (!summaryBox) return;
    var toggle = role(summaryBox, "keys-toggle");
    var help = role(summaryBox, "keys-help");
    if (toggle && help) {
      toggle.hidden = false;
      help.hidden = !helpOpen;
      toggle.setAttribute("aria-expanded", helpOpen ? "true" : "false");
      toggle.addEventListener("click", function () {
        help.hidden = !help.hidden;
        toggle.setAttribute("aria-expanded", help.hidden ? "false" : "true");
      });
    }
    var next = role(summaryBox, "next-unanswered");
    if (next) {
      next.addEventListener("click", function (event) {
        var item = nextUnanswered();
        if (!item) return;
        event.preventDefault();
        focusItem(item);
      });
    }
  }

  // A link to an item in a folded category unfolds it.
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var category = target.closest("details.category");
    if (category && !category.open) {
      category.open = true;
      target.scrollIntoView({ block: "center" });
    }
  }

  function checklist() {
    var list = document.getElementById("checklist");
    if (!list) return;
    window.addEventListener("hashchange", revealTarget);
    revealTarget();
    if (!window.fetch || !window.URLSearchParams) return;
    summaryBox = document.getElementById("review-summary");
    setUpSummary(false);
    list.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name !== "outcome" || !input.form || !input.form.hasAttribute("data-answer-form")) return;
      save(input.form);
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute("data-answer-form")) return;
      event.preventDefault();
      save(form);
    });
    list.addEventListener("keydown", function (event) {
      // Enter in a note saves (Shift+Enter makes a new line).
      var t = event.target;
      if (event.key === "Enter" && !event.shiftKey && t.tagName === "TEXTAREA" && t.form && t.form.hasAttribute("data-answer-form")) {
        event.preventDefault();
        save(t.form);
      }
    });
    list.addEventListener("focusin", function (event) {
      var item = event.target.closest && event.target.closest("[data-item]");
      if (item) current = item;
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      var item = currentItem();
      var all;
      switch (event.key) {
        case "j":
        case "k":
          all = items();
          if (all.length === 0) return;
          var at = item ? all.indexOf(item) : -1;
          var to = event.key === "j" ? Math.min(at + 1, all.length - 1) : Math.max(at - 1, 0);
          focusItem(all[to]);
          break;
        case "u":
          focusItem(nextUnanswered());
          break;
        case "p":
        case "f":
        case "n":
          if (!item) return;
          var value = { p: "pass", f: "fail", n: "not_applicable" }[event.key];
          var radio = item.querySelector("input[name=\"outcome\"][value=\"" + value + "\"]");
          if (!radio) return;
          radio.checked = true;
          radio.dispatchEvent(new Event("change", { bubbles: true }));
          break;
        case "e":
          if (!item || t !== item) return;
          var more = role(item, "more");
          if (more) more.open = !more.open;
          break;
        case "Enter":
          if (!item || t !== item) return;
          var details = role(item, "more");
          if (details) details.open = !details.open;
          break;
        case "?":
          var toggle = role(summaryBox, "keys-toggle");
          if (toggle) toggle.click();
          break;
        default:
          return;
      }
      event.preventDefault();
    });
  }

  // Submitting with unanswered items asks first; the server asks too without JavaScript.
  function confirmSubmit() {
    document.querySelectorAll("form[data-submit-review]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var open = parseInt(form.getAttribute("data-unanswered") || "0", 10);
        var total = form.getAttribute("data-total") || "";
        var field = form.querySelector("[name=\"confirm_unanswered\"]");
        if (open <= 0 || !field) return;
        var question = open + (total ? " of " + total : "") + " items are not answered yet. Submit for review anyway?";
        if (window.confirm(question)) {
          field.value = "yes";
        } else {
          event.preventDefault();
        }
      });
    });
  }

  function start() {
    document.documentElement.classList.add("js");
    localTimes();
    focusErrors();
    linkRows();
    printDetails();
    checklist();
    confirmSubmit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
