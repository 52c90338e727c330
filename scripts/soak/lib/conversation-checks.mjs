import { checkTurns } from "./turn-checks.mjs";

/**
 * The soak's invariants for one finished conversation, against what the server holds: the actor
 * completed; every user message was processed exactly once; every reply applied exactly once and
 * the transcript is the server's; every partial text shown was a prefix of its reply and never
 * shrank; every turn has one reply, or none when stopped before any text. Violations go to
 * `record.violations`; the figures for the summary to `record`.
 */
export async function checkConversation(snapshot, { record, verify, user, generatedIds, texts, messages, shownReplies, stopsSent }) {
  const violate = (kind, detail) => record.violations.push({ kind, detail });
  const { context } = snapshot;
  const coach = context.messages.filter((m) => m.role === "coach");
  record.replies = coach.length;
  if (!snapshot.matches("completed")) violate("not completed", JSON.stringify(snapshot.value));
  if (snapshot.matches("completed") && !context.session?.result) violate("completed without a result", "");
  if (context.awaiting !== null) violate("completed with a reply still awaited", JSON.stringify(context.awaiting.jobId));
  const sessionId = context.session?.id;
  if (!sessionId) return void violate("no session to verify", "");
  const server = await verify({ user, sessionId, clientMessageIds: generatedIds });
  if (!server.session) return void violate("no session to verify", `the server has no session ${sessionId}`);
  if (!server.ownSession) violate("session belongs to another user", `${sessionId} is not u${user}'s on the server`);
  const serverMessages = server.session.messages ?? [];
  const serverUser = serverMessages.filter((m) => m.role === "user");
  const serverCoach = serverMessages.filter((m) => m.role === "coach");

  // Every user message processed by the server exactly once.
  for (const [id, count] of Object.entries(server.counts)) {
    if (count !== 1) violate(count > 1 ? "user message processed twice" : "user message never processed", `clientMessageId ${id} stored ${count}×`);
  }
  for (const text of texts.slice(0, record.sent)) {
    const stored = serverUser.filter((m) => m.content === text).length;
    if (stored !== 1) violate(stored > 1 ? "user message processed twice" : "user message never processed", `"${text}" stored ${stored}×`);
  }
  if (record.sent < messages) violate("not every message sent", `${record.sent} of ${messages}`);
  for (const m of context.messages) {
    if (m.role === "user" && m.delivery !== "accepted") violate("user message not shown as accepted at the end", `${m.clientMessageId} ended ${m.delivery}`);
  }

  // Every reply applied exactly once, and the transcript is the server's.
  const coachIds = coach.map((m) => m.id);
  if (new Set(coachIds).size !== coachIds.length) violate("reply applied twice", coachIds.join(", "));
  if (coach.length !== serverCoach.length) violate(coach.length < serverCoach.length ? "reply never applied" : "more replies than the server has", `actor ${coach.length}, server ${serverCoach.length}`);
  const serverCoachIds = new Set(serverCoach.map((m) => m.id));
  for (const id of coachIds) if (!serverCoachIds.has(id)) violate("reply not on the server", id);
  const actorOrder = context.messages.map((m) => m.id).join(",");
  const serverOrder = serverMessages.map((m) => m.id).join(",");
  if (actorOrder !== serverOrder) violate("transcript differs from the server's", `actor ${actorOrder} | server ${serverOrder}`);
  if (server.session.status !== "COMPLETED") violate("server session not completed", server.session.status);

  // Streamed texts: each a prefix of its job's reply, never shrinking within a page.
  const streamed = shownReplies.checkTexts(server.jobs);
  record.stream = { jobs: streamed.jobs, texts: streamed.texts, streamedThenFailed: streamed.streamedThenFailed, garbled: streamed.garbled.length + streamed.shrinks.length };
  for (const detail of streamed.garbled) violate("garbled partial text", detail);
  for (const detail of streamed.shrinks) violate("partial text shrank", detail);

  // Each turn: one reply, or none when stopped before any text; stops as the server ended them.
  const turns = checkTurns({ clientMessages: context.messages, serverMessages, serverJobs: server.jobs, stopsSent, readOnly: shownReplies.shownBeforeThisPage });
  Object.assign(record.stops, turns.stops);
  for (const v of turns.violations) violate(v.kind, v.detail);
}
