// The planner's desk (agrimatch serve): builds change files from the forms,
// posts them to /api/whatif, shows the variant beside the base, keeps the
// session's what-ifs, and runs the Monday routine through /api/week.
// Plain ES2017 without modules or libraries: it runs in the browsers a
// bureau has, and the server's Content-Security-Policy allows no inline code.
"use strict";

(function () {
  var HEADER = "target,selector,field,op,value";
  var texts = {};
  var session = [];
  var tokenMeta = document.querySelector('meta[name="agrimatch-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : null;

  function $(id) { return document.getElementById(id); }
  function say(key) { return texts[key] || key; }
  function fill(key, args) {
    return say(key).replace(/\{ *\$(\w+) *\}/g, function (_, name) {
      return args[name] === undefined ? "" : String(args[name]);
    });
  }

  function headers(kind) {
    var h = {};
    if (kind) { h["Content-Type"] = kind; }
    if (token) { h["Authorization"] = "Bearer " + token; }
    return h;
  }

  function post(url, body, kind) {
    return fetch(url, { method: "POST", headers: headers(kind), body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) { throw new Error(json.error || String(response.status)); }
          return json;
        }, function () { throw new Error(String(response.status)); });
      });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  // --- numbers, as the report writes them ------------------------------
  var lang = document.documentElement.lang || "en";
  function grouped(x, digits) {
    return Number(x).toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }
  function percent(x) { return x === null || x === undefined ? "–" : grouped(100 * x, 1) + " %"; }

  // --- change files ----------------------------------------------------
  function cell(text) {
    text = String(text);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function row(target, selector, field, op, value) {
    return [target, selector, field, op, value].map(cell).join(",");
  }
  function selector(parts) {
    var s = parts.filter(function (p) { return p; }).join(";");
    return s === "" ? "*" : s;
  }
  function weekPart(prefix) {
    var from = $(prefix + "-from").value.trim(), to = $(prefix + "-to").value.trim();
    if (from === "" && to === "") { return ""; }
    if (from === "") { from = $(prefix + "-from").getAttribute("min"); }
    if (to === "") { to = $(prefix + "-to").getAttribute("max"); }
    return from === to ? "week=" + from : "week=" + from + ".." + to;
  }
  function idPart(key, id) { return $(id).value === "*" ? "" : key + "=" + $(id).value; }
  function round(x) { return Math.round(x * 1e6) / 1e6; }

  function addRows(rows) {
    var area = $("changes");
    var text = area.value.replace(/\s+$/, "");
    if (text.split("\n")[0].trim() !== HEADER) { text = HEADER + (text ? "\n" + text : ""); }
    area.value = text + "\n" + rows.join("\n") + "\n";
  }

  function harvestRows() {
    var pct = Number($("h-percent").value);
    if (!isFinite(pct) || pct < -100) { throw new Error(say("serve-js-bad-percent")); }
    var sel = selector([idPart("farm", "h-farm"), idPart("product", "h-product"), weekPart("h")]);
    return [row("supply", sel, "quantity_kg", "scale", round(1 + pct / 100))];
  }

  function laneRows() {
    var lane = $("l-lane").value === "*" ? "" : $("l-lane").value;
    var what = $("l-what").value;
    if (what === "trucks") {
      var sel = selector([lane]);
      return [row("lanes", sel, "truck_kg", "set", Number($("l-truck-kg").value)),
              row("lanes", sel, "cost_per_truck", "set", Number($("l-truck-cost").value))];
    }
    var weeks = weekPart("l");
    var value = what === "closed" ? 0 : Number($("l-capacity").value);
    return [row("lanes", selector([lane, weeks]), "capacity_kg_per_week", "set", value)];
  }

  function orderRows() {
    var sel = selector([idPart("store", "o-store"), idPart("product", "o-product"), weekPart("o")]);
    var op = $("o-op").value, value = Number($("o-value").value);
    if (op === "percent") { return [row("demand", sel, "quantity_kg", "scale", round(1 + value / 100))]; }
    return [row("demand", sel, "quantity_kg", op, value)];
  }

  function supportRows() {
    var how = $("s-how").value, value = Number($("s-value").value);
    var sel = selector([idPart("buyer", "s-buyer")]);
    if (how === "none") { return [row("support", sel, "budget", "set", "none")]; }
    if ($("s-value").value.trim() === "" || !isFinite(value) || value < (how === "percent" ? -100 : 0)) {
      throw new Error(say("serve-js-bad-budget"));
    }
    if (how === "percent") { return [row("support", sel, "budget", "scale", round(1 + value / 100))]; }
    return [row("support", sel, "budget", "set", value)];
  }

  // fair_shortfall is a share; planners say "points above the average".
  function fairRows() {
    if ($("f-how").value === "off") { return [row("settings", "-", "fair_shortfall", "set", "none")]; }
    var points = Number($("f-points").value);
    if ($("f-points").value.trim() === "" || !isFinite(points) || points < 0 || points > 100) {
      throw new Error(say("serve-js-bad-points"));
    }
    return [row("settings", "-", "fair_shortfall", "set", round(points / 100))];
  }

  function supportFields() {
    if ($("s-how")) { $("s-value-label").hidden = $("s-how").value === "none"; }
    $("f-points-label").hidden = $("f-how").value === "off";
  }

  function laneFields() {
    var what = $("l-what").value;
    $("l-capacity-label").hidden = what !== "capacity";
    $("l-truck-label").hidden = what !== "trucks";
    $("l-truck-cost-label").hidden = what !== "trucks";
    $("l-from").disabled = $("l-to").disabled = what === "trucks";
  }

  // --- the variant beside the base --------------------------------------
  var METRICS = [
    ["objective", "money"], ["money_spent", "money"], ["penalties", "money"],
    ["transport_cost", "money"], ["truck_cost", "money"], ["support_cost", "money"],
    ["waste_kg", "kg"], ["shortfall_kg", "kg"], ["delivered_kg", "kg"],
    ["fill_rate", "share"], ["worst_store_fill_rate", "share"],
    ["lowest_priority_farm_sold_share", "share"], ["support_kg", "kg"], ["trucks", "count"]
  ];
  function shown(value, unit) {
    if (typeof value !== "number") { return value === undefined ? "–" : String(value); }
    if (unit === "share") { return percent(value); }
    if (unit === "count") { return grouped(value, 0); }
    return grouped(value, unit === "money" ? 0 : 0);
  }
  function changed(a, b) {
    if (typeof a !== "number" || typeof b !== "number") { return a !== b; }
    return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a));
  }
  function delta(a, b, unit) {
    if (typeof a !== "number" || typeof b !== "number" || !changed(a, b)) { return ""; }
    var d = b - a, sign = d > 0 ? "+" : "−";
    if (unit === "share") { return sign + grouped(Math.abs(100 * d), 1) + " pt"; }
    return sign + grouped(Math.abs(d), 0);
  }

  function table(caption, headers, rows) {
    var thead = el("thead", {}, [el("tr", {}, headers.map(function (h, i) {
      return el("th", { text: h, class: i === 0 ? "t" : "" });
    }))]);
    var tbody = el("tbody", {}, rows.map(function (r) {
      var tr = el("tr", r.changed ? { class: "changed" } : {}, r.cells.map(function (c, i) {
        return el("td", { text: c, class: i === 0 ? "t" : "", "data-label": i === 0 ? "" : headers[i] });
      }));
      return tr;
    }));
    return el("div", { class: "table" }, [el("h3", { text: caption }), el("table", {}, [thead, tbody])]);
  }

  function showCompare(entry) {
    var answer = entry.answer, base = answer.base, variant = answer.summary;
    var cols = [say("serve-js-metric"), say("serve-js-base"), say("serve-js-variant"), say("serve-js-change")];
    var rows = METRICS.filter(function (m) { return m[0] in base || m[0] in variant; }).map(function (m) {
      return {
        changed: changed(base[m[0]], variant[m[0]]),
        cells: [say("serve-js-m-" + m[0]), shown(base[m[0]], m[1]), shown(variant[m[0]], m[1]),
                delta(base[m[0]], variant[m[0]], m[1])]
      };
    });
    var place = function (list) {
      return list.map(function (r) {
        return { changed: changed(r.base, r.variant),
                 cells: [r.id, percent(r.base), percent(r.variant), delta(r.base, r.variant, "share")] };
      });
    };
    var box = $("compare");
    box.textContent = "";
    box.appendChild(el("p", { class: "lead", text: fill("serve-js-result-lead", {
      name: entry.name, seconds: grouped(entry.seconds, 2) }) }));
    box.appendChild(el("pre", { class: "changes", text: entry.changes }));
    box.appendChild(table(say("serve-js-totals"), cols, rows));
    var wide = el("div", { class: "pair" }, [
      table(say("serve-js-stores"), [say("serve-js-store")].concat(cols.slice(1)), place(answer.stores)),
      table(say("serve-js-farms"), [say("serve-js-farm")].concat(cols.slice(1)), place(answer.farms))
    ]);
    box.appendChild(wide);
    $("result").hidden = false;
  }

  // --- the session's what-ifs ------------------------------------------
  function download(name, text, kind) {
    var link = el("a", { href: URL.createObjectURL(new Blob([text], { type: kind })), download: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function showSession() {
    var list = $("session-list");
    list.textContent = "";
    $("session-empty").hidden = session.length > 0;
    session.forEach(function (entry) {
      var cost = entry.answer.summary.objective, base = entry.answer.base.objective;
      var item = el("li", {}, [
        el("b", { text: entry.name }),
        el("span", { class: "cost", text: fill("serve-js-session-cost", {
          cost: grouped(cost, 0), change: delta(base, cost, "money") || "±0" }) }),
        el("span", { class: "saved", text: entry.saved ? fill("serve-js-saved-as", { name: entry.saved }) : "" })
      ]);
      var buttons = el("span", { class: "buttons" });
      [["serve-js-show", function () { showCompare(entry); $("result").scrollIntoView(); }],
       ["serve-js-edit", function () { $("changes").value = entry.changes; $("whatif").scrollIntoView(); }],
       ["serve-js-download", function () { download(entry.file, entry.changes, "text/csv"); }],
       ["serve-js-save", function () {
         post("/api/save", entry.changes, "text/csv").then(function (json) {
           entry.saved = json.saved;
           showSession();
         }, function (e) { problem(e.message); });
       }]].forEach(function (b) {
        var button = el("button", { type: "button", text: say(b[0]) });
        button.addEventListener("click", b[1]);
        buttons.appendChild(button);
      });
      item.appendChild(buttons);
      list.appendChild(item);
    });
  }

  function problem(text) {
    var p = $("problem");
    p.textContent = text || "";
    p.hidden = !text;
  }

  function runWhatIf() {
    var changes = $("changes").value.replace(/\s+$/, "") + "\n";
    var status = $("status");
    status.textContent = say("serve-js-planning");
    status.className = "busy";
    var started = performance.now();
    post("/api/whatif", changes, "text/csv").then(function (answer) {
      var n = session.length + 1;
      var entry = { name: fill("serve-js-whatif-name", { n: n }), file: "whatif-" + n + ".csv",
                    changes: changes, answer: answer, seconds: (performance.now() - started) / 1000 };
      session.push(entry);
      status.className = "done";
      status.textContent = fill("serve-js-planned", { cost: grouped(answer.summary.objective, 0),
        base: grouped(answer.base.objective, 0), seconds: grouped(entry.seconds, 2) });
      showCompare(entry);
      showSession();
    }, function (e) {
      status.className = "error";
      status.textContent = e.message;
    });
  }

  // --- Monday -------------------------------------------------------------
  function parseCsv(text) {
    var rows = [], rowCells = [], cellText = "", quoted = false;
    text = text.replace(/^\ufeff/, "");
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cellText += '"'; i++; }
        else if (c === '"') { quoted = false; }
        else { cellText += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { rowCells.push(cellText); cellText = ""; }
      else if (c === "\n") { rowCells.push(cellText.replace(/\r$/, "")); rows.push(rowCells); rowCells = []; cellText = ""; }
      else { cellText += c; }
    }
    if (cellText !== "" || rowCells.length) { rowCells.push(cellText); rows.push(rowCells); }
    return rows;
  }

  function readFile(id) {
    var file = $(id).files[0];
    return file ? file.text() : Promise.resolve(null);
  }

  // The typed counts: each table is one file, its columns the file's.
  var TYPED = {
    "m-stock-rows": { file: "stock.csv", header: "location,product,age_days,quantity_kg",
                      lists: ["ids-places", "ids-products", null, null] },
    "m-transit-rows": { file: "in_transit.csv", header: "from,to,product,arrive_week,age_days,quantity_kg",
                        lists: ["ids-places", "ids-places", "ids-products", null, null, null] }
  };

  function addCountRow(id) {
    var spec = TYPED[id];
    var tr = el("tr", {}, spec.lists.map(function (list, i) {
      var attrs = list ? { type: "text", list: list } : { type: "number", min: "0", step: "any" };
      var label = $(id).querySelectorAll("thead th")[i].textContent;
      attrs["aria-label"] = label;
      return el("td", { class: list ? "t" : "", "data-label": label }, [el("input", attrs)]);
    }));
    var remove = el("button", { type: "button", text: say("serve-js-remove-row") });
    remove.addEventListener("click", function () { tr.remove(); });
    tr.appendChild(el("td", { "data-label": "" }, [remove]));
    $(id).querySelector("tbody").appendChild(tr);
  }

  // The CSV of a typed table, null when no row holds anything. Rows keep
  // their order, so "line 3" of an answer is the table's second row.
  function typedCsv(id) {
    var lines = [];
    Array.prototype.forEach.call($(id).querySelectorAll("tbody tr"), function (tr) {
      var cells = Array.prototype.map.call(tr.querySelectorAll("input"), function (i) { return i.value.trim(); });
      if (cells.some(function (c) { return c !== ""; })) { lines.push(cells.map(cell).join(",")); }
    });
    return lines.length ? TYPED[id].header + "\n" + lines.join("\n") + "\n" : null;
  }

  function fillLists(scenario) {
    var fillList = function (id, ids) {
      $(id).textContent = "";
      ids.forEach(function (x) { $(id).appendChild(el("option", { value: x })); });
    };
    fillList("ids-places", [].concat(scenario.farms || [], scenario.hubs || [], scenario.stores || []));
    fillList("ids-products", scenario.products || []);
  }

  function runWeek() {
    var week = $("m-week").value.trim(), keep = $("m-keep").checked;
    var status = $("m-status");
    status.textContent = say("serve-js-planning");
    status.className = "busy";
    Promise.all(["m-stock", "m-in-transit", "m-supply", "m-demand"].map(readFile)).then(function (files) {
      [["m-stock-rows", 0], ["m-transit-rows", 1]].forEach(function (t) {
        var typed = typedCsv(t[0]);
        if (typed === null) { return; }
        if (files[t[1]] !== null) { throw new Error(fill("serve-js-counts-both", { file: TYPED[t[0]].file })); }
        files[t[1]] = typed;
      });
      var body = {};
      ["stock", "in_transit", "supply", "demand"].forEach(function (k, i) { if (files[i] !== null) { body[k] = files[i]; } });
      var url = "/api/week?from=" + encodeURIComponent(week) + (keep ? "&keep=true" : "");
      return post(url, JSON.stringify(body), "application/json");
    }).then(function (answer) {
      status.className = "done";
      status.textContent = fill(answer.kept ? "serve-js-week-kept" : "serve-js-week-draft", {
        week: answer.label, folder: answer.folder });
      var box = $("m-result");
      box.textContent = "";
      box.appendChild(el("p", { class: "lead", text: answer.cost }));
      var q = "?from=" + encodeURIComponent(week) + (answer.kept ? "&keep=true" : "") + "&file=";
      var links = el("p", { class: "links" });
      [["dispatch.csv", "serve-js-dispatch-csv"], ["plan.xlsx", "serve-js-dispatch-xlsx"],
       ["report.html", "serve-js-dispatch-print"]].forEach(function (f) {
        var a = el("a", { href: "/api/week/file" + q + f[0], text: say(f[1]) });
        if (f[0] === "report.html") { a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener"); }
        links.appendChild(a);
      });
      box.appendChild(links);
      var rows = parseCsv(answer.dispatch || "");
      if (rows.length > 1) {
        box.appendChild(table(say("serve-js-dispatch"), rows[0], rows.slice(1).map(function (r) {
          return { cells: r };
        })));
      } else {
        box.appendChild(el("p", { text: say("serve-js-dispatch-none") }));
      }
    }).catch(function (e) {
      status.className = "error";
      status.textContent = e.message;
    });
  }

  // --- the base plan's report in its frame --------------------------------
  function fitFrame() {
    var frame = $("report");
    try {
      frame.style.height = frame.contentDocument.documentElement.scrollHeight + 20 + "px";
    } catch (e) { /* not loaded yet */ }
  }

  function wire() {
    [["h-add", harvestRows], ["l-add", laneRows], ["o-add", orderRows], ["s-add", supportRows],
     ["f-add", fairRows]].forEach(function (b) {
      // No support form in a scenario without support.csv.
      if (!$(b[0])) { return; }
      $(b[0]).addEventListener("click", function () {
        try { addRows(b[1]()); problem(""); } catch (e) { problem(e.message); }
      });
    });
    $("l-what").addEventListener("change", laneFields);
    laneFields();
    if ($("s-how")) { $("s-how").addEventListener("change", supportFields); }
    $("f-how").addEventListener("change", supportFields);
    supportFields();
    Array.prototype.forEach.call(document.querySelectorAll("button.add-row"), function (b) {
      b.addEventListener("click", function () { addCountRow(b.getAttribute("data-table")); });
      addCountRow(b.getAttribute("data-table"));
    });
    $("run").addEventListener("click", runWhatIf);
    $("clear").addEventListener("click", function () { $("changes").value = HEADER + "\n"; });
    $("m-run").addEventListener("click", runWeek);
    $("report").addEventListener("load", fitFrame);
    window.addEventListener("resize", fitFrame);
    fitFrame();
    fetch("/api/plan", { credentials: "same-origin", headers: headers(null) }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) { problem(json.error); } else { fillLists(json.scenario || {}); }
      });
    });
  }

  fetch("/api/texts", { credentials: "same-origin", headers: headers(null) })
    .then(function (r) { return r.json(); })
    .then(function (json) { texts = json; }, function () { texts = {}; })
    .then(function () {
      if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
    });
})();
