// A social tool's pre-send hook: ask a running `tactful serve` about a draft before it goes out.
// Works in browsers and in Node 18+ (global fetch). Run the demo with
//   TACTFUL_URL=http://127.0.0.1:8080 node examples/presend.js "Thanks for following! Buy my course today"
"use strict";

/**
 * Check one draft. Resolves to {send, response, reason}: `send` is false when tactful flagged the
 * draft (show `response.warnings` to the person), true when it is fine. `response.send_text`, when
 * present, is the draft without tactful markers: send that text.
 * If the service cannot be reached or answers an error, `failOpen` decides (default: send anyway,
 * because a linter must never stop a person from talking; set it false for unattended automation).
 */
async function checkBeforeSend(draft, {history = [], channel = "dm", recipient = null, url, apiKey,
                                       timeoutMs = 3000, failOpen = true} = {}) {
  const request = {draft, channel, history};
  if (recipient) request.recipient = recipient;
  const headers = {"Content-Type": "application/json"};
  if (apiKey) headers["Authorization"] = "Bearer " + apiKey;
  try {
    const answer = await fetch(url.replace(/\/$/, "") + "/v1/check", {
      method: "POST", headers, body: JSON.stringify(request), signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await answer.json();
    if (!answer.ok) {  // 400/422: the request is wrong (body.error names the field); 401: the key
      return {send: failOpen, response: null, reason: `tactful answered ${answer.status}: ${body.error}`};
    }
    return {send: body.flags.length === 0, response: body,
            reason: body.flags.length ? `flagged: ${body.flags.join(", ")}` : "fine"};
  } catch (error) {
    return {send: failOpen, response: null, reason: `tactful unreachable: ${error.message}`};
  }
}

if (typeof module !== "undefined") module.exports = {checkBeforeSend};

// Demo when run directly with node: exit 0 when the draft may go, 1 when it is held.
if (typeof require !== "undefined" && require.main === module) {
  const draft = process.argv[2] || "Thanks for following! Grab 50% off my course today only: mysite.example";
  checkBeforeSend(draft, {url: process.env.TACTFUL_URL || "http://127.0.0.1:8080", apiKey: process.env.TACTFUL_API_KEY,
                          history: [{from: "them", kind: "follow"}], failOpen: false})
    .then(({send, response, reason}) => {
      console.log(send ? "SEND" : "HOLD", "-", reason);
      for (const w of (response && response.warnings) || []) {
        if (w.severity !== "info") console.log(`  ${w.severity} ${w.rule}: ${w.message} -> ${w.suggestion}`);
      }
      process.exit(send ? 0 : 1);
    });
}
