// `npm run size:peers`: our bundles next to what users would otherwise reach for, measured the
// same way (esbuild, browser, esm, minified, gzip -9, react external). Information only.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { measureAll } from "./measure.mjs";
import { sdkScenarios } from "./scenarios.mjs";
import { repoRoot } from "./sdk-resolver.mjs";
import { errorLines, kb, sideBySide, sizeColumns, table } from "./table.mjs";

const { values } = parseArgs({ options: { dist: { type: "string", default: "dist" } } });
const distDir = resolve(repoRoot, values.dist);

/** What a user imports from each peer (devDependencies of this repo, so versions are pinned). */
const PEERS = [
  { name: "@ai-sdk/react useChat", code: `export { useChat } from "@ai-sdk/react";` },
  { name: "@langchain/langgraph-sdk/react useStream", code: `export { useStream } from "@langchain/langgraph-sdk/react";` },
  { name: "ably Realtime", code: `export { Realtime } from "ably";` },
  { name: "socket.io-client io (transport only)", code: `export { io } from "socket.io-client";` },
];

let ourScenarios;
try {
  ourScenarios = (await sdkScenarios(distDir)).slice(0, 2);
} catch (error) {
  console.error(`size:peers: ${error.message}`);
  process.exit(1);
}
const ours = await measureAll(ourScenarios);
const peers = await measureAll(PEERS);

console.log("\nOurs vs peers (esbuild, browser, esm, minified; gzip -9; react external)\n");
console.log(sideBySide(table(sizeColumns, ours.map((r) => ({ ...r, name: `ours ${r.name}` }))), table(sizeColumns, peers)).join("\n"));

const [core, react] = ours;
const ratio = (a, b) => (a.error || b.error ? "n/a" : `${(a.gz / b.gz).toFixed(2)}x`);
console.log("");
for (const peer of peers) {
  const against = peer.name.includes("react") ? react : core;
  console.log(`${peer.name}: ${peer.error ? "-" : kb(peer.gz)} = ${ratio(peer, against)} ours (${against.name})`);
}
const errors = errorLines([...ours, ...peers]);
if (errors.length > 0) {
  console.error(`\n${errors.join("\n")}`);
  process.exit(1);
}
