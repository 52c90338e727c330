#!/usr/bin/env node
// `npm run soak`: a bounded chaos soak of the real SDK actors against a real mock server that
// serves every simulated user (the mock backend's `userOf` tells them apart by token).
// Needs the built package (`npm run build`) and `node --expose-gc`. Options:
//   --seconds N     how long new conversations are started (default 60; CI: 10)
//   --sessions N    concurrent simulated users, one actor each (default 8)
//   --messages M    messages per conversation; the M-th reply is final (default 5)
//   --seed S        fault schedule and pauses (default: random, printed)
//   --no-reloads    do not reload the "page" (by default ~1/3 of conversations reload once
//                   mid-way: the actor is stopped and a new one opens on the same storage)
//   --no-sleeps     no laptop sleeps (by default ~1/4 of conversations sleep two hours once with
//                   a reply pending: every SDK timer fires at once on wake)
//   --no-stops      the user never presses STOP (by default ~1/4 of replies are stopped at a
//                   random moment while awaited: with text the reply stays, marked stopped; before
//                   any text the message stays unanswered and the conversation goes on)
//   --no-chaos      no faults (a baseline)
//   --debug         print the user's recent HTTP calls (with injected faults) for failing conversations
//   --faults a,b    only these faults (to bisect): drops, duplicates, reorder, http500, http429,
//                   malformed, tokens, gap-pauses, progress-dups, progress-reorder, progress-loss
//                   (default: all)
//   --conversation-timeout S   a conversation not completed after S seconds is "stuck" (default 45)
//   --processing-ms N          how long the mock coach takes per reply (default 80; a streamed
//                              reply takes at least 40 + 4 chunks × 25 ms)
// Exit code 1 on any violation of the invariants listed in the summary.
import { startServerProcess } from "./lib/server-process.mjs";
import { runConversation } from "./lib/conversation.mjs";
import { createRandom } from "./lib/random.mjs";

const args = process.argv.slice(2);
const KNOWN = new Set(["--seconds", "--sessions", "--messages", "--seed", "--no-reloads", "--no-sleeps", "--no-stops", "--no-chaos", "--debug", "--faults", "--conversation-timeout", "--processing-ms"]);
const unknown = args.filter((arg) => arg.startsWith("--") && !KNOWN.has(arg));
if (unknown.length > 0) {
  console.error(`soak: unknown option ${unknown.join(", ")}; see the top of scripts/soak/run.mjs`);
  process.exit(2);
}
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const seconds = option("--seconds", 60);
const users = option("--sessions", 8);
const messages = option("--messages", 5);
const seed = option("--seed", Math.floor(Math.random() * 2 ** 31));
const reloads = !args.includes("--no-reloads");
const sleeps = !args.includes("--no-sleeps");
const stops = !args.includes("--no-stops");
const debug = args.includes("--debug");
const chaos = !args.includes("--no-chaos");
const conversationTimeoutMs = option("--conversation-timeout", 45) * 1_000;
const processingDelayMs = option("--processing-ms", 80);
const faultsAt = args.indexOf("--faults");
const faults = faultsAt >= 0 ? String(args[faultsAt + 1] ?? "").split(",").filter(Boolean) : undefined;
if (!globalThis.gc) {
  console.error("soak: run with `node --expose-gc scripts/soak/run.mjs` (the memory check needs gc()).");
  process.exit(2);
}
if (![seconds, users, messages].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("soak: --seconds, --sessions and --messages take positive integers");
  process.exit(2);
}

const say = (line) => process.stderr.write(`soak: ${line}\n`);
const random = createRandom(seed);
const heapMb = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1_048_576;
};

// Everything the SDK logs, counted by message; `error` lines are SDK bugs unless explained.
const logCounts = { warn: {}, error: {} };
const countLog = (level) => (message) => {
  const key = String(message).slice(0, 120);
  logCounts[level][key] = (logCounts[level][key] ?? 0) + 1;
};
const logger = { debug: () => {}, warn: countLog("warn"), error: countLog("error") };

