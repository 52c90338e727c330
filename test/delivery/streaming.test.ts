import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createJobDelivery, noopEnvironment, type DeliveryEvent, type JobDelivery, type JobDeliveryOptions } from "../../src/delivery/index.js";
import { ExpiredError } from "../../src/errors/index.js";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, makeClient, recordingLogger } from "./support/delivery-harness.js";
import { createFakeJobApi, type FakeJobApi } from "./support/fake-job-api.js";
import { completedEvent, failedEvent, jobResult, sessionUpdatedEvent } from "./support/fixtures.js";
import { createManualTimers } from "./support/manual-timers.js";
import { CANCELLED, cancelledJob, holdCancels, processingWith, progressEvent, stoppedJob, stoppedResult } from "./support/streaming-fixtures.js";

// Streamed replies (contract v1.1) through a real `ws` server on 127.0.0.1, on a virtual clock:
// the socket is real, every timer of the SDK (gap waits, polls, deadlines, reconnects) is the test's.

const WAIT = { timeout: 5_000, interval: 2 };
const DELTAS = ["Start ", "small: ", "one ", "step ", "a ", "day."];
const textOf = (seq: number) => DELTAS.slice(0, seq).join("");
const NEVER_AWAITED = "delivery: skipped progress for a job that was never awaited";
const SETTLED = "delivery: skipped progress for a job that has settled";

type Progress = Extract<DeliveryEvent, { type: "job.progress" }>;

