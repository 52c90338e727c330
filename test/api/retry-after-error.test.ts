import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { HttpError } from "../../src/errors/http-error.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { BASE, errorBody } from "./support/fixtures.js";
import { useMockServer } from "./support/server.js";

const server = useMockServer();

describe("the server's wait hint on a final error", () => {
  it("carries Retry-After of a 429 that is not retried any more", async () => {
    server.use(http.get(`${BASE}/coaching/jobs/j1`, () => HttpResponse.json(errorBody("RATE_LIMITED"), { status: 429, headers: { "retry-after": "3" } })));
    const error = await rejectionOf(makeClient().api.getJob("j1", { retry: 0 }));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).retryAfterMs).toBe(3_000);
  });

  it("carries the hint as sent, above maxRetryAfterMs too, and null without one", async () => {
    server.use(
      http.get(`${BASE}/coaching/jobs/j1`, () => HttpResponse.json(errorBody("DOWN"), { status: 503, headers: { "retry-after": "999" } })),
      http.get(`${BASE}/coaching/jobs/j2`, () => HttpResponse.json(errorBody("DOWN"), { status: 503 })),
    );
    const client = makeClient({ retry: { limit: 0, maxRetryAfterMs: 5_000 } });
    expect(((await rejectionOf(client.api.getJob("j1"))) as HttpError).retryAfterMs).toBe(999_000);
    expect(((await rejectionOf(client.api.getJob("j2"))) as HttpError).retryAfterMs).toBeNull();
  });
});
