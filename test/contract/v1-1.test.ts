import { describe, expect, it } from "vitest";
import {
  defaultRoutes,
  isSessionStatus,
  jobProgressEventSchema,
  jobResultSchema,
  jobSchema,
  parseServerFrame,
} from "../../src/contract/index.js";
import { job, jobResult } from "../api/support/fixtures.js";

const progress = (over: Record<string, unknown> = {}) => ({ type: "job.progress", eventId: "e7", jobId: "j1", sessionId: "s1", seq: 1, delta: "Hel", ...over });

describe("job.progress (streamed replies)", () => {
  it("is a known frame: parsed and typed, extra fields dropped", () => {
    expect(parseServerFrame(JSON.stringify({ ...progress({ seq: 3 }), model: "x" }))).toEqual({ kind: "frame", frame: progress({ seq: 3 }) });
  });

  it("accepts an empty delta", () => {
    expect(jobProgressEventSchema.safeParse(progress({ delta: "" })).success).toBe(true);
  });

  // A numeric seq that is no whole count (0, -1, 1.5) is the delivery's to judge: it skips that
  // chunk alone, with a warning (test/delivery/streaming.test.ts), instead of the whole frame.
  it.each([[0], [-1], [1.5]])("parses a chunk whose seq is %s, for the delivery to judge", (seq) => {
    expect(parseServerFrame(JSON.stringify(progress({ seq })))).toMatchObject({ kind: "frame", frame: { seq } });
  });

  it.each([
    ["a string seq", { seq: "1" }],
    ["a numeric delta", { delta: 5 }],
    ["no delta", { delta: undefined }],
    ["no jobId", { jobId: undefined }],
    ["no eventId", { eventId: undefined }],
  ])("a malformed chunk (%s) is invalid, not unknown", (_name, over) => {
    expect(parseServerFrame(JSON.stringify(progress(over)))).toMatchObject({ kind: "invalid", reason: "schema" });
  });
});

describe("Job.partial and JobResult.stopped", () => {
  it("a PROCESSING job may carry the text so far, or null", () => {
    const withPartial = job({ status: "PROCESSING", partial: { seq: 2, text: "Hello" } });
    expect(jobSchema.safeParse(withPartial)).toEqual({ success: true, data: withPartial });
    expect(jobSchema.safeParse(job({ status: "PROCESSING", partial: null })).success).toBe(true);
    expect(jobSchema.safeParse(job({ status: "PROCESSING" })).success).toBe(true);
  });

  it.each([
    ["no text", { seq: 1 }],
    ["a string", "Hello"],
  ])("a malformed partial (%s) fails the job", (_name, partial) => {
    const parsed = jobSchema.safeParse(job({ status: "PROCESSING", partial }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe("partial");
  });

  it("a partial with no text yet (seq 0) is a valid partial", () => {
    expect(jobSchema.safeParse(job({ status: "PROCESSING", partial: { seq: 0, text: "" } })).success).toBe(true);
  });

  it("a stopped reply says so; `stopped` is optional and must be a boolean", () => {
    expect(jobResultSchema.safeParse(jobResult({ stopped: true }))).toMatchObject({ success: true, data: { stopped: true } });
    expect(jobResultSchema.safeParse(jobResult()).success).toBe(true);
    expect(jobResultSchema.safeParse(jobResult({ stopped: "yes" })).success).toBe(false);
  });
});

describe("JobResult.sessionStatus", () => {
  it("a status this SDK does not know still parses, so the reply is not lost", () => {
    const reply = { type: "job.completed", eventId: "e1", jobId: "j1", sessionId: "s1", result: jobResult({ sessionStatus: "ARCHIVED" }) };
    expect(parseServerFrame(JSON.stringify(reply))).toEqual({ kind: "frame", frame: reply });
    expect(jobSchema.safeParse(job({ status: "COMPLETED", result: jobResult({ sessionStatus: "ARCHIVED" }) })).success).toBe(true);
  });

  it("it must still be a string", () => {
    for (const sessionStatus of [5, null, { status: "ACTIVE" }, undefined]) {
      const parsed = jobResultSchema.safeParse(jobResult({ sessionStatus }));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["sessionStatus"]);
    }
  });

  it("isSessionStatus tells the known statuses apart", () => {
    for (const status of ["ACTIVE", "PAUSED", "COMPLETED", "CANCELLED", "ABANDONED"]) expect(isSessionStatus(status)).toBe(true);
    for (const status of ["ARCHIVED", "active", "", "toString", "__proto__"]) expect(isSessionStatus(status)).toBe(false);
  });
});

describe("the cancel route", () => {
  it("defaults to POST /coaching/jobs/{jobId}/cancel, the id encoded", () => {
    expect(defaultRoutes.cancelJob("j1")).toBe("/coaching/jobs/j1/cancel");
    expect(defaultRoutes.cancelJob("a/b?c")).toBe("/coaching/jobs/a%2Fb%3Fc/cancel");
  });
});
