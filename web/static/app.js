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

  function start() {
    document.documentElement.classList.add("js");
    localTimes();
    focusErrors();
    linkRows();
    printDetails();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
