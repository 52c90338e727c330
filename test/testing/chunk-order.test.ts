import { afterEach, describe, expect, it } from "vitest";
import type { Timers } from "../../src/shared/timers.js";
import type { MockCoachingBackend } from "../../src/testing/index.js";
import { call, fakePeer, newBackend, sendMessage, startSession } from "./support.js";

// Node runs the timers of one duration as one list, so under load a timer can fire before an
// earlier-due one of another duration (a job's chunk 3 before its chunk 2). The mock must still
// stream in order: its `partial`, and the text a stop keeps, never fall behind a chunk it sent.

/** Timers that fire only when told, in any order: `fire(ms)` runs the pending timer set for `ms`. */
function manualTimers() {
  let next = 0;
  const pending = new Map<number, { ms: number; callback: () => void }>();
  const timers: Timers = {
    now: () => 0,
    setTimeout(callback, ms) {
      pending.set(++next, { ms, callback });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const fire = (ms: number) => {
    const entry = [...pending].find(([, timer]) => timer.ms === ms);
    if (!entry) throw new Error(`no pending timer for ${ms} ms`);
    pending.delete(entry[0]);
    entry[1].callback();
  };
  return { timers, fire };
}

let backend: MockCoachingBackend;
afterEach(() => backend.close());

describe("chunk timers firing out of order", () => {
  it("send every chunk up to the late one, in order and once, and a stop keeps all the text sent", async () => {
    const clock = manualTimers();
    // processingDelayMs 20: PROCESSING at 10, chunks at 12, 14, 16, 18, done at 20.
    backend = newBackend({ timers: clock.timers });
    const { id } = await startSession(backend);
    const socket = fakePeer();
    const connection = backend.acceptSocket(socket.peer);
    connection.receive(JSON.stringify({ type: "auth", token: "t" }));
    connection.receive(JSON.stringify({ type: "subscribe", sessionId: id }));
    const { jobId } = (await sendMessage(backend, id, "I want to run a marathon", "c1")).body as { jobId: string };
    const progress = () => socket.frames().filter((frame) => frame.type === "job.progress");

    clock.fire(10);
    clock.fire(16); // chunk 3's timer, before chunk 2's
    expect(progress().map((frame) => frame.seq)).toEqual([1, 2, 3]);
    clock.fire(14); // chunk 2's timer, late: nothing left to send
    expect(progress().map((frame) => frame.seq)).toEqual([1, 2, 3]);
    const sent = progress().map((frame) => frame.delta).join("");
    expect(((await call(backend, "GET", `/coaching/jobs/${jobId}`)).body as any).partial).toEqual({ seq: 3, text: sent });

    const stopped = (await call(backend, "POST", `/coaching/jobs/${jobId}/cancel`, { key: "k1" })).body as any;
    expect(stopped.result).toMatchObject({ stopped: true, reply: { content: sent } });
  });
});
