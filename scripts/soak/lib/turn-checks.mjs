/**
 * Each user message's turn, as the server and the actor ended it. A message has exactly one
 * reply, on both sides, unless it was stopped before any text: its job then FAILED with
 * CANCELLED and neither side has a reply for it. Every job the server stopped was stopped by a
 * STOP this conversation sent, and a stopped reply is shown once, with the server's text, marked
 * `stopped`. Only a job's completion says it was stopped (a transcript's messages do not), so a
 * stopped reply this page only read with the transcript (`readOnly`: it was shown before a
 * reload) cannot be marked; those are counted, not violations. Returns the violations and how
 * each STOP ended.
 */
export function checkTurns({ clientMessages, serverMessages, serverJobs, stopsSent, readOnly }) {
  const violations = [];
  const violate = (kind, detail) => violations.push({ kind, detail });
  const jobs = new Map(serverJobs.map((job) => [job.jobId, job]));
  const repliesOf = (messages, jobId) => messages.filter((m) => m.role === "coach" && m.jobId === jobId);
  const stops = { withText: 0, beforeText: 0, tooLate: 0, other: 0, marked: 0, unmarkedAfterReload: 0, unmarked: 0 };
  for (const m of clientMessages) if (m.partial) violate("a partial reply left at the end", m.jobId);

  for (const message of serverMessages) {
    if (message.role !== "user" || !message.jobId) continue;
    const job = jobs.get(message.jobId);
    const onServer = repliesOf(serverMessages, message.jobId);
    const onClient = repliesOf(clientMessages, message.jobId);
    const cancelled = job?.status === "FAILED" && job.error?.code === "CANCELLED";
    if (cancelled) {
      if (!stopsSent.has(message.jobId)) violate("job cancelled without a STOP", message.jobId);
      if (onServer.length > 0) violate("stopped-before-text turn has a reply on the server", message.jobId);
      if (onClient.length > 0) violate("stopped-before-text turn has a reply in the actor", message.jobId);
      continue;
    }
    // Another failure was retried under a new job (a new user message), or it is reported elsewhere.
    if (job?.status === "FAILED") continue;
    if (onServer.length !== 1) violate("server has not exactly one reply for a message", `${message.jobId}: ${onServer.length}`);
    if (onClient.length !== 1) violate(onClient.length === 0 ? "reply never applied" : "reply applied twice", `${message.jobId}: ${onClient.length} in the actor`);
    const stopped = job?.result?.stopped === true;
    if (stopped && !stopsSent.has(message.jobId)) violate("reply stopped without a STOP", message.jobId);
    const shown = onClient[0];
    if (shown && stopped && shown.stopped) stops.marked += 1;
    else if (shown && stopped && readOnly(message.jobId)) stops.unmarkedAfterReload += 1;
    else if (shown && stopped) {
      stops.unmarked += 1;
      violate("stopped reply not marked stopped", message.jobId);
    }
    if (shown?.stopped && !stopped) violate("reply marked stopped that the server did not stop", message.jobId);
    if (shown && job?.result && shown.content !== job.result.reply.content) violate("reply text differs from the server's", message.jobId);
  }

  for (const jobId of stopsSent) {
    const job = jobs.get(jobId);
    if (job?.status === "COMPLETED") stops[job.result.stopped ? "withText" : "tooLate"] += 1;
    else if (job?.status === "FAILED" && job.error?.code === "CANCELLED") stops.beforeText += 1;
    else stops.other += 1;
  }
  return { violations, stops };
}
