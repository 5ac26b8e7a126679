#!/usr/bin/env node
// Drives the real yaml-language-server over stdio (LSP) against the committed inventory
// schema, as an editor would: a misspelt inventory must get a diagnostic naming the typo, a
// good one none, and completion inside `zones:` must offer the zones with their names in both
// languages. Usage:
//   node scripts/test-yaml-language-server.mjs PATH/TO/yaml-language-server
// (the server's bin, e.g. from `npm install --prefix /tmp/yls yaml-language-server`). Prints
// one line per check and exits 0 when every check holds, 1 otherwise.

import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const server = process.argv[2];
if (!server) {
  console.error("usage: test-yaml-language-server.mjs YAML_LANGUAGE_SERVER_BIN");
  process.exit(2);
}
const root = resolve(new URL("..", import.meta.url).pathname);
const schema = pathToFileURL(join(root, "schemas", "inventory.schema.json")).href;
const dir = mkdtempSync(join(tmpdir(), "sitecheck-yls-"));

const modeline = `# yaml-language-server: $schema=${schema}\n`;
const good = readFileSync(join(root, "samples", "town-station-compliant.yaml"), "utf8")
  .split("\n")
  .filter((l) => !l.startsWith("# yaml-language-server:"))
  .join("\n");
const docs = {
  good: modeline + good,
  typo: modeline + good.replace("floor_area_m2:", "flor_area_m2:"),
  zoneTypo: modeline + good.replace("administrative_office:", "administrative_ofice:"),
  completion: modeline + "facility:\n  id: x\n  level: town_station\nzones:\n  \n",
};
const uris = {};
for (const [name, text] of Object.entries(docs)) {
  const p = join(dir, `${name}.yaml`);
  writeFileSync(p, text);
  uris[name] = pathToFileURL(p).href;
}

const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const diagnostics = new Map();
const waiters = [];

function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...msg }), "utf8");
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((res) => pending.set(id, res));
}
function notify(method, params) {
  send({ method, params });
}

child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const head = buffer.indexOf("\r\n\r\n");
    if (head < 0) return;
    const m = /Content-Length: (\d+)/i.exec(buffer.slice(0, head).toString());
    const len = m ? Number(m[1]) : 0;
    if (buffer.length < head + 4 + len) return;
    const msg = JSON.parse(buffer.slice(head + 4, head + 4 + len).toString("utf8"));
    buffer = buffer.slice(head + 4 + len);
    if (msg.id !== undefined && msg.method === undefined) {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else if (msg.method === "workspace/configuration") {
      const settings = { validate: true, completion: true, hover: true, schemaStore: { enable: false } };
      send({ id: msg.id, result: (msg.params.items || []).map(() => settings) });
    } else if (msg.id !== undefined) {
      send({ id: msg.id, result: null });
    } else if (msg.method === "textDocument/publishDiagnostics") {
      diagnostics.set(msg.params.uri, msg.params.diagnostics);
      waiters.splice(0).forEach((w) => w());
    }
  }
});

function diagnosticsOf(uri, ms = 20000) {
  return new Promise((res, rej) => {
    const start = Date.now();
    const check = () => {
      if (diagnostics.has(uri)) return res(diagnostics.get(uri));
      if (Date.now() - start > ms) return rej(new Error(`no diagnostics for ${uri} in ${ms} ms`));
      waiters.push(check);
      setTimeout(check, 200);
    };
    check();
  });
}

let failed = 0;
function expect(ok, what, detail) {
  console.log(`${ok ? "ok" : "FAIL"} - ${what}${ok || !detail ? "" : `: ${detail}`}`);
  if (!ok) failed++;
}

const timer = setTimeout(() => {
  console.error("yaml-language-server did not answer in time");
  child.kill();
  process.exit(1);
}, 60000);

await request("initialize", {
  processId: process.pid,
  rootUri: pathToFileURL(dir).href,
  capabilities: {
    workspace: { configuration: true },
    textDocument: {
      completion: { completionItem: { documentationFormat: ["markdown", "plaintext"] } },
      publishDiagnostics: {},
    },
  },
});
notify("initialized", {});
notify("workspace/didChangeConfiguration", {
  settings: { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } },
});
for (const [name, text] of Object.entries(docs)) {
  notify("textDocument/didOpen", {
    textDocument: { uri: uris[name], languageId: "yaml", version: 1, text },
  });
}

const errors = (ds) => ds.filter((d) => d.severity === undefined || d.severity === 1);
const good_d = errors(await diagnosticsOf(uris.good));
expect(good_d.length === 0, "a good inventory has no error", JSON.stringify(good_d));
const typo_d = errors(await diagnosticsOf(uris.typo));
expect(
  typo_d.some((d) => d.message.includes("flor_area_m2") && d.range.start.line === docs.typo.split("\n").findIndex((l) => l.startsWith("flor_area_m2"))),
  "a misspelt key is reported on its line",
  JSON.stringify(typo_d),
);
const zone_d = errors(await diagnosticsOf(uris.zoneTypo));
expect(zone_d.length > 0, "a misspelt zone is reported", JSON.stringify(zone_d));

const lines = docs.completion.split("\n");
const line = lines.findIndex((l) => l === "zones:") + 1;
const completion = await request("textDocument/completion", {
  textDocument: { uri: uris.completion },
  position: { line, character: 2 },
});
const items = Array.isArray(completion) ? completion : completion?.items || [];
const labels = items.map((i) => i.label);
const office = items.find((i) => i.label === "administrative_office");
const doc = office && (typeof office.documentation === "string" ? office.documentation : office.documentation?.value || "");
expect(
  labels.includes("administrative_office") && labels.includes("行政办公区域"),
  "completion in zones offers zone ids and Chinese names",
  labels.slice(0, 20).join(", "),
);
expect(
  Boolean(doc) && doc.includes("行政办公区域") && /administrative office/i.test(doc),
  "a completed zone is explained in both languages",
  JSON.stringify(office),
);

clearTimeout(timer);
await request("shutdown", null);
notify("exit", null);
child.kill();
console.log(`${4 + 1 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
