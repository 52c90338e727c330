// @ts-check
// A whole coaching session from Node, with the plain actor (no React): start the mock backend,
// open a session, answer the coach three times, print the transcript and the results, exit.
//
//   npm run build && node examples/node/drive-session.mjs
//
// It imports the package by name, so Node resolves the built `dist/` through the package's
// `exports`, exactly as in an app that ran `npm install coaching-session-sdk`.
import { WebSocket } from "ws";
import { createCoachingClient, createCoachingSession, selectMessages, selectResult, selectView } from "coaching-session-sdk";
import { startMockCoachingServer } from "coaching-session-sdk/testing/server";

/** @typedef {import("coaching-session-sdk").CoachingSessionActor} CoachingSessionActor */
/** @typedef {import("coaching-session-sdk").CoachingSessionSnapshot} Snapshot */

const ANSWERS = ["I want to run a 5k in the spring", "Finding time after work", "Book two runs in my calendar tonight"];

/**
 * Resolves with the first snapshot that matches, rejects if the session fails or time runs out.
 *
 * @param {CoachingSessionActor} session
 * @param {(snapshot: Snapshot) => boolean} predicate
 * @returns {Promise<Snapshot>}
 */
function until(session, predicate, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const check = (/** @type {Snapshot} */ snapshot) => {
      if (predicate(snapshot)) return done(() => resolve(snapshot));
      if (snapshot.matches("failed")) done(() => reject(snapshot.context.error ?? new Error("the session failed")));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`no matching state within ${timeoutMs} ms`))), timeoutMs);
    const subscription = session.subscribe({ next: check, error: (error) => done(() => reject(error)) });
    function done(/** @type {() => void} */ settle) {
      clearTimeout(timer);
      subscription.unsubscribe();
      settle();
    }
    check(session.getSnapshot());
  });
}

const server = await startMockCoachingServer({ port: 0, processingDelayMs: 150, turnsUntilFinal: ANSWERS.length });
console.log(`Mock backend on ${server.url} (socket ${server.socketUrl})\n`);

const client = createCoachingClient({
  baseUrl: server.url,
  socketUrl: server.socketUrl,
  // Node 20 has no global WebSocket: hand the SDK the `ws` package's class.
  WebSocket,
  getToken: () => "node-example-token",
});
const session = createCoachingSession(client);

let lastView = "";
let lastConnection = "";
session.subscribe((snapshot) => {
  const view = selectView(snapshot);
  const connection = snapshot.context.connection.status;
  if (view !== lastView) console.log(`  [session]    ${view}`);
  if (connection !== lastConnection) console.log(`  [connection] ${connection}`);
  lastView = view;
  lastConnection = connection;
});

try {
  session.start();
  await until(session, (s) => s.matches("active"));

  for (const [index, answer] of ANSWERS.entries()) {
    session.send({ type: "SEND", text: answer });
    await until(session, (s) => s.matches("completed") || s.context.messages.filter((m) => m.role === "coach").length > index);
  }
  const completed = await until(session, (s) => s.matches("completed"));
  const result = selectResult(completed);

  console.log("\nTranscript");
  for (const message of selectMessages(completed)) console.log(`  ${message.role === "user" ? "you  " : "coach"}  ${message.content}`);
  console.log("\nResults");
  console.log(`  summary: ${result?.summary}`);
  for (const [key, value] of Object.entries(result?.extracted ?? {})) console.log(`  ${key}: ${JSON.stringify(value)}`);
} catch (error) {
  console.error("\nThe session did not complete:", error);
  process.exitCode = 1;
} finally {
  // Stopping the actor closes its socket and timers; closing the server ends the rest. Nothing
  // is left running, so Node exits on its own.
  session.stop();
  await server.close();
}
