// Drives headless Chromium over the DevTools protocol on a pipe (fd 3 in, fd 4 out).
// Run by tools/console-browser-test, which sets MILEPOST, OUTBOX, PORT, TOKEN, PROFILE.
"use strict";
const { spawn, execFileSync } = require("child_process");
const http = require("http");
const { MILEPOST, OUTBOX, PORT, TOKEN, PROFILE } = process.env;
const base = `http://127.0.0.1:${PORT}`;

const browser = spawn("chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
  "--remote-debugging-pipe", `--user-data-dir=${PROFILE}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let stderr = "";
browser.stdio[2].on("data", d => { stderr += d; });
browser.on("exit", code => { if (!finished) skip(`chromium exited (${code}) ${stderr.slice(-400)}`); });
let finished = false;

function skip(why) {
  console.error(`!!!!! SKIPPED: console browser test: chromium could not start: ${why} !!!!!`);
  process.exit(77);
}
function fail(why) {
  finished = true;
  console.error(`FAIL: ${why}`);
  browser.kill("SIGKILL");
  process.exit(1);
}

let nextId = 1;
const waiting = new Map();
let buffer = "";
browser.stdio[4].on("data", chunk => {
  buffer += chunk.toString();
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && waiting.has(message.id)) {
      const { resolve, reject } = waiting.get(message.id);
      waiting.delete(message.id);
      message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  browser.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + "\0");
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}

async function evaluate(session, expression) {
  const result = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, session);
  if (result.exceptionDetails) throw new Error(JSON.stringify(result.exceptionDetails));
  return result.result.value;
}

async function until(session, what, expression, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await evaluate(session, expression);
    if (value) return value;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}; page state: ` +
      await evaluate(session, "document.getElementById('state').textContent + ' | ' + document.getElementById('notices').innerText.slice(0, 300)"));
    await new Promise(r => setTimeout(r, 100));
  }
}

function getJSON(path) {
  return new Promise((resolve, reject) => {
    http.get(base + path, { headers: { Authorization: `Bearer ${TOKEN}` } }, response => {
      let body = "";
      response.on("data", d => { body += d; });
      response.on("end", () => resolve(JSON.parse(body)));
    }).on("error", reject);
  });
}

(async () => {
  const startup = setTimeout(() => skip("no answer on the DevTools pipe within 30 s"), 30000);
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  clearTimeout(startup);
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  await send("Page.navigate", { url: `${base}/console` }, sessionId);
  await until(sessionId, "the console page", "document.readyState === 'complete' && !!document.getElementById('token')");

  // The officer types the token and connects.
  await evaluate(sessionId, "document.getElementById('token').focus()");
  await send("Input.insertText", { text: TOKEN }, sessionId);
  await evaluate(sessionId, "document.querySelector('#login button').click()");

  await until(sessionId, "the stored notice", "!!document.getElementById('notice-1')");
  const banner = await evaluate(sessionId, "document.querySelector('#notice-1 .banner').textContent");
  if (banner !== "UNCONFIRMED: verify plate and state visually and confirm with NCIC or dispatch before acting") fail(`banner was '${banner}'`);
  const plate = await evaluate(sessionId, "document.querySelector('#notice-1 .plate').textContent");
  if (!plate.includes("ABC1234") || !plate.includes("MA")) fail(`plate line was '${plate}'`);
  await until(sessionId, "both images decoded", "[...document.querySelectorAll('#notice-1 img')].filter(i => i.complete && i.naturalWidth > 0).length === 2");
  console.log("ok: stored notice shown with banner, plate, state and both images");

  execFileSync(MILEPOST, ["notices", "demo-hit", "--outbox", OUTBOX, "--plate", "XYZ987"]);
  await until(sessionId, "the live notice", "!!document.getElementById('notice-2')");
  const liveBanner = await evaluate(sessionId, "document.querySelector('#notice-2 .banner').textContent");
  if (liveBanner !== banner) fail(`live notice banner was '${liveBanner}'`);
  const livePlate = await evaluate(sessionId, "document.querySelector('#notice-2 .plate').textContent");
  if (!livePlate.includes("XYZ987")) fail(`live notice plate line was '${livePlate}'`);
  await until(sessionId, "the live notice's images decoded", "[...document.querySelectorAll('#notice-2 img')].filter(i => i.complete && i.naturalWidth > 0).length === 2");
  console.log("ok: notice committed by another process while the page was open arrived live, with banner and both images");

  await evaluate(sessionId, "document.querySelector('#notice-1 button[data-disposition=wrong_state]').click()");
  const shown = await until(sessionId, "the recorded disposition", "document.querySelector('#notice-1 .disposition').textContent");
  if (shown !== "Recorded: Wrong state by badge-311") fail(`disposition line was '${shown}'`);
  const stored = await getJSON("/api/notices/1/dispositions");
  if (stored.length !== 1 || stored[0].disposition !== "wrong_state" || stored[0].officer !== "badge-311") fail(`unit stored ${JSON.stringify(stored)}`);
  console.log("ok: disposition clicked in the page is stored on the unit under the token's officer");

  finished = true;
  browser.kill("SIGKILL");
  console.log("PASS: officer console in headless Chromium");
  process.exit(0);
})().catch(error => fail(error.stack || String(error)));
