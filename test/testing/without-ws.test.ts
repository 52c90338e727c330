import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MSW_PACKAGE } from "./support.js";

// An app that has msw but not `ws`: the kit's code is bundled from source with msw and `ws` left
// as imports, into a folder whose node_modules holds msw only, then run by a real Node process.
const root = fileURLToPath(new URL("../..", import.meta.url));
const mswDir = join(root, "node_modules", MSW_PACKAGE);
let app = "";

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), "kit-without-ws-"));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(mswDir, join(app, "node_modules", "msw"), "dir");
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

/**
 * Bundles one of the package's entries as tsup does: an entry keeps every export and every import
 * of its module graph (a dropped `import "ws"` would hide the very failure under test).
 */
async function bundleEntry(entry: string, outName: string, format: "esm" | "cjs" = "esm"): Promise<string> {
  const outfile = join(app, outName);
  await build({ entryPoints: [join(root, entry)], bundle: true, platform: "node", target: "node20", format, outfile, external: ["msw", "msw/*", "ws"], logLevel: "silent" });
  return outfile;
}

/** A plain script in the app folder, run as the app would run it. */
function script(name: string, contents: string): string {
  const file = join(app, name);
  writeFileSync(file, contents);
  return file;
}

function run(file: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [file, ...args], { cwd: app, encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe("without ws installed", () => {
  it("the app really has msw and no ws", () => {
    writeFileSync(join(app, "probe.cjs"), 'for (const name of ["msw", "ws"]) { try { require.resolve(name); console.log(name, "found"); } catch { console.log(name, "missing"); } }');
    expect(run(join(app, "probe.cjs")).stdout).toBe("msw found\nws missing");
  });

  it("setupMockCoaching runs msw-only tests", async () => {
    await bundleEntry("src/testing/server/index.ts", "kit-server.mjs");
    const file = script(
      "msw-only.mjs",
      `import { setupMockCoaching } from "./kit-server.mjs";
       const mock = setupMockCoaching({ baseUrl: "https://api.no-ws.test/v1" });
       mock.listen({ onUnhandled: "error" });
       const res = await fetch("https://api.no-ws.test/v1/coaching/sessions", { method: "POST", body: "{}" });
       console.log(JSON.stringify({ status: res.status, session: (await res.json()).session.status }));
       mock.close();`,
    );
    const result = run(file);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ status: 201, session: "ACTIVE" });
  });

  it.each(["esm", "cjs"] as const)("startMockCoachingServer rejects with a one-line MissingPeerDependencyError (%s build)", async (format) => {
    const kit = await bundleEntry("src/testing/server/index.ts", format === "esm" ? "kit-server.mjs" : "kit-server.cjs", format);
    const file = script(
      `server-${format}.cjs`,
      `const report = (error) => console.log(JSON.stringify({ name: error.name, code: error.code, packageName: error.packageName, message: error.message }));
       ${format === "esm" ? `import(${JSON.stringify(kit)})` : `Promise.resolve(require(${JSON.stringify(kit)}))`}
         .then((kit) => kit.startMockCoachingServer())
         .then(() => console.log("started"), report);`,
    );
    const error = JSON.parse(run(file).stdout);
    expect(error).toMatchObject({ name: "MissingPeerDependencyError", code: "MISSING_PEER_DEPENDENCY", packageName: "ws" });
    expect(error.message).toContain("install ws");
    expect(error.message).not.toContain("\n");
  });

  it("the mock-server command prints that one line, no stack, and exits 1", async () => {
    const file = await bundleEntry("src/cli.ts", "cli.mjs");
    const result = run(file, ["mock-server", "--port", "0"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/needs the "ws" package: install ws/);
  });
});
