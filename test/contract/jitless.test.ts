import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import * as zm from "zod/mini";
import { currentSessionResponseSchema, jobSchema, parseServerFrame, sessionResponseSchema } from "../../src/contract/index.js";
import { conflict, job, jobResult, session } from "../api/support/fixtures.js";

/**
 * Zod compiles object parsers with `new Function` unless `jitless` is set before the schemas are
 * built; strict-CSP pages report that as a violation. We watch the global `Function` constructor
 * (zod's compiler looks it up as a global) while parsing through the contract's schemas.
 */
const RealFunction = globalThis.Function;

function watchFunctionConstructor() {
  const calls: unknown[][] = [];
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      calls.push(args);
      throw new EvalError("blocked by test CSP");
    },
    apply(target, thisArg, args) {
      calls.push(args);
      throw new EvalError("blocked by test CSP");
    },
  });
  return calls;
}

afterEach(() => {
  globalThis.Function = RealFunction;
});

describe("zod runs jitless", () => {
  it("the contract module turned on zod's global jitless config", () => {
    expect(zm.config().jitless).toBe(true);
  });

  it("parses every contract shape without ever calling the Function constructor", () => {
    const calls = watchFunctionConstructor();
    for (let i = 0; i < 3; i++) {
      expect(currentSessionResponseSchema.safeParse({ session: session(), conflict: conflict() }).success).toBe(true);
      expect(sessionResponseSchema.safeParse({ session: session() }).success).toBe(true);
      expect(jobSchema.safeParse(job({ result: jobResult() })).success).toBe(true);
      expect(parseServerFrame(JSON.stringify({ type: "job.completed", eventId: "e", jobId: "j", sessionId: "s", result: jobResult() })).kind).toBe("frame");
    }
    expect(calls).toEqual([]);
  });

  // zod/mini's objects are interpreted, never compiled, so jitless is belt and braces there; these
  // controls show the probe above is sound: it catches classic zod's compiler, and jitless stops it.
  const probe = (jitless: boolean) => {
    const script = `
      import * as z from "zod";
      ${jitless ? "z.config({ jitless: true });" : ""}
      const Real = Function; let calls = 0;
      globalThis.Function = new Proxy(Real, { construct(t, a) { calls++; return Reflect.construct(t, a); } });
      const schema = z.object({ a: z.string(), b: z.number() });
      for (let i = 0; i < 3; i++) schema.safeParse({ a: "x", b: i });
      console.log(calls);`;
    // A fresh Node process: zod caches its eval probe and config per process.
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), encoding: "utf8" });
    return Number(out.trim());
  };

  it("control: the probe sees zod compile a parser when jitless is off", () => {
    expect(probe(false)).toBeGreaterThan(0);
  });

  it("control: with jitless on, the same zod compiles nothing", () => {
    expect(probe(true)).toBe(0);
  });
});
