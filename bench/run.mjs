#!/usr/bin/env node
// `npm run bench`: one run, one local machine, one table. Figures are printed, nothing asserted.
// Needs the built package (`npm run build`) and `node --expose-gc`. Options:
//   --quick          fewer iterations (a smoke run, ~30 s)
//   --only a,b       run some sections: latency, http, cpu, heap, actor, drop, stream
//   --json <path>    where to write the JSON (default bench/results/latest.json)
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, markdownTable } from "./lib/table.mjs";
import { round } from "./lib/stats.mjs";
import { benchLatency } from "./sections/latency.mjs";
import { benchActorPolls, benchHttpPerJob } from "./sections/http-per-job.mjs";
import { benchActorCpu, benchApiCallCpu, benchDeliveryCpu, benchDeliveryHeap, benchTranscriptGrowth } from "./sections/cpu-heap.mjs";
import { benchDropToPoll } from "./sections/drop-to-poll.mjs";
import { benchStreamingCpu, benchStreamingHeap, benchStreamingLatency } from "./sections/streaming.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
if (!globalThis.gc) {
  console.error("bench: run with `node --expose-gc bench/run.mjs` (heap figures need gc()).");
  process.exit(2);
}
const quick = flag("--quick");
const only = new Set(option("--only", "latency,http,cpu,heap,actor,drop,stream").split(","));
const jsonPath = resolve(option("--json", resolve(here, "results/latest.json")));

const log = (message) => process.stderr.write(`bench: ${message}\n`);
const results = {};
const timings = {};
async function section(name, fn) {
  if (!only.has(name)) return;
  log(`${name}...`);
  const started = performance.now();
  results[name] = await fn();
  timings[name] = Math.round(performance.now() - started);
  log(`${name} done in ${(timings[name] / 1000).toFixed(1)} s`);
}

// Hard bound: a wedged section must not hang CI.
const watchdog = setTimeout(() => {
  console.error("bench: gave up after 5 minutes");
  process.exit(1);
}, 300_000);
watchdog.unref();

const started = performance.now();
await section("latency", () => benchLatency(quick ? { warmup: 1_000, iterations: 3_000 } : { warmup: 5_000, iterations: 20_000 }));
await section("http", async () => ({
  perJob: await benchHttpPerJob(quick ? { jobs: 10 } : { jobs: 30 }),
  actorColdStart: await benchActorPolls({ turns: 10 }),
}));
await section("cpu", () => benchDeliveryCpu(quick ? { rounds: 2 } : { rounds: 5 }));
await section("heap", () => benchDeliveryHeap(quick ? { jobs: 20_000 } : { jobs: 100_000 }));
await section("actor", async () => ({
  cpu: await benchActorCpu(quick ? { completions: 2_000 } : { completions: 10_000 }),
  growth: await benchTranscriptGrowth(quick ? { turns: 300, window: 50 } : { turns: 1_000, window: 100 }),
  apiCall: await benchApiCallCpu(quick ? { calls: 500, rounds: 1 } : { calls: 2_000, rounds: 3 }),
}));
await section("drop", () => benchDropToPoll({ drops: quick ? 3 : 7 }));
await section("stream", async () => ({
  latency: await benchStreamingLatency(quick ? { warmupReplies: 3, replies: 20, chunksPerReply: 50 } : { warmupReplies: 10, replies: 100, chunksPerReply: 50 }),
  cpu: await benchStreamingCpu({ rounds: quick ? 2 : 5 }),
  heap: await benchStreamingHeap(quick ? { replies: 200, warmupReplies: 40 } : { replies: 1_000, warmupReplies: 100 }),
}));
const totalMs = Math.round(performance.now() - started);

