// tactful review page: check a draft with POST /v1/check, show the verdict, the flagged spans and each
// warning; report a wrong warning or a miss to POST /v1/feedback. No framework, no build step, no
// external assets. Draft text is only ever put in the page with textContent, never as HTML.
"use strict";

const KEY_STORAGE = "tactful.apiKey";  // sessionStorage: gone when the tab closes
const LINE = /^(me|them)(?:\s*\[(\w+)\])?\s*:\s?(.*)$/i;
const EVENT_KINDS = ["follow", "connect", "call", "meeting", "meet"];
let last = null;  // {request, response} of the last check, for feedback

const $ = (id) => document.getElementById(id);

function apiKey() { return sessionStorage.getItem(KEY_STORAGE) || ""; }

function headers() {
  const h = {"Content-Type": "application/json", "Accept": "application/json"};
  const key = $("api-key").value.trim() || apiKey();
  if (key) h["Authorization"] = "Bearer " + key;
  return h;
}

function say(id, text, isError) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error-text", Boolean(isError));
}

// ---- the thread: "them: text" lines <-> history items ---------------------------------------
function parseThread(text) {
  const history = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!line.trim()) return;
    const m = LINE.exec(line.trim());
    if (m) {
      const kind = (m[2] || "message").toLowerCase();
      const item = {from: m[1].toLowerCase(), kind: kind};
      if (m[3].trim()) item.text = m[3].trim();
      history.push(item);
    } else if (history.length && history[history.length - 1].text !== undefined) {
      history[history.length - 1].text += "\n" + line;  // a message that goes on over several lines
    } else {
      throw new Error("Thread line " + (index + 1) + " should start with 'them:' or 'me:'");
    }
  });
  return history;
}

function formatThread(history) {
  return (history || []).map((item) => {
    const kind = item.kind && item.kind !== "message" ? " [" + item.kind + "]" : "";
    return (item.from || "them") + kind + ":" + (item.text ? " " + item.text : "");
  }).join("\n");
}

function buildRequest() {
  const request = {draft: $("draft").value, channel: $("channel").value};
  const name = $("recipient").value.trim();
  if (name) request.recipient = {name: name};
  const history = parseThread($("thread").value);
  if (history.length) request.history = history;
  return request;
}

// ---- calling the service ----------------------------------------------------------------------
async function post(path, body) {
  const response = await fetch(path, {method: "POST", headers: headers(), body: JSON.stringify(body)});
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  return {status: response.status, data: data};
}

async function check(event) {
  event.preventDefault();
  if (!$("draft").value.trim()) {
    say("status", "Type or paste a draft first.", true);
    $("draft").focus();
    return;
  }
  let request;
  try { request = buildRequest(); } catch (e) { say("status", e.message, true); $("thread").focus(); return; }
  const key = $("api-key").value.trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  $("check").disabled = true;
  say("status", "Checking…");
  try {
    const {status, data} = await post("v1/check", request);
    if (status === 401) {
      say("status", "This server needs an API key: type it in the API key field and check again.", true);
      $("api-key").focus();
      return;
    }
    if (status !== 200 || !data) {
      say("status", "The server answered " + status + ": " + ((data && data.error) || "no details"), true);
      return;
    }
    say("status", "");
    last = {request: request, response: data};
    show(request, data);
  } catch (e) {
    say("status", "Could not reach the server: " + e.message, true);
  } finally {
    $("check").disabled = false;
  }
}

// ---- showing the result -----------------------------------------------------------------------
function show(request, response) {
  $("result").hidden = false;
  const verdict = $("verdict");
  verdict.textContent = response.verdict.toUpperCase();
  verdict.className = "verdict " + response.verdict;
  const flags = response.flags.length ? "flagged: " + response.flags.join(", ") : "nothing flagged";
  $("summary").textContent = "Score " + response.score + ", " + flags + ". " +
    (response.verdict === "pass" ? "Fine to send." :
     response.verdict === "block" ? "Do not send this as it is." : "Have a person look before it goes out.");
  markDraft(request.draft, response.warnings);
  listWarnings(response.warnings);
  listSuppressed(response.suppressed || [], response.notices || []);
  say("feedback-status", "");
  $("result-heading").focus();
}

function markDraft(draft, warnings) {
  // Offsets are Python string indices (code points); JS strings count UTF-16 units, so slice code points.
  const chars = Array.from(draft);
  const rank = {info: 0, warning: 1, error: 2};
  const spans = warnings.filter((w) => w.span).map((w) => ({start: w.span.start, end: w.span.end,
    severity: w.severity, rule: w.rule})).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const span of spans) {
    const top = merged[merged.length - 1];
    if (top && span.start < top.end) {
      top.end = Math.max(top.end, span.end);
      if (rank[span.severity] > rank[top.severity]) top.severity = span.severity;
      top.rules.push(span.rule);
    } else {
      merged.push({start: span.start, end: span.end, severity: span.severity, rules: [span.rule]});
    }
  }
  const box = $("marked");
  box.textContent = "";
  let cursor = 0;
  for (const span of merged) {
    box.appendChild(document.createTextNode(chars.slice(cursor, span.start).join("")));
    const mark = document.createElement("mark");
    mark.className = span.severity;
    mark.title = span.rules.join(", ");
    mark.textContent = chars.slice(span.start, span.end).join("");
    const label = document.createElement("span");
    label.className = "sr-only";
    label.textContent = " (" + span.severity + ": " + span.rules.join(", ") + ")";
    mark.appendChild(label);
    box.appendChild(mark);
    cursor = span.end;
  }
  box.appendChild(document.createTextNode(chars.slice(cursor).join("")));
}