describe("streamed replies over the socket", () => {
  let server: ContractSocketServer | undefined;
  let delivery: JobDelivery | undefined;

  afterEach(async () => {
    delivery?.stop();
    delivery = undefined;
    await server?.close();
    server = undefined;
  });

  async function live(options: JobDeliveryOptions = {}, wrap: (api: FakeJobApi) => FakeJobApi = (api) => api) {
    server = await startContractSocketServer();
    const api = createFakeJobApi();
    const clock = createManualTimers();
    const logger = recordingLogger();
    const client = makeClient({ api: wrap(api), socketUrl: server.url, timers: clock.timers, logger });
    const current = createJobDelivery(client, {
      storage: createMemoryStorage(),
      environment: noopEnvironment,
      socketSilenceMs: 600_000,
      pollInitialDelayMs: 600_000,
      pollMaxDelayMs: 600_000,
      ...options,
    });
    delivery = current;
    current.watchSession("s1");
    const events = collect(current);
    await vi.waitFor(() => expect(current.getConnection().status).toBe("live"), WAIT);
    const socket = server;
    const progress = (jobId = "j1") => events.events.filter((event): event is Progress => event.type === "job.progress" && event.job.jobId === jobId);
    /** Sends frames, then waits until the client has handled them (a session update after them came through). */
    const send = async (...frames: unknown[]) => {
      const peer = socket.livePeer()!;
      for (const frame of frames) peer.send(frame);
      const seen = events.sessions().length;
      peer.send(sessionUpdatedEvent());
      await vi.waitFor(() => expect(events.sessions().length).toBe(seen + 1), WAIT);
    };
    const warnings = () => logger.entries.filter((entry) => entry.level === "warn");
    return { api, clock, logger, delivery: current, events, progress, send, warnings };
  }

  /** Moves the clock by the reconnect delay (100 ms here) until the socket is live again. */
  const reconnected = (clock: ReturnType<typeof createManualTimers>, current: JobDelivery) =>
    vi.waitFor(() => {
      clock.advance(100);
      expect(current.getConnection().status).toBe("live");
    }, WAIT);

  /** Every text shown is a prefix of the reply, and each one extends the one before. */
  function expectPrefixesOf(full: string, shown: Progress[]) {
    shown.forEach((event, i) => {
      expect(full.startsWith(event.text)).toBe(true);
      const before = shown[i - 1];
      if (before) {
        expect(event.seq).toBeGreaterThan(before.seq);
        expect(event.text.startsWith(before.text)).toBe(true);
      }
    });
  }

  describe("assembling chunks", () => {
    it("emits the whole text so far, once per chunk that extends it, however chunks repeat or reorder", async () => {
      const { delivery, send, progress, events, warnings } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1", clientMessageId: "c1" });
      const chunk = (seq: number) => progressEvent("j1", seq, DELTAS[seq - 1]!);
      await send(chunk(1), chunk(1), chunk(3), chunk(2), chunk(2), chunk(4), chunk(3), chunk(6), chunk(5), chunk(6));
      expect(progress().map(({ seq, text }) => ({ seq, text }))).toEqual([
        { seq: 1, text: textOf(1) },
        { seq: 3, text: textOf(3) },
        { seq: 4, text: textOf(4) },
        { seq: 6, text: textOf(6) },
      ]);
      expect(progress()[0]!.job).toMatchObject({ jobId: "j1", sessionId: "s1", clientMessageId: "c1" });
      expectPrefixesOf(textOf(6), progress());
      // A reply in progress is not a reply: nothing settled, the job still awaited.
      expect(events.settled()).toEqual([]);
      expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
      expect(warnings()).toEqual([]);
    });

    it("heals a dropped chunk with one poll, progressGapMs after the gap, and drains the chunks held behind it", async () => {
      const { api, clock, delivery, send, progress } = await live({ progressGapMs: 200 });
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j1", 3, DELTAS[2]!), progressEvent("j1", 4, DELTAS[3]!));
      expect(progress().map((event) => event.seq)).toEqual([1]);
      expect(clock.pendingDelays()).toContain(200);
      api.reply("j1", processingWith("j1", { seq: 3, text: textOf(3) }));
      clock.advance(199);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(api.pollsOf("j1")).toBe(0);
      clock.advance(1);
      await vi.waitFor(() => expect(progress().map((event) => event.seq)).toEqual([1, 4]), WAIT);
      expect(progress()[1]!.text).toBe(textOf(4));
      expect(api.pollsOf("j1")).toBe(1);
      expect(clock.pendingDelays()).not.toContain(200);
      // The stream goes on from there with no more polls.
      await send(progressEvent("j1", 5, DELTAS[4]!));
      expect(progress().at(-1)).toMatchObject({ seq: 5, text: textOf(5) });
      expect(api.pollsOf("j1")).toBe(1);
    });

    it("polls again when the gap comes while a poll is under way and that poll's text is older than the gap", async () => {
      const { api, clock, delivery, send, progress } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!));
      api.reply("j1", processingWith("j1", { seq: 1, text: textOf(1) }));
      const release = api.hold();
      delivery.reconcile();
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
      // Chunk 2 is lost; 3 waits. The gap's wait ends while the poll sent before it is still out.
      await send(progressEvent("j1", 3, DELTAS[2]!));
      clock.advance(500);
      release();
      await vi.waitFor(() => expect(clock.pendingDelays()).toContain(500), WAIT);
      expect(api.pollsOf("j1")).toBe(1);
      api.reply("j1", processingWith("j1", { seq: 2, text: textOf(2) }));
      clock.advance(500);
      await vi.waitFor(() => expect(progress().map((event) => event.seq)).toEqual([1, 3]), WAIT);
      expect(progress()[1]!.text).toBe(textOf(3));
      expect(api.pollsOf("j1")).toBe(2);
    });

    it("keeps the text where it was when the gap poll has no partial, and the completion replaces it", async () => {
      const { api, clock, delivery, send, progress, events } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j1", 3, DELTAS[2]!));
      api.reply("j1", processingWith("j1", null));
      clock.advance(500);
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
      await send();
      expect(progress().map((event) => event.text)).toEqual([textOf(1)]);
      await send(completedEvent("j1"));
      expect(events.settled()).toEqual(["j1:job.completed:socket"]);
      expect(events.completed()[0]!.result).toEqual(jobResult("j1"));
    });

    it("skips malformed progress frames with a warning, never a throw, and goes on with the next valid one", async () => {
      const { delivery, send, progress, warnings, events } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      const bad = [
        progressEvent("j1", 0, "zero"),
        progressEvent("j1", -1, "negative"),
        progressEvent("j1", 1.5, "fraction"),
        progressEvent("j1", "2" as never, "string seq"),
        progressEvent("j1", 1, 42 as never),
        progressEvent("j1", 1, null as never),
        { ...progressEvent("j1", 1, "no job"), jobId: undefined },
      ];
      await send(...bad);
      expect(progress()).toEqual([]);
      // A seq that is a number but no whole count is judged by the delivery; the rest by the schema.
      const badSeq = "delivery: skipped a progress chunk with an invalid seq";
      const schema = "delivery: skipped an invalid socket frame (schema)";
      expect(warnings().map((entry) => entry.message)).toEqual([badSeq, badSeq, badSeq, schema, schema, schema, schema]);
      await send(progressEvent("j1", 1, DELTAS[0]!));
      expect(progress().map((event) => event.text)).toEqual([textOf(1)]);
      expect(delivery.getConnection().status).toBe("live");
      expect(events.errors()).toEqual([]);
    });
  });

  describe("progress and the job's life", () => {
    it("ignores progress for a job never tracked (a warning once its wait is over) and for another session's job (nothing emitted)", async () => {
      const { clock, delivery, send, events, warnings } = await live();
      await send(progressEvent("ghost", 1, "boo"), progressEvent("j9", 1, "elsewhere", { sessionId: "s-other" }));
      expect(events.events.filter((event) => event.type === "job.progress")).toEqual([]);
      // It may be the send's 202 race: held for a while, silently.
      expect(warnings()).toEqual([]);
      clock.advance(60_001);
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!));
      // (A minute on the virtual clock also outlasts the heartbeat: only this warning matters here.)
      expect(warnings().filter((entry) => entry.message.includes("progress"))).toEqual([
        expect.objectContaining({ message: NEVER_AWAITED, details: { jobId: "ghost" } }),
      ]);
      expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
    });

    it("shows chunks that came before the job was tracked (the 202 race) as soon as it is", async () => {
      const { delivery, send, progress, warnings } = await live();
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j1", 2, DELTAS[1]!));
      expect(progress()).toEqual([]);
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await vi.waitFor(() => expect(progress().map((event) => event.text)).toEqual([textOf(2)]));
      await send(progressEvent("j1", 3, DELTAS[2]!));
      expect(progress().map((event) => event.text)).toEqual([textOf(2), textOf(3)]);
      expect(warnings()).toEqual([]);
    });

    it("a job whose chunks and completion both came before it was tracked completes once, with no warning later", async () => {
      const { clock, delivery, send, progress, events, warnings } = await live();
      await send(progressEvent("j1", 1, DELTAS[0]!), completedEvent("j1"));
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:socket"]));
      expect(progress()).toEqual([]);
      // Long after: the early chunks were claimed by the job, not left to be warned about.
      clock.advance(60_001);
      delivery.track({ jobId: "j2", sessionId: "s1" });
      expect(warnings().filter((entry) => entry.message.includes("progress"))).toEqual([]);
    });

    it("ignores progress after the completion, and settling drops the stream's gap timer", async () => {
      const { api, clock, delivery, send, progress, events, logger, warnings } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j1", 3, DELTAS[2]!));
      expect(clock.pendingDelays()).toContain(500);
      await send(completedEvent("j1"), progressEvent("j1", 2, DELTAS[1]!), progressEvent("j1", 4, DELTAS[3]!));
      expect(progress().map((event) => event.seq)).toEqual([1]);
      expect(events.settled()).toEqual(["j1:job.completed:socket"]);
      expect(clock.pendingDelays()).not.toContain(500);
      clock.advance(1_000);
      await send();
      expect(api.pollsOf("j1")).toBe(0);
      // Late chunks of a finished reply are normal: logged for debugging, not warned about.
      expect(warnings()).toEqual([]);
      expect(logger.entries.filter((entry) => entry.message === SETTLED)).toHaveLength(2);
    });

    it("untracking a streaming job drops its gap timer too", async () => {
      const { api, clock, delivery, send, progress } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 2, DELTAS[1]!));
      expect(clock.pendingDelays()).toContain(500);
      delivery.untrack("j1");
      expect(clock.pendingDelays()).not.toContain(500);
      clock.advance(1_000);
      await send(progressEvent("j1", 1, DELTAS[0]!));
      expect(api.pollsOf("j1")).toBe(0);
      expect(progress()).toEqual([]);
    });

    it("never counts progress as a completion, nor lets it move the safety-net polls or the deadline", async () => {
      const { api, clock, delivery, send, progress, events } = await live({ socketSilenceMs: 4_000, jobDeadlineMs: 10_000 });
      delivery.track({ jobId: "j1", sessionId: "s1" });
      api.reply("j1", processingWith("j1", null));
      for (let seq = 1; seq <= 3; seq++) {
        clock.advance(1_300);
        await send(progressEvent("j1", seq, DELTAS[seq - 1]!));
      }
      // t = 3,900: three chunks, no poll yet; the safety net is due at 4,000 all the same.
      expect(progress()).toHaveLength(3);
      expect(api.pollsOf("j1")).toBe(0);
      clock.advance(100);
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
      clock.advance(3_999);
      await send(progressEvent("j1", 4, DELTAS[3]!));
      clock.advance(1);
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(2), WAIT);
      clock.advance(1_999);
      await send(progressEvent("j1", 5, DELTAS[4]!));
      expect(events.settled()).toEqual([]);
      expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
      // t = 10,000: the deadline, exactly; its last poll finds the job still writing.
      clock.advance(1);
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:deadline"]), WAIT);
      expect(events.failed()[0]!.error).toMatchObject({ name: "JobTimeoutError", code: "JOB_TIMEOUT" });
      await send(progressEvent("j1", 6, DELTAS[5]!));
      expect(progress()).toHaveLength(5);
      expect(events.completed()).toEqual([]);
    });

    it("resumes from the poll's partial after a reconnect, chunks sent meanwhile lost", async () => {
      const { api, clock, delivery, send, progress } = await live({ reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 100 });
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j1", 2, DELTAS[1]!));
      await server!.kill();
      await vi.waitFor(() => expect(delivery.getConnection().status).toBe("polling"), WAIT);
      // Chunks 3 and 4 go out while nobody listens; the server's text so far has them.
      api.reply("j1", processingWith("j1", { seq: 4, text: textOf(4) }));
      const release = api.hold();
      await server!.restart();
      await reconnected(clock, delivery);
      // The reconnect's reconcile poll is on its way; chunk 5 overtakes it and waits behind the gap.
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
      await send(progressEvent("j1", 5, DELTAS[4]!));
      expect(progress().map((event) => event.seq)).toEqual([1, 2]);
      release();
      await vi.waitFor(() => expect(progress().map((event) => event.seq)).toEqual([1, 2, 5]), WAIT);
      expect(progress().at(-1)!.text).toBe(textOf(5));
      expectPrefixesOf(textOf(6), progress());
      expect(api.cancelKeys("j1")).toEqual([]);
    });
  });

  describe("stopReply", () => {
    it("settles a reply stopped with some text once, as completed with result.stopped, though the socket reports it too", async () => {
      const { api, delivery, send, progress, events } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j1", 2, DELTAS[1]!));
      api.cancel("j1", stoppedJob("j1", textOf(2)));
      await delivery.stopReply("j1");
      expect(events.settled()).toEqual(["j1:job.completed:poll"]);
      expect(events.completed()[0]!.result).toMatchObject({ stopped: true, reply: { content: textOf(2) } });
      expect(api.cancelKeys("j1")).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      // The usual event follows the stop, and so may a chunk already in flight.
      await send(completedEvent("j1", { result: stoppedResult("j1", textOf(2)) }), progressEvent("j1", 3, DELTAS[2]!));
      expect(events.settled()).toEqual(["j1:job.completed:poll"]);
      expect(progress()).toHaveLength(2);
      expect(delivery.pendingJobs()).toEqual([]);
    });

    it("settles once when the socket's completion comes while the stop is on its way", async () => {
      let held!: ReturnType<typeof holdCancels>;
      const { api, delivery, send, events } = await live({}, (api) => (held = holdCancels(api)).api);
      delivery.track({ jobId: "j1", sessionId: "s1" });
      api.cancel("j1", stoppedJob("j1", textOf(1)));
      const stopping = delivery.stopReply("j1");
      await vi.waitFor(() => expect(held.held()).toBe(1), WAIT);
      await send(completedEvent("j1"));
      expect(events.settled()).toEqual(["j1:job.completed:socket"]);
      held.release();
      await stopping;
      expect(events.settled()).toEqual(["j1:job.completed:socket"]);
      expect(events.completed()[0]!.result).toEqual(jobResult("j1"));
    });

    it("settles a reply stopped before any text once, as failed with CANCELLED", async () => {
      const { api, delivery, send, events } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      api.cancel("j1", cancelledJob("j1"));
      await delivery.stopReply("j1");
      await send(failedEvent("j1", { error: CANCELLED }));
      expect(events.settled()).toEqual(["j1:job.failed:poll"]);
      expect(events.failed()[0]!.error).toMatchObject({ name: "JobFailedError", code: "JOB_FAILED", serverCode: "CANCELLED", retryable: false, jobId: "j1" });
      expect(events.completed()).toEqual([]);
    });

    it("rejects with ExpiredError when the backend cannot stop (v1: 404), and the reply goes on", async () => {
      const { api, delivery, send, progress, events } = await live();
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!));
      const error = await delivery.stopReply("j1").then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ExpiredError);
      expect(error).toMatchObject({ code: "JOB_EXPIRED", resource: "job", id: "j1", status: 404, operation: "cancelJob" });
      expect(api.cancelKeys("j1")).toHaveLength(1);
      expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
      await send(progressEvent("j1", 2, DELTAS[1]!), completedEvent("j1"));
      expect(progress().map((event) => event.text)).toEqual([textOf(1), textOf(2)]);
      expect(events.settled()).toEqual(["j1:job.completed:socket"]);
    });

    it("sends nothing for a job that is not awaited (never tracked, or already settled)", async () => {
      const { api, delivery, send, events } = await live();
      await delivery.stopReply("ghost");
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await send(completedEvent("j1"));
      await delivery.stopReply("j1");
      expect(api.cancelKeys("ghost")).toEqual([]);
      expect(api.cancelKeys("j1")).toEqual([]);
      expect(events.settled()).toEqual(["j1:job.completed:socket"]);
    });

    it("is never sent on the user's behalf: a dropped socket, an untrack or a stop cancel nothing", async () => {
      const { api, clock, delivery, send } = await live({ reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 100 });
      delivery.track({ jobId: "j1", sessionId: "s1" });
      delivery.track({ jobId: "j2", sessionId: "s1" });
      await send(progressEvent("j1", 1, DELTAS[0]!), progressEvent("j2", 1, DELTAS[0]!));
      await server!.kill();
      await server!.restart();
      await reconnected(clock, delivery);
      delivery.untrack("j2");
      delivery.stop();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(api.cancelKeys("j1")).toEqual([]);
      expect(api.cancelKeys("j2")).toEqual([]);
      expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
    });
  });

  describe("any arrival order (property)", () => {
    it("shows only growing prefixes of the reply for random repeats, reorders and drops; a gap poll completes it", async () => {
      const GAP = 500;
      const { api, clock, delivery, send, progress, events } = await live({ progressGapMs: GAP });
      const reply = fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 });
      const schedule = reply.chain((deltas) => fc.tuple(fc.constant(deltas), fc.array(fc.integer({ min: 1, max: deltas.length }), { maxLength: 3 * deltas.length })));
      let run = 0;
      await fc.assert(
        fc.asyncProperty(schedule, async ([deltas, order]) => {
          const jobId = `p${++run}`;
          const full = deltas.join("");
          delivery.track({ jobId, sessionId: "s1" });
          api.reply(jobId, processingWith(jobId, { seq: deltas.length, text: full }));
          await send(...order.map((seq) => progressEvent(jobId, seq, deltas[seq - 1]!)));
          // A chunk held behind a gap makes the job's text come from a poll after GAP.
          const gapped = clock.pendingDelays().includes(GAP);
          if (gapped) {
            clock.advance(GAP);
            await vi.waitFor(() => expect(progress(jobId).at(-1)?.seq).toBe(deltas.length), WAIT);
          }
          await send(completedEvent(jobId));
          const shown = progress(jobId);
          expectPrefixesOf(full, shown);
          for (const event of shown) expect(event.text).toBe(deltas.slice(0, event.seq).join(""));
          if (gapped) expect(shown.at(-1)!.text).toBe(full);
          expect(events.settled().at(-1)).toBe(`${jobId}:job.completed:socket`);
          expect(clock.pendingDelays()).not.toContain(GAP);
        }),
        { numRuns: 60 },
      );
      expect(delivery.pendingJobs()).toEqual([]);
    });
  });
});