// ---- the table -------------------------------------------------------------------------------
const rows = [];
const add = (metric, value, goal, meaning) => rows.push([metric, value, goal, meaning]);
const r = results;
if (r.latency) {
  const l = r.latency;
  add("delivery latency, SDK p50 / p99", `${fmt(l.sdkUs.p50)} / ${fmt(l.sdkUs.p99)} µs`, "", `server send → createJobDelivery listener (job.completed, tracked job); ${l.iterations} frames of ${l.frameBytes} B`);
  add("delivery latency, raw ws p50 / p99", `${fmt(l.rawUs.p50)} / ${fmt(l.rawUs.p99)} µs`, "", "server send → raw `ws` message handler after JSON.parse (same frames, back to back)");
  add("SDK / raw ratio p50 / p99", `${fmt(l.ratioP50, 2)} / ${fmt(l.ratioP99, 2)}`, "", "1.00 = no overhead");
  add("SDK overhead per delivery p50 / p99", `${fmt(l.pairedOverheadUs.p50)} / ${fmt(l.pairedOverheadUs.p99)} µs`, "p50 < 200 µs", "paired difference SDK − raw for the same frame (p99 is mostly scheduling noise)");
  add("polls during the latency run", l.pollsDuringRun, "0", "GET /coaching/jobs while the socket was live");
}
if (r.http) {
  const m = r.http.perJob.modes;
  const p = r.http.perJob;
  const line = (mode, label, goal) =>
    add(`GET /jobs per job, ${label}`, fmt(m[mode].getJobPerJob, 2), goal, `${p.jobs} jobs of ${p.processingMs} ms on the real mock server; ${fmt(m[mode].httpPerJob, 2)} HTTP calls/job in all; reply p50 ${fmt(m[mode].replyLatencyP50Ms, 0)} ms; via socket ${m[mode].deliveredVia.socket}, poll ${m[mode].deliveredVia.poll}`);
  line("healthy", "socket healthy", "0");
  line("no-socket", "no socketUrl", "");
  line("socket-unreachable", "socket unreachable", "");
  const a = r.http.actorColdStart;
  add("GET /jobs, whole actor from cold start", `${a.getJobFirstTurn} then ${a.getJobAfterFirstTurn}`, "0 after start", `first message sent as soon as the actor is active (socket not yet live) vs the next ${a.turns - 1} turns; ended ${a.finalState}`);
}
if (r.cpu) {
  add("CPU per 10,000 completions, delivery", `${fmt(r.cpu.cpuMsPer10k, 0)} ms`, "", `track + job.completed frame through createJobDelivery (${fmt(r.cpu.usPerCompletion, 1)} µs each; in-process socket, median of ${r.cpu.rounds} rounds)`);
  add("  floor: JSON.parse + Map only", `${fmt(r.cpu.floorCpuMsPer10k, 0)} ms`, "", "what any client pays for the same frames");
}
if (r.actor) {
  const c = r.actor.cpu;
  add("CPU per 10,000 completions, whole actor", `${fmt(c.cpuMsPer10k, 0)} ms`, "", `SEND → POST (ky, in-process fetch) → track → frame → reply in transcript; ${c.sessions} sessions × ${c.turnsPerSession} turns, session setup included (${fmt(c.usPerCompletion, 0)} µs each)`);
  const a = r.actor.apiCall;
  add("  of which one POST through the client", `${fmt(a.usPerSendMessage, 0)} µs`, "", `client.api.sendMessage (ky + undici Request/Response + zod) over the same fetch; ky alone posting the same JSON ${fmt(a.usPerKyPost, 0)} µs; the fetch alone ${fmt(a.usPerFakeFetch, 0)} µs`);
  const g = r.actor.growth;
  add("actor CPU per turn vs transcript length", `${fmt(g.firstWindowUsPerTurn, 0)} → ${fmt(g.lastWindowUsPerTurn, 0)} µs`, "", `median per turn, turns 2-${g.window + 1} vs the last ${g.window} of ${g.turns} in one session (×${fmt(g.growth, 1)})`);
  add("heap across actor sessions", `${fmt(c.heapBeforeMb, 2)} → ${c.heapSamplesMb.map((v) => fmt(v, 2)).join(" → ")} MB`, "flat", `after gc, every ${c.sessions / c.heapSamplesMb.length} sessions (actors stopped)`);
}
if (r.heap) {
  const h = r.heap;
  add(`heap before / after ${h.jobs / 1000}k jobs, delivery`, `${fmt(h.beforeMb, 2)} / ${fmt(h.afterMb, 2)} MB (Δ ${fmt(h.deltaMb * 1024, 0)} KB)`, "flat", `${h.jobs} jobs tracked + completed after ${h.warmupJobs} warm-up; samples ${h.sampleMb.map((v) => fmt(v, 2)).join(", ")} MB; pending after: ${h.pendingAfter}`);
}
if (r.drop) {
  const d = r.drop;
  add("socket drop → first poll, median", `${fmt(d.medianDropToFirstPollMs, 0)} ms`, "", `${d.drops} abrupt drops (1006) with a job pending; range ${fmt(Math.min(...d.samplesMs), 0)}-${fmt(d.dropToFirstPollMs.max, 0)} ms; first poll by timer ${d.firstPollBy["poll-timer"]}×, by reconnect ${d.firstPollBy["reconnect-reconcile"]}×`);
  add("socket drop → live again, median", `${fmt(d.medianDropToLiveMs, 0)} ms`, "", "reconnect + auth + subscribe (default reconnect backoff)");
}
if (r.stream) {
  const { latency: l, cpu: c, heap: h } = r.stream;
  const us = (stats) => `${fmt(stats.p50)} / ${fmt(stats.p99)} µs`;
  const what = `${l.chunks} chunks (${l.replies} replies × ${l.chunksPerReply}) of ${l.frameBytes} B, server send → handler`;
  add("chunk latency, raw ws p50 / p99", us(l.rawUs), "", `${what}: \`ws\` listener, JSON.parse + \`+=\``);
  add("chunk latency, SDK to delivery p50 / p99", us(l.deliveryUs), "", "createJobDelivery listener gets job.progress with the text so far");
  add("chunk latency, SDK to actor p50 / p99", us(l.actorUs), "", "createCoachingSession subscriber: selectPartialReply(snapshot) holds the chunk");
  add("  SDK / raw, delivery p50 / p99", `${fmt(l.ratio.deliveryP50, 2)} / ${fmt(l.ratio.deliveryP99, 2)}`, "≤ 1.2", "1.00 = no overhead");
  add("  SDK / raw, actor p50 / p99", `${fmt(l.ratio.actorP50, 2)} / ${fmt(l.ratio.actorP99, 2)}`, "≤ 1.2", "1.00 = no overhead");
  add("  SDK overhead per chunk p50 / p99", `delivery ${us(l.pairedOverheadUs.delivery)}, actor ${us(l.pairedOverheadUs.actor)}`, "", "paired difference SDK − raw for the same chunk");
  add("first chunk → visible, actor p50 / p99", us(l.firstChunkUs.actor), "≤ 16 ms", `first chunk of each reply (raw ${us(l.firstChunkUs.raw)}, delivery ${us(l.firstChunkUs.delivery)}); polls during the run: ${l.pollsDuringRun}`);
  for (const [perReply, p] of Object.entries(c.perChunksPerReply)) {
    add(`CPU per 10k chunks, ${perReply}/reply, delivery`, `${fmt(p.deliveryCpuMsPer10k, 0)} ms`, "", `${p.replies} replies of ${p.replyChars} chars, in-process socket (${fmt(p.deliveryUsPerChunk, 2)} µs/chunk; floor JSON.parse + \`+=\` ${fmt(p.floorCpuMsPer10k, 0)} ms); median of ${c.rounds}`);
    add(`CPU per 10k chunks, ${perReply}/reply, actor`, `${fmt(p.actorCpuMsPer10k, 0)} ms`, "", `same chunks through createCoachingSession, one session of ${p.replies} turns (${fmt(p.actorUsPerChunk, 2)} µs/chunk)`);
  }
  const heap = (x) => `${fmt(x.beforeMb, 2)} → ${x.sampleMb.map((v) => fmt(v, 2)).join(" → ")} MB`;
  add(`heap across ${h.replies} streamed replies, delivery`, heap(h.delivery), "flat", `${h.chunksPerReply} chunks each, one delivery, after gc (Δ ${fmt(h.delivery.deltaKb, 0)} KB; pending after: ${h.delivery.pendingAfter})`);
  add(`heap across ${h.replies} streamed replies, actor`, heap(h.actor), "flat", `sessions of ${h.turnsPerSession} turns, actors stopped, after gc (Δ ${fmt(h.actor.deltaKb, 0)} KB)`);
}

const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  quick,
  totalMs,
  sectionMs: timings,
};
console.log(`\ncoaching-session-sdk bench — ${meta.date}, Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}${quick ? " (quick)" : ""}\n`);
console.log(markdownTable(["metric", "value", "goal", "what it means"], rows));
console.log(`\ntotal ${(totalMs / 1000).toFixed(1)} s (${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")})`);

const roundDeep = (value) =>
  Array.isArray(value) ? value.map(roundDeep) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) : typeof value === "number" ? round(value) : value;
mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify({ meta, results: roundDeep(results) }, null, 2)}\n`);
log(`wrote ${jsonPath}`);
clearTimeout(watchdog);
