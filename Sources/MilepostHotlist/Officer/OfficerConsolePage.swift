import Foundation

/// The officer console: one static page, served by a unit (its own notices) and by the
/// department server (every unit's, each card naming its unit). It holds no data; after the
/// officer enters their token it opens the notice stream with fetch() (EventSource cannot send
/// an Authorization header, and tokens never go in URLs), resumes with Last-Event-ID after a
/// drop, and posts dispositions. Both serve the same API paths under `/api/notices`.
public enum OfficerConsolePage {
    /// A unit's console.
    public static let html = page(title: "Milepost — hit notices", heading: "Milepost hit notices", fleet: false)
    /// The department server's console: the same page, with the unit at the top of each card.
    public static let fleetHTML = page(title: "Milepost — hit notices, all units", heading: "Milepost hit notices, all units", fleet: true)

    static func page(title: String, heading: String, fleet: Bool) -> String {
        template.replacingOccurrences(of: "__TITLE__", with: title).replacingOccurrences(of: "__HEADING__", with: heading)
            .replacingOccurrences(of: "__FLEET__", with: fleet ? "true" : "false")
    }

    static let template = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #111; color: #eee; }
header { padding: .6em 1em; background: #222; display: flex; gap: 1em; align-items: center; }
#state { margin-left: auto; font-size: .9em; }
main { padding: 1em; display: grid; gap: 1em; }
.notice { background: #1c1c1c; border: 2px solid #555; border-radius: 6px; padding: .8em; }
.notice.high { border-color: #d33; }
.banner { background: #b80; color: #000; font-weight: bold; padding: .4em; border-radius: 4px; }
.plate { font-size: 2em; font-family: monospace; letter-spacing: .1em; }
.images { display: flex; gap: .6em; flex-wrap: wrap; }
.images img { max-height: 180px; border: 1px solid #444; background: #000; }
.actions button { margin: .3em .3em 0 0; padding: .6em .9em; font-size: 1em; }
.disposition { color: #8c8; font-weight: bold; }
.unit { font-weight: bold; font-size: 1.1em; }
form { display: flex; gap: .5em; }
</style>
</head>
<body>
<header><strong>__HEADING__</strong>
<form id="login"><input id="token" type="password" autocomplete="off" placeholder="Officer token" required><button>Connect</button></form>
<span id="state">not connected</span></header>
<main id="notices"></main>
<script>
"use strict";
let token = sessionStorage.getItem("milepost-token") || "";
let lastEventId = null;
const fleet = __FLEET__;
const labels = { confirmed_hit: "Confirmed hit", wrong_state: "Wrong state", misread: "Misread", dismissed: "Dismissed" };

function setState(text) { document.getElementById("state").textContent = text; }

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function render(stored) {
  const n = stored.notice, hit = n.hits[0];
  if (document.getElementById("notice-" + stored.sequence)) return;
  const card = el("section", "notice" + (n.hits.some(h => h.priority === "high") ? " high" : ""));
  card.id = "notice-" + stored.sequence;
  card.dataset.sequence = stored.sequence;
  card.append(el("div", "banner", n.banner));
  if (fleet) card.append(el("div", "unit", "Unit " + n.unit));
  card.append(el("div", "plate", n.plate + (n.state ? " · " + n.state : "")));
  card.append(el("div", "list", hit.codeTitle + " (" + hit.code + ") on " + hit.list + ": " + hit.reason));
  card.append(el("div", "match", "Hotlist plate " + hit.hotlistPlate + (hit.hotlistState ? " " + hit.hotlistState : "") +
    " — " + hit.match + ", read confidence " + Math.round(n.readConfidence * 100) + "%" +
    (n.framesRead ? ", " + n.framesAgreed + " of " + n.framesRead + " frames agreed" : "")));
  card.append(el("div", "where", new Date(n.capturedAtMillis).toLocaleString() + " — " + n.site + ", " +
    n.location.description + " (unit " + n.unit + ")"));
  const images = el("div", "images");
  for (const [key, alt] of [["plateCrop", "plate crop"], ["contextImage", "context image"]]) {
    if (n[key]) { const img = el("img", key); img.alt = alt; img.src = "data:image/jpeg;base64," + n[key]; images.append(img); }
  }
  card.append(images);
  const actions = el("div", "actions");
  for (const [value, label] of Object.entries(labels)) {
    const b = el("button", "dispose", label);
    b.dataset.disposition = value;
    b.onclick = () => dispose(stored.sequence, value, card);
    actions.append(b);
  }
  card.append(actions);
  card.append(el("div", "disposition", ""));
  document.getElementById("notices").prepend(card);
}

async function dispose(sequence, disposition, card) {
  const response = await fetch("/api/notices/" + sequence + "/disposition", {
    method: "POST",
    headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
    body: JSON.stringify({ disposition })
  });
  const status = card.querySelector(".disposition");
  if (response.ok) {
    const record = await response.json();
    status.textContent = "Recorded: " + labels[record.disposition] + " by " + record.officer;
    card.dataset.disposition = record.disposition;
  } else {
    status.textContent = "Not recorded (" + response.status + "): " + await response.text();
  }
}

async function connect() {
  while (token) {
    try {
      const headers = { "Authorization": "Bearer " + token };
      if (lastEventId !== null) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch("/api/notices/stream", { headers, cache: "no-store" });
      if (response.status === 401) { setState("token refused"); sessionStorage.removeItem("milepost-token"); token = ""; return; }
      if (!response.ok) throw new Error("HTTP " + response.status);
      setState("live");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
          let id = null, data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("id: ")) id = line.slice(4);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (data) { render(JSON.parse(data)); if (id !== null) lastEventId = id; }
        }
      }
    } catch (error) {
      setState("reconnecting: " + error.message);
    }
    setState("reconnecting…");
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

document.getElementById("login").onsubmit = event => {
  event.preventDefault();
  token = document.getElementById("token").value.trim();
  sessionStorage.setItem("milepost-token", token);
  setState("connecting…");
  connect();
};
if (token) connect();
</script>
</body>
</html>
"""#
}
