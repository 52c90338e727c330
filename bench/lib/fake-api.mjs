/**
 * A minimal in-process coaching API as a `fetch` function: just enough for a session actor to
 * start a session and send messages. Canned JSON, no validation, no state beyond counters, so
 * its own CPU cost stays small next to the SDK's.
 */
export function createFakeApiFetch() {
  let counter = 0;
  const calls = { getCurrentSession: 0, startSession: 0, sendMessage: 0, getJob: 0, other: 0 };
  /** Finished jobs, as `GET /coaching/jobs/{id}` reports them; the bench fills it. */
  const jobs = new Map();
  const at = "2025-01-01T00:00:00.000Z";
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^\/api/, "");
    if (request.method === "GET" && path === "/coaching/sessions/current") {
      calls.getCurrentSession += 1;
      return json(200, { session: null, conflict: null });
    }
    if (request.method === "POST" && path === "/coaching/sessions") {
      calls.startSession += 1;
      const id = `sess-${++counter}`;
      const session = { id, status: "ACTIVE", createdAt: at, updatedAt: at, lastActivityAt: at, expiresAt: "2999-01-01T00:00:00.000Z", messages: [], result: null, replacedBy: null };
      return json(201, { session, abandonedSessionId: null });
    }
    if (request.method === "POST" && /^\/coaching\/sessions\/[^/]+\/messages$/.test(path)) {
      calls.sendMessage += 1;
      const n = ++counter;
      return json(202, { jobId: `job-${n}`, messageId: `umsg-${n}`, status: "QUEUED" });
    }
    const job = /^\/coaching\/jobs\/([^/]+)$/.exec(path);
    if (request.method === "GET" && job) {
      calls.getJob += 1;
      const id = decodeURIComponent(job[1]);
      const sessionId = "unknown";
      return json(200, jobs.get(id) ?? { jobId: id, sessionId, status: "PROCESSING" });
    }
    calls.other += 1;
    return json(404, { error: { code: "NOT_FOUND", message: `fake API: nothing at ${request.method} ${path}` } });
  };
  return { fetch, calls, jobs };
}
