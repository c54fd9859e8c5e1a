// Orrery's GraphQL explorer, the schema browser: the standard introspection query, then the
// Query and Mutation fields, every type's fields, values and input fields, and a filter.
(function () {
  "use strict";

  var shared = window.OrreryExplorer;
  var schemaBox = document.getElementById("x-schema");
  if (!shared || !schemaBox) return;
  var el = shared.el;
  var post = shared.post;
  var filter = document.getElementById("x-filter");
  var home = document.getElementById("x-home");

  // graphql-js's getIntrospectionQuery() with every option on, as GraphiQL sends it.
  var TYPE_REF = "kind name " + "ofType { kind name ".repeat(9) + "}".repeat(9);
  var INTROSPECTION = [
    "query IntrospectionQuery { __schema { description queryType { name kind }",
    "mutationType { name kind } subscriptionType { name kind } types { ...FullType }",
    "directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } } } }",
    "fragment FullType on __Type { kind name description specifiedByURL",
    "fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue }",
    "type { ...TypeRef } isDeprecated deprecationReason }",
    "inputFields(includeDeprecated: true) { ...InputValue } interfaces { ...TypeRef }",
    "enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }",
    "possibleTypes { ...TypeRef } }",
    "fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }",
    "fragment TypeRef on __Type { " + TYPE_REF + " }"
  ].join("\n");

  var schema = null;

  function loadSchema() {
    post({ query: INTROSPECTION, variables: null, operationName: "IntrospectionQuery" }, "")
      .then(function (response) {
        var s = response.json && response.json.data && response.json.data.__schema;
        if (!s) throw new Error(response.json ? JSON.stringify(response.json.errors) : response.text);
        schema = { types: {}, query: s.queryType && s.queryType.name, mutation: s.mutationType && s.mutationType.name };
        s.types.forEach(function (t) { schema.types[t.name] = t; });
        show();
      })
      .catch(function (err) {
        schemaBox.textContent = "";
        schemaBox.appendChild(el("p", "field-error", "The schema could not be loaded: " + err.message));
      });
  }

  // `#type=Service` shows a type; no hash shows the Query and Mutation fields.
  function currentType() {
    var m = /^#type=([A-Za-z_][A-Za-z0-9_]*)$/.exec(window.location.hash);
    return m && schema && schema.types[m[1]] ? m[1] : null;
  }

  function typeLink(name) {
    var a = el("a", "explorer__type", name);
    a.href = "#type=" + name;
    return a;
  }

  // `[Service!]!` with each named type a link.
  function typeRef(ref) {
    var span = el("span", "explorer__ref");
    if (ref.kind === "NON_NULL") {
      span.appendChild(typeRef(ref.ofType));
      span.appendChild(document.createTextNode("!"));
    } else if (ref.kind === "LIST") {
      span.appendChild(document.createTextNode("["));
      span.appendChild(typeRef(ref.ofType));
      span.appendChild(document.createTextNode("]"));
    } else {
      span.appendChild(typeLink(ref.name));
    }
    return span;
  }

  // A description as paragraphs: blank lines separate them, single line breaks are wraps.
  function describe(text) {
    var box = el("div", "explorer__desc");
    text.split(/\n\s*\n/).forEach(function (para) {
      box.appendChild(el("p", null, para.replace(/\s*\n\s*/g, " ").trim()));
    });
    return box;
  }

  function matches(needle, item) {
    if (!needle) return true;
    return (item.name + " " + (item.description || "")).toLowerCase().indexOf(needle) !== -1;
  }

  function deprecation(item, into) {
    if (item.isDeprecated) {
      into.appendChild(el("span", "tag tag--bad", "deprecated"));
      if (item.deprecationReason) into.appendChild(el("span", "muted", " " + item.deprecationReason));
    }
  }

  // One field, argument or input field: `name(args): Type = default`, then its description.
  function member(item, withArgs) {
    var li = el("li", "explorer__member");
    li.setAttribute("data-field", item.name);
    var sig = el("code", "explorer__sig");
    sig.appendChild(el("strong", null, item.name));
    var args = withArgs && item.args ? item.args : [];
    if (args.length) {
      sig.appendChild(document.createTextNode("("));
      args.forEach(function (arg, i) {
        if (i) sig.appendChild(document.createTextNode(", "));
        sig.appendChild(document.createTextNode(arg.name + ": "));
        sig.appendChild(typeRef(arg.type));
      });
      sig.appendChild(document.createTextNode(")"));
    }
    if (item.type) {
      sig.appendChild(document.createTextNode(": "));
      sig.appendChild(typeRef(item.type));
    }
    if (item.defaultValue !== undefined && item.defaultValue !== null) {
      sig.appendChild(document.createTextNode(" = " + item.defaultValue));
    }
    li.appendChild(sig);
    deprecation(item, li);
    if (item.description) li.appendChild(describe(item.description));
    var described = args.filter(function (a) { return a.description; });
    if (described.length) {
      var list = el("ul", "explorer__args");
      described.forEach(function (arg) {
        var entry = el("li");
        entry.appendChild(el("code", null, arg.name));
        entry.appendChild(document.createTextNode(" " + arg.description));
        list.appendChild(entry);
      });
      li.appendChild(list);
    }
    return li;
  }

  // A titled list of members that match the filter (nothing when none do).
  function section(title, items, needle, withArgs, into) {
    var shown = (items || []).filter(function (item) { return matches(needle, item); });
    if (!shown.length) return 0;
    into.appendChild(el("h3", "small-heading", title));
    var list = el("ul", "explorer__members");
    shown.forEach(function (item) { list.appendChild(member(item, withArgs)); });
    into.appendChild(list);
    return shown.length;
  }

  function namedTypes(needle) {
    return Object.keys(schema.types).sort().filter(function (name) {
      return name.indexOf("__") !== 0 && matches(needle, schema.types[name]);
    });
  }

  function showHome(needle, into) {
    var count = 0;
    [["Query", schema.query], ["Mutation", schema.mutation]].forEach(function (root) {
      var type = root[1] && schema.types[root[1]];
      if (type) count += section(root[0] + " (" + root[1] + ")", type.fields, needle, true, into);
    });
    var names = namedTypes(needle);
    if (names.length) {
      into.appendChild(el("h3", "small-heading", "Types"));
      var list = el("ul", "explorer__types");
      names.forEach(function (name) {
        var li = el("li");
        li.appendChild(typeLink(name));
        list.appendChild(li);
      });
      into.appendChild(list);
    }
    return count + names.length;
  }

  function showType(type, needle, into) {
    var head = el("h3", "explorer__type-head");
    head.appendChild(document.createTextNode(type.name + " "));
    head.appendChild(el("span", "tag", type.kind.toLowerCase().replace("_", " ")));
    into.appendChild(head);
    if (type.description) into.appendChild(describe(type.description));
    if (type.specifiedByURL) into.appendChild(el("p", "muted small", "Specified by " + type.specifiedByURL));
    var count = 0;
    count += section("Fields", type.fields, needle, true, into);
    count += section("Input fields", type.inputFields, needle, false, into);
    count += section("Values", type.enumValues, needle, false, into);
    var possible = (type.possibleTypes || []).filter(function (t) { return matches(needle, t); });
    if (possible.length) {
      into.appendChild(el("h3", "small-heading", "Possible types"));
      var list = el("ul", "explorer__types");
      possible.forEach(function (t) {
        var li = el("li");
        li.appendChild(typeLink(t.name));
        list.appendChild(li);
      });
      into.appendChild(list);
      count += possible.length;
    }
    return count + (type.kind === "SCALAR" ? 1 : 0);
  }

  function show() {
    if (!schema) return;
    var needle = filter.value.trim().toLowerCase();
    var name = currentType();
    var view = el("div");
    var count = name ? showType(schema.types[name], needle, view) : showHome(needle, view);
    if (!count) view.appendChild(el("p", "muted", "Nothing matches “" + filter.value.trim() + "”."));
    home.hidden = !name;
    schemaBox.textContent = "";
    schemaBox.appendChild(view);
  }

  filter.addEventListener("input", show);
  home.addEventListener("click", function () {
    window.location.hash = "";
    filter.focus();
  });
  window.addEventListener("hashchange", function () {
    filter.value = "";
    show();
    if (currentType()) schemaBox.scrollIntoView({ block: "nearest" });
  });


  loadSchema();
})();
