import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import mswPackage from "msw/package.json" with { type: "json" };
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { setupMockCoaching, type MockCoaching } from "../../src/testing/server/index.js";
import { MSW_PACKAGE } from "./support.js";

const BASE = "https://api.setup.test/v1";
const post = (path: string) => fetch(`${BASE}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

// A real server no handler covers: what msw does with calls to it is what `onUnhandled` decides.
let elsewhere: Server;
let elsewhereUrl = "";
beforeAll(async () => {
  elsewhere = createServer((_, res) => res.end("real"));
  await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));

let mock: MockCoaching | null = null;
afterEach(() => {
  mock?.close();
  mock = null;
});

describe(`setupMockCoaching with ${MSW_PACKAGE}`, () => {
  // Only the runs that alias msw can get it wrong: this proves the alias reached the tests.
  it.runIf(process.env.MSW_VERSION)(`imports ${MSW_PACKAGE} ${process.env.MSW_VERSION} as msw`, () => {
    expect(mswPackage.version).toBe(process.env.MSW_VERSION);
  });

  it('onUnhandled: "error" fails a call no handler answers; "bypass" lets it through', async () => {
    const mswError = vi.spyOn(console, "error").mockImplementation(() => {});
    mock = setupMockCoaching({ baseUrl: BASE });
    mock.listen({ onUnhandled: "error" });
    expect((await post("/coaching/sessions")).status).toBe(201);
    expect(mswError).not.toHaveBeenCalled();
    await expect(fetch(elsewhereUrl)).rejects.toThrow();
    expect(String(mswError.mock.calls[0]?.[0])).toContain("without a matching request handler");
    mock.close();

    mock = setupMockCoaching({ baseUrl: BASE });
    mock.listen({ onUnhandled: "bypass" });
    expect(await (await fetch(elsewhereUrl)).text()).toBe("real");
  });

  it("reset() clears the backend, then calls clearPersistedState", async () => {
    const seen: number[] = [];
    mock = setupMockCoaching({ baseUrl: BASE, clearPersistedState: () => void seen.push(mock!.backend.sessions().length) });
    mock.listen({ onUnhandled: "error" });
    await post("/coaching/sessions");
    expect(seen).toEqual([]);
    mock.reset();
    expect(seen).toEqual([0]);
  });
});
