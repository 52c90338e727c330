import { jobResult, session } from "./fixtures.js";

/** What `GET /coaching/jobs/{id}` answers for one job. */
export interface JobReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A scripted job endpoint behind an injected `fetch`; any other route is a test bug (500). */
export interface FakeJobApi {
  fetch: typeof fetch;
  /** Sets the answer for a job; unknown jobs are PROCESSING. */
  reply(jobId: string, reply: JobReply): void;
  processing(jobId: string, headers?: Record<string, string>): void;
  completed(jobId: string, sessionId?: string): void;
  failed(jobId: string, code?: string): void;
  gone(jobId: string, status?: 404 | 410): void;
  /** Holds every answer until the returned function is called (polls in flight meanwhile). */
  hold(): () => void;
  /** Makes the next polls of every job fail at the network level. */
  setNetworkDown(down: boolean): void;
  /** Times each job was polled. */
  pollsOf(jobId: string): number;
  /** Every poll in order, with its time from `Date.now()` and its abort signal. */
  readonly polls: Array<{ jobId: string; at: number; signal: AbortSignal | undefined }>;
  /** Sets what `GET /coaching/sessions/{id}` answers; by default an ACTIVE session. */
  session(sessionId: string, reply: JobReply): void;
  /** Times the session was read. */
  readsOf(sessionId: string): number;
  /** Sets what `POST /coaching/jobs/{id}/cancel` answers; by default 404 (a v1 backend). */
  cancel(jobId: string, reply: JobReply): void;
  /** The Idempotency-Key of every cancel call, per job. */
  cancelKeys(jobId: string): string[];
}

export function createFakeJobApi(): FakeJobApi {
  const replies = new Map<string, JobReply>();
  const polls: FakeJobApi["polls"] = [];
  let networkDown = false;
  let gate: Promise<void> | null = null;

  const sessions = new Map<string, JobReply>();
  const sessionReads: string[] = [];
  const cancels = new Map<string, JobReply>();
  const cancelCalls: Array<{ jobId: string; key: string }> = [];
  const respond = (reply: JobReply) =>
    new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { "content-type": "application/json", ...reply.headers },
    });

  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const { pathname } = new URL(url);
    const sessionRead = /\/coaching\/sessions\/([^/?]+)$/.exec(pathname);
    if (sessionRead) {
      const sessionId = decodeURIComponent(sessionRead[1]!);
      sessionReads.push(sessionId);
      return respond(sessions.get(sessionId) ?? { status: 200, body: { session: session({ id: sessionId, status: "ACTIVE" }) } });
    }
    const cancel = /\/coaching\/jobs\/([^/?]+)\/cancel$/.exec(pathname);
    if (cancel) {
      const jobId = decodeURIComponent(cancel[1]!);
      const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
      cancelCalls.push({ jobId, key: headers.get("idempotency-key") ?? "" });
      return respond(cancels.get(jobId) ?? { status: 404, body: { error: { code: "NOT_FOUND", message: "no such route" } } });
    }
    const match = /\/coaching\/jobs\/([^/?]+)$/.exec(pathname);
    if (!match) return new Response("no such route in the fake", { status: 500 });
    const jobId = decodeURIComponent(match[1]!);
    polls.push({ jobId, at: Date.now(), signal: init?.signal ?? (input instanceof Request ? input.signal : undefined) });
    if (gate) await gate;
    if (networkDown) throw new TypeError("fetch failed");
    return respond(replies.get(jobId) ?? { status: 200, body: { jobId, sessionId: "s1", status: "PROCESSING" } });
  };

  return {
    fetch: fakeFetch as typeof fetch,
    reply: (jobId, reply) => void replies.set(jobId, reply),
    processing: (jobId, headers) => void replies.set(jobId, { status: 200, body: { jobId, sessionId: "s1", status: "PROCESSING" }, headers }),
    completed: (jobId, sessionId = "s1") =>
      void replies.set(jobId, { status: 200, body: { jobId, sessionId, status: "COMPLETED", result: jobResult(jobId) } }),
    failed: (jobId, code = "MODEL_ERROR") =>
      void replies.set(jobId, {
        status: 200,
        body: { jobId, sessionId: "s1", status: "FAILED", error: { code, message: "it broke", retryable: false } },
      }),
    gone: (jobId, status = 410) => void replies.set(jobId, { status, body: { error: { code: "JOB_EXPIRED", message: "gone" } } }),
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    setNetworkDown: (down) => void (networkDown = down),
    pollsOf: (jobId) => polls.filter((poll) => poll.jobId === jobId).length,
    polls,
    session: (sessionId, reply) => void sessions.set(sessionId, reply),
    readsOf: (sessionId) => sessionReads.filter((id) => id === sessionId).length,
    cancel: (jobId, reply) => void cancels.set(jobId, reply),
    cancelKeys: (jobId) => cancelCalls.filter((call) => call.jobId === jobId).map((call) => call.key),
  };
}
