import type { BackendContext } from "./context.js";
import { jsonResponse } from "./http-responses.js";
import { completeJob, failJob, openSessionOf } from "./job-runner.js";
import { jobUnavailable } from "./route-errors.js";
import { isJobExpired, partialOf, toWireJob, type StoredJob } from "./store.js";
import type { MockHttpResponse } from "./types.js";

/** `200 Job`, with `Retry-After: 1` while the job is not done. Another user's job is 404, expired or not. */
export function getJob(ctx: BackendContext, jobId: string, user: string): MockHttpResponse {
  const lookup = findJob(ctx, jobId, user);
  if (lookup.kind !== "found") return lookup.response;
  const { job } = lookup;
  const done = job.status === "COMPLETED" || job.status === "FAILED";
  return jsonResponse(200, toWireJob(job), done ? {} : { "retry-after": "1" });
}

/**
 * v1.1's stop: a PROCESSING job with text completes at once with that text (`stopped: true`,
 * never final); a QUEUED job, or one with no text yet, fails with CANCELLED; a finished job is
 * answered as it is. Each change sends the usual event. Idempotent by construction: a second
 * call finds the job finished.
 */
export function cancelJob(ctx: BackendContext, jobId: string, user: string): MockHttpResponse {
  const lookup = findJob(ctx, jobId, user);
  if (lookup.kind !== "found") return lookup.response;
  const { job } = lookup;
  if (job.status === "QUEUED" || job.status === "PROCESSING") stop(ctx, job);
  return jsonResponse(200, toWireJob(job));
}

function stop(ctx: BackendContext, job: StoredJob): void {
  const partial = partialOf(job);
  const session = openSessionOf(ctx, job);
  if (partial && session) return completeJob(ctx, job, session, partial.text, { isFinal: false, stopped: true });
  failJob(ctx, job, { code: "CANCELLED", message: "The reply was stopped before the coach wrote any of it.", retryable: false });
}

type JobLookup = { kind: "found"; job: StoredJob } | { kind: "unavailable"; response: MockHttpResponse };

function findJob(ctx: BackendContext, jobId: string, user: string): JobLookup {
  const job = ctx.store.jobs.get(jobId);
  if (!job || job.userId !== user) return { kind: "unavailable", response: jobUnavailable(ctx, "missing") };
  if (isJobExpired(job, ctx.now(), ctx.config.jobTtlMs)) return { kind: "unavailable", response: jobUnavailable(ctx, "expired") };
  return { kind: "found", job };
}