// Hard bound on the whole run: the soak period, the slowest allowed conversation, and teardown.
const hardLimitMs = seconds * 1_000 + conversationTimeoutMs + 30_000;
const servers = startServerProcess({ maxLifetimeMs: hardLimitMs + 30_000 });
const hardLimit = setTimeout(() => {
  console.error(`soak: FAILED: still running after ${hardLimitMs} ms; stopping`);
  servers.kill();
  process.exit(1);
}, hardLimitMs);
hardLimit.unref();

const started = performance.now();
const records = [];
const heapSamples = [];
let warmHeapMb = null;
let enabledFaults = [];
let failingShown = 0;
let stopping = false;
let exitCode = 0;
try {
  const { server: endpoint, faults: faultList, replyMs } = await servers.call("start", { users, turnsUntilFinal: messages, processingDelayMs, seed, faults });
  enabledFaults = chaos ? faultList : [];
  say(`${users} users × ${messages}-message conversations for ${seconds} s on one mock server shared by all users (pid ${servers.pid}), seed ${seed}, faults: ${enabledFaults.join(", ") || "none"}${reloads ? ", page reloads" : ""}${stops ? ", stops" : ""}`);
  if (chaos) await servers.call("chaos", { on: true });
  const endAt = started + seconds * 1_000;
  const warmAt = started + Math.max(2_000, seconds * 200);
  const verify = (query) => servers.call("verify", query);
  const jobStatus = (query) => servers.call("jobStatus", query);

  const sampler = setInterval(() => {
    const now = performance.now();
    if (warmHeapMb === null && now >= warmAt) {
      warmHeapMb = heapMb();
      heapSamples.push({ atS: (now - started) / 1_000, mb: warmHeapMb, conversations: records.length });
    } else if (warmHeapMb !== null && now < endAt) {
      heapSamples.push({ atS: (now - started) / 1_000, mb: heapMb(), conversations: records.length });
    }
  }, Math.max(1_000, Math.min(5_000, seconds * 100)));

  const worker = async (user) => {
    for (let index = 0; performance.now() < endAt && !stopping; index++) {
      const record = await runConversation({
        user,
        index,
        server: endpoint,
        messages,
        timeoutMs: conversationTimeoutMs,
        random,
        logger,
        verify,
        jobStatus,
        reload: reloads && random.chance(1 / 3),
        sleep: chaos && sleeps && random.chance(1 / 4),
        stops,
        // From the moment the reply is awaited: queued, streaming, or (a little after) already done.
        stopWithinMs: Math.round(replyMs * 1.25),
      });
      records.push(record);
      if (record.violations.length > 0 && ++failingShown <= 20) {
        say(`✗ ${record.tag}: ${record.violations.map((v) => v.kind).join("; ")}${failingShown === 20 ? " (further failing conversations: see the summary)" : ""}`);
      }
      if (debug && (record.violations.length > 0 || record.failedSteps > 0)) {
        const calls = await servers.call("requests", { user, count: 30 });
        say(`  ${record.tag} errors ${JSON.stringify({ ...record.causedErrors, ...record.uncausedErrors })}; last calls:\n${calls.map((c) => `    ${c.requestId} ${c.method} ${c.path} → ${c.status}${c.fault ? ` [${c.fault}]` : ""}${c.idempotencyKey ? ` key ${c.idempotencyKey.slice(0, 8)}` : ""}`).join("\n")}`);
      }
    }
  };
  await Promise.all(Array.from({ length: users }, (_, user) => worker(user)));
  clearInterval(sampler);
  const soakMs = performance.now() - started;
  if (chaos) await servers.call("chaos", { on: false });
  const stats = await servers.call("stats");

  // Every actor is stopped: let sockets finish closing, then nothing the SDK made may remain.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const endHeapMb = heapMb();
  const leftovers = process
    .getActiveResourcesInfo()
    .filter((type) => !["PipeWrap", "ProcessWrap", "TTYWrap", "FSReqCallback", "SignalWrap"].includes(type));

  exitCode = report({ soakMs, stats, endHeapMb, leftovers });
} catch (error) {
  console.error(`soak: FAILED: ${error?.stack ?? error}`);
  exitCode = 1;
} finally {
  stopping = true;
  await servers.stop();
  clearTimeout(hardLimit);
}
process.exitCode = exitCode;