function para(text, className) {
  const p = document.createElement("p");
  if (className) p.className = className;
  p.textContent = text;
  return p;
}

function listWarnings(warnings) {
  const list = $("warnings");
  list.textContent = "";
  if (!warnings.length) {
    const li = document.createElement("li");
    li.textContent = "No warnings: nothing in this draft matched a rule.";
    list.appendChild(li);
    return;
  }
  warnings.forEach((w) => {
    const li = document.createElement("li");
    li.className = w.severity;
    const head = document.createElement("div");
    head.className = "head";
    const severity = document.createElement("span");
    severity.className = "severity " + w.severity;
    severity.textContent = w.severity;
    const rule = document.createElement("span");
    rule.className = "rule";
    rule.textContent = w.rule;
    const wrong = document.createElement("button");
    wrong.type = "button";
    wrong.className = "secondary wrong";
    wrong.textContent = "Mark as wrong";
    wrong.setAttribute("aria-label", "Mark warning " + w.rule + " as wrong");
    wrong.addEventListener("click", () => feedback({verdict: "false_positive", rule: w.rule}, wrong));
    head.append(severity, rule, wrong);
    li.appendChild(head);
    li.appendChild(para(w.message + (w.span ? " “" + w.span.text + "”" : ""), "message"));
    if (w.evidence) li.appendChild(para("Evidence: " + w.evidence, "evidence"));
    li.appendChild(para("Instead: " + w.suggestion, "suggestion"));
    list.appendChild(li);
  });
}

function listSuppressed(suppressed, notices) {
  $("suppressed-block").hidden = !suppressed.length;
  const list = $("suppressed");
  list.textContent = "";
  suppressed.forEach((s) => {
    const li = document.createElement("li");
    li.textContent = s.rule + " (by " + s.source + (s.reason ? ": " + s.reason : ", no reason given") + ")";
    list.appendChild(li);
  });
  const notes = $("notices");
  notes.hidden = !notices.length;
  notes.textContent = "";
  notices.forEach((n) => { const li = document.createElement("li"); li.textContent = n; notes.appendChild(li); });
}

// ---- feedback -----------------------------------------------------------------------------------
async function feedback(report, button) {
  if (!last) return;
  const body = Object.assign({request: last.request, response: last.response}, report);
  if (button) button.disabled = true;
  say("feedback-status", "Sending…");
  try {
    const {status, data} = await post("v1/feedback", body);
    if (status === 201) {
      say("feedback-status", report.verdict === "missed" ? "Thanks: the miss is reported." :
        "Thanks: " + report.rule + " is reported as wrong on this draft.");
      return;
    }
    if (button) button.disabled = false;
    if (status === 404) {
      say("feedback-status", "This server does not take feedback (POST /v1/feedback is not available here), " +
        "so nothing was sent.", true);
    } else if (status === 401) {
      say("feedback-status", "Reporting needs an API key: type it in the API key field.", true);
    } else {
      say("feedback-status", "The report was not stored: the server answered " + status + ": " +
        ((data && data.error) || "no details"), true);
    }
  } catch (e) {
    if (button) button.disabled = false;
    say("feedback-status", "Could not reach the server: " + e.message, true);
  }
}

// ---- loading a JSON request -------------------------------------------------------------------------
function load(event) {
  const file = event.target.files[0];
  if (!file) return;
  file.text().then((text) => {
    const request = JSON.parse(text);
    if (!request || typeof request !== "object" || Array.isArray(request) || typeof request.draft !== "string") {
      throw new Error("the file is not one request with a 'draft'");
    }
    $("draft").value = request.draft;
    if (request.channel) $("channel").value = request.channel;
    $("recipient").value = (request.recipient && request.recipient.name) || "";
    $("thread").value = formatThread(request.history);
    say("status", "Loaded " + file.name + ".");
  }).catch((e) => say("status", "Could not load " + file.name + ": " + e.message, true));
}

document.addEventListener("DOMContentLoaded", () => {
  if (apiKey()) $("api-key").value = apiKey();
  $("check-form").addEventListener("submit", check);
  $("draft").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("check-form").requestSubmit();
  });
  $("forget-key").addEventListener("click", () => {
    sessionStorage.removeItem(KEY_STORAGE);
    $("api-key").value = "";
    say("status", "The API key is forgotten.");
  });
  $("load").addEventListener("change", load);
  $("miss-form").addEventListener("submit", (e) => {
    e.preventDefault();
    feedback({verdict: "missed", category: $("miss-category").value}, null);
  });
});
