import type { FakeJobApi, JobReply } from "./fake-job-api.js";
import { jobResult } from "./fixtures.js";

/** Contract v1.1 payloads for streamed replies and stops; spread and override per test. */

let progressCounter = 0;

/** One `job.progress` chunk as the gateway sends it. */
export const progressEvent = (jobId: string, seq: number, delta: string, over: Record<string, unknown> = {}) => ({
  type: "job.progress",
  eventId: `progress-${++progressCounter}`,
  jobId,
  sessionId: "s1",
  seq,
  delta,
  ...over,
});

/** `GET /coaching/jobs/{id}` of a PROCESSING job, with its reply so far when `partial` is given. */
export const processingWith = (jobId: string, partial: { seq: number; text: string } | null): JobReply => ({
  status: 200,
  body: { jobId, sessionId: "s1", status: "PROCESSING", partial },
});

/** What the cancel route answers for a job stopped with some text: COMPLETED, `result.stopped`. */
export const stoppedJob = (jobId: string, text: string): JobReply => ({
  status: 200,
  body: { jobId, sessionId: "s1", status: "COMPLETED", result: stoppedResult(jobId, text) },
});

export const stoppedResult = (jobId: string, text: string) => {
  const result = jobResult(jobId, { stopped: true });
  return { ...result, reply: { ...result.reply, content: text } };
};

/** What the cancel route answers for a job stopped before any text: FAILED with `CANCELLED`. */
export const cancelledJob = (jobId: string): JobReply => ({
  status: 200,
  body: { jobId, sessionId: "s1", status: "FAILED", error: CANCELLED },
});

export const CANCELLED = { code: "CANCELLED", message: "stopped by the user", retryable: false };

/**
 * The fake API's fetch with cancel calls held until `release()`: a stop whose answer is still on
 * its way while the socket reports the job.
 */
export function holdCancels(api: FakeJobApi): { api: FakeJobApi; release(): void; held(): number } {
  let release = () => {};
  let held = 0;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname.endsWith("/cancel")) {
      held += 1;
      await gate;
    }
    return api.fetch(input, init);
  }) as typeof globalThis.fetch;
  return { api: { ...api, fetch }, release: () => release(), held: () => held };
}