function report({ soakMs, stats, endHeapMb, leftovers }) {
  const sum = (pick) => records.reduce((total, r) => total + pick(r), 0);
  const merge = (pick) => {
    const merged = {};
    for (const r of records) for (const [k, v] of Object.entries(pick(r))) merged[k] = (merged[k] ?? 0) + v;
    return merged;
  };
  const violations = records.flatMap((r) => r.violations.map((v) => ({ ...v, tag: r.tag })));
  const kinds = new Map();
  for (const v of violations) {
    const entry = kinds.get(v.kind) ?? { count: 0, conversations: new Set(), examples: [] };
    entry.count += 1;
    entry.conversations.add(v.tag);
    if (entry.examples.length < 2) entry.examples.push(`${v.tag}: ${v.detail}`);
    kinds.set(v.kind, entry);
  }
  const has = (...names) => names.some((name) => kinds.has(name));
  const durations = records.map((r) => r.durationMs).sort((a, b) => a - b);
  const pct = (p) => (durations.length ? durations[Math.min(durations.length - 1, Math.ceil((p / 100) * durations.length) - 1)] : NaN);
  const completed = records.filter((r) => r.state === "completed").length;
  const stuck = records.filter((r) => r.state === "stuck").length;
  const causedErrors = merge((r) => r.causedErrors);
  const uncausedErrors = merge((r) => r.uncausedErrors);
  const sdkErrors = Object.entries(logCounts.error);

  const global = [];
  if (records.length === 0) global.push("no conversation ran");
  if (Object.keys(uncausedErrors).length > 0) global.push(`errors no injected fault explains: ${JSON.stringify(uncausedErrors)}`);
  if (sdkErrors.length > 0) global.push(`the SDK logged errors: ${JSON.stringify(Object.fromEntries(sdkErrors))}`);
  const heapGrowthMb = warmHeapMb === null ? NaN : endHeapMb - warmHeapMb;
  const heapLimitMb = warmHeapMb === null ? NaN : Math.max(2, warmHeapMb * 0.1);
  if (warmHeapMb !== null && heapGrowthMb > heapLimitMb) global.push(`heap grew ${heapGrowthMb.toFixed(2)} MB from warm-up to the end (limit ${heapLimitMb.toFixed(2)} MB)`);
  if (leftovers.length > 0) global.push(`handles left after every actor stopped: ${leftovers.join(", ")}`);
  const violationCount = global.length + violations.length;

  const rows = [
    ["duration", `${(soakMs / 1000).toFixed(1)} s (conversations started for ${seconds} s)`],
    ["users × messages", `${users} concurrent actors × ${messages} messages (the last reply is final)`],
    ["conversations", `${records.length} run, ${completed} completed, ${stuck} stuck`],
    ["user messages", `${sum((r) => r.sent)} sent; each processed by the server exactly once (by clientMessageId and by text): ${has("user message processed twice", "user message never processed") ? "NO" : "yes"}`],
    ["coach replies", `${sum((r) => r.replies)} applied; applied twice: ${kinds.get("reply applied twice")?.count ?? 0}; never applied: ${kinds.get("reply never applied")?.count ?? 0} (a message stopped before any text has no reply, on the server too: ${sum((r) => r.stops.beforeText)}); transcripts equal the server's: ${has("transcript differs from the server's") ? "NO" : "yes"}`],
    ["streamed replies", `chunks seen: ${sum((r) => r.chunks)} progress frames received; ${sum((r) => r.stream.texts)} partial texts shown for ${sum((r) => r.stream.jobs)} replies (${sum((r) => r.stream.streamedThenFailed)} of them then failed); garbled texts (not a prefix of the final reply, or shrinking): ${sum((r) => r.stream.garbled)}`],
    ["stops", stops ? `${sum((r) => r.stops.sent)} sent: ${sum((r) => r.stops.withText)} with text (the reply kept, as the server cut it; shown marked stopped: ${sum((r) => r.stops.marked)}, unmarked after a reload (a transcript read carries no \`stopped\`): ${sum((r) => r.stops.unmarkedAfterReload)}, unmarked otherwise: ${sum((r) => r.stops.unmarked)}), ${sum((r) => r.stops.beforeText)} before text (no reply; the conversation went on), ${sum((r) => r.stops.tooLate)} too late (the reply stood)${sum((r) => r.stops.other) ? `, ${sum((r) => r.stops.other)} other` : ""}; extra messages for a stopped final reply: ${sum((r) => Math.max(0, r.sent - messages))}` : "off (--no-stops)"],
    ["conversation time", `p50 ${(pct(50) / 1000).toFixed(2)} s, p95 ${(pct(95) / 1000).toFixed(2)} s, max ${(pct(100) / 1000).toFixed(2)} s (bound ${conversationTimeoutMs / 1000} s)`],
    ["recovered failures", `${sum((r) => r.failedSteps)} failed steps retried, ${sum((r) => r.failedMessages)} failed messages retried, ${sum((r) => r.reloads)} reloads`],
    ["gaps", `${sum((r) => r.sleeps)} laptop sleeps of 2 h with a reply pending; ${sum((r) => r.pausesFollowed)} pauses made during a socket gap noticed and resumed`],
    ["errors with a cause", Object.keys(causedErrors).length ? Object.entries(causedErrors).map(([k, v]) => `${k} ×${v}`).join("; ") : "none"],
    ["errors without a cause", Object.keys(uncausedErrors).length ? JSON.stringify(uncausedErrors) : "none"],
    ["socket → polling episodes", String(sum((r) => r.pollingEpisodes))],
    ["faults injected", Object.entries(stats.injected).map(([k, v]) => `${k} ${v}`).join(", ")],
    ["HTTP requests", `${stats.requests.total} (getJob ${stats.requests.byRoute.getJob ?? 0}, sendMessage ${stats.requests.byRoute.sendMessage ?? 0}); by status ${Object.entries(stats.requests.byStatus).map(([k, v]) => `${k}:${v}`).join(" ")}`],
    ["SDK warnings", Object.entries(logCounts.warn).map(([k, v]) => `${k} ×${v}`).join("; ") || "none"],
    ["SDK errors", sdkErrors.map(([k, v]) => `${k} ×${v}`).join("; ") || "none"],
    ["heap (after gc)", warmHeapMb === null ? `end ${endHeapMb.toFixed(2)} MB (run too short for a warm-up sample)` : `warm-up ${warmHeapMb.toFixed(2)} MB → end ${endHeapMb.toFixed(2)} MB (Δ ${heapGrowthMb.toFixed(2)} MB, limit ${heapLimitMb.toFixed(2)}); samples ${heapSamples.map((s) => s.mb.toFixed(1)).join(" ")}`],
    ["handles left after stop", leftovers.length ? leftovers.join(", ") : "none"],
    ["faults", `${enabledFaults.join(", ") || "none"}${reloads ? " + page reloads" : ""}${chaos && sleeps ? " + laptop sleeps" : ""}${stops ? " + stops" : ""}`],
    ["seed", `${seed} (same fault schedule: --seed ${seed}; timing still varies)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\ncoaching-session-sdk soak — ${violationCount === 0 ? "PASS" : `FAIL (${violationCount} violations)`}\n`);
  console.log(`| ${"check".padEnd(width)} | result`);
  console.log(`|${"-".repeat(width + 2)}|--------`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v}`);
  if (violationCount > 0) {
    console.log("\nviolations by kind:");
    for (const v of global) console.log(`  - ${v}`);
    for (const [kind, entry] of [...kinds].sort((a, b) => b[1].count - a[1].count)) {
      console.log(`  - ${kind}: ${entry.count}× in ${entry.conversations.size} of ${records.length} conversations`);
      for (const example of entry.examples) console.log(`      e.g. ${example}`);
    }
  }
  return violationCount === 0 ? 0 : 1;
}
