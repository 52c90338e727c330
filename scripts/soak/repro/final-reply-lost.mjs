#!/usr/bin/env node
// Reproduction: the session actor reaches `completed` without applying the final coach reply.
// `session.updated` (status COMPLETED) is handled as terminal at once, so whatever the final job
// would have added (the coach's last message, the user's message becoming `accepted`) is lost.
// Run after `npm run build`:  node scripts/soak/repro/final-reply-lost.mjs
// Exit code 1 while the bug is present.
import { WebSocket } from "ws";
import { waitFor } from "xstate";
import { createCoachingClient, createCoachingSession, createMemoryStorage, noopEnvironment, silentLogger } from "coaching-session-sdk";
import { startMockCoachingServer } from "coaching-session-sdk/testing/server";

async function scenario(name, arrange) {
  const server = await startMockCoachingServer({ turnsUntilFinal: 1, processingDelayMs: 20 });
  const client = createCoachingClient({ baseUrl: server.url, socketUrl: server.socketUrl, WebSocket, getToken: () => "token", logger: silentLogger });
  const actor = createCoachingSession(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  try {
    actor.start();
    await waitFor(actor, (s) => s.hasTag("can-send") && s.context.connection.status === "live", { timeout: 5_000 });
    arrange(server.backend);
    actor.send({ type: "SEND", text: "I want to run a 5k" });
    const done = await waitFor(actor, (s) => s.matches("completed"), { timeout: 5_000 });
    const onServer = server.backend.sessions().find((s) => s.id === done.context.session.id);
    const actual = {
      state: done.value,
      transcript: done.context.messages.map((m) => `${m.role}${m.delivery ? `(${m.delivery})` : ""}`),
      awaiting: done.context.awaiting?.jobId ?? null,
      hasResult: done.context.session?.result != null,
    };
    const expected = onServer.messages.map((m) => (m.role === "user" ? "user(accepted)" : "coach"));
    const ok = JSON.stringify(actual.transcript) === JSON.stringify(expected) && actual.awaiting === null;
    console.log(`${ok ? "ok  " : "BUG "} ${name}`);
    console.log(`     actor:  ${JSON.stringify(actual)}`);
    console.log(`     server: ${JSON.stringify(expected)} (session ${onServer.status})`);
    return ok;
  } finally {
    actor.stop();
    await server.close();
  }
}

const results = [
  // The contract allows any order; the mock's reorder sends the newest event first, so
  // `session.updated` (COMPLETED) arrives before the final `job.completed`.
  await scenario("events reordered: session.updated(COMPLETED) before the final job.completed", (backend) => backend.faults.reorderEvents(true)),
  // No reordering: the final send is applied but its 202 is lost (500 after processing), so the
  // SDK retries after its backoff. The job finishes meanwhile; its job.completed is for a job not
  // tracked yet (kept as an early outcome), then session.updated(COMPLETED) ends the actor.
  await scenario("202 of the final send lost and retried: session.updated(COMPLETED) wins", (backend) =>
    backend.faults.failNext({ status: 500, route: "sendMessage", afterProcessing: true }),
  ),
  // Control: no faults.
  await scenario("control, no faults", () => {}),
];
process.exitCode = results.every(Boolean) ? 0 : 1;
