import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseCliArgs } from "../../src/testing/server/cli/parse-cli-args.js";
import { runCli, type CliIo } from "../../src/testing/server/cli/run-cli.js";
import { recordSocket } from "./socket-client.js";
import { waitFor } from "./support.js";

function testIo() {
  let out = "";
  let err = "";
  let stop: (() => void) | null = null;
  let removed = false;
  const io: CliIo = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    onStopSignal(callback) {
      stop = callback;
      return () => void (removed = true);
    },
  };
  return { io, out: () => out, err: () => err, stop: () => stop?.(), hasStop: () => stop !== null, removed: () => removed };
}

describe("runCli", () => {
  it("runs the mock server until a stop signal, printing its URLs", async () => {
    const t = testIo();
    const exit = runCli(["mock-server", "--port", "0", "--delay=1", "--turns", "1"], t.io);
    const apiUrl = await waitFor(() => /API:\s+(\S+)/.exec(t.out())?.[1]);
    expect(t.out()).toMatch(/WebSocket:\s+ws:\/\/127\.0\.0\.1:\d+\/coaching/);

    const res = await fetch(`${apiUrl}/coaching/sessions`, { method: "POST", body: "{}" });
    expect(res.status).toBe(201);

    await waitFor(() => t.hasStop());
    t.stop();
    expect(await exit).toBe(0);
    expect(t.removed()).toBe(true);
    await expect(fetch(`${apiUrl}/coaching/sessions/current`)).rejects.toThrow();
  });

  it.each([
    [["--chunks", "2"], [1, 2]],
    [["--chunks=0"], []],
  ])("streams replies as %j says", async (flags, seqs) => {
    const t = testIo();
    const exit = runCli(["mock-server", "--port", "0", "--delay", "10", ...flags], t.io);
    const apiUrl = await waitFor(() => /API:\s+(\S+)/.exec(t.out())?.[1]);
    const socketUrl = /WebSocket:\s+(\S+)/.exec(t.out())![1];
    const { session } = await (await fetch(`${apiUrl}/coaching/sessions`, { method: "POST", body: "{}" })).json();
    const socket = recordSocket(new WebSocket(`${socketUrl}?token=t`));
    await socket.subscribe(session.id);
    const body = JSON.stringify({ content: "one two three", clientMessageId: "c-1" });
    await fetch(`${apiUrl}/coaching/sessions/${session.id}/messages`, { method: "POST", body });
    await socket.frame((f) => f.type === "job.completed");
    expect(socket.frames.filter((f) => f.type === "job.progress").map((f) => f.seq)).toEqual(seqs);
    socket.close();
    await waitFor(() => t.hasStop());
    t.stop();
    expect(await exit).toBe(0);
  });

  it("prints help for help, and help plus an error for unknown commands or options", async () => {
    const help = testIo();
    expect(await runCli(["--help"], help.io)).toBe(0);
    expect(help.out()).toContain("mock-server");

    const unknown = testIo();
    expect(await runCli(["serve"], unknown.io)).toBe(1);
    expect(unknown.err()).toContain('Unknown command "serve"');
    expect(unknown.err()).toContain("Usage:");

    const badFlag = testIo();
    expect(await runCli(["mock-server", "--prot", "1"], badFlag.io)).toBe(1);
    expect(badFlag.err()).toContain("--prot");

    const none = testIo();
    expect(await runCli([], none.io)).toBe(0);
  });

  it("reports a port that is taken instead of crashing", async () => {
    const first = testIo();
    const running = runCli(["mock-server", "--port", "0"], first.io);
    const port = await waitFor(() => /127\.0\.0\.1:(\d+)\/api/.exec(first.out())?.[1]);
    const second = testIo();
    expect(await runCli(["mock-server", "--port", port], second.io)).toBe(1);
    expect(second.err()).toContain("Could not start");
    await waitFor(() => first.hasStop());
    first.stop();
    expect(await running).toBe(0);
  });
});

describe("parseCliArgs", () => {
  it("reads defaults and validates values", () => {
    expect(parseCliArgs(["mock-server"])).toEqual({
      kind: "mock-server",
      options: { port: 8787, host: "127.0.0.1", delayMs: undefined, turns: undefined, chunks: undefined, chunkIntervalMs: undefined, help: false },
    });
    expect(parseCliArgs(["mock-server", "--chunks", "0", "--chunk-interval=25"])).toMatchObject({ options: { chunks: 0, chunkIntervalMs: 25 } });
    expect(parseCliArgs(["mock-server", "--chunks", "-1"]).kind).toBe("error");
    expect(parseCliArgs(["mock-server", "--chunk-interval", "soon"]).kind).toBe("error");
    expect(parseCliArgs(["mock-server", "--host", "0.0.0.0", "--port=9000"])).toMatchObject({ options: { host: "0.0.0.0", port: 9000 } });
    expect(parseCliArgs(["mock-server", "--port", "abc"]).kind).toBe("error");
    expect(parseCliArgs(["mock-server", "--turns", "0"]).kind).toBe("error");
    expect(parseCliArgs(["mock-server", "--delay"]).kind).toBe("error");
  });
});
