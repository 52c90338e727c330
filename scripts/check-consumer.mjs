// Typechecks test/consumer/consumer.ts against the built package as an npm consumer would see it:
// once with moduleResolution Bundler, once with NodeNext as ESM and as CJS.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "coaching-consumer-"));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const variants = [
  { name: "bundler", file: "consumer.ts", type: "module", options: { module: "ESNext", moduleResolution: "Bundler" } },
  { name: "nodenext-esm", file: "consumer.mts", type: "module", options: { module: "NodeNext", moduleResolution: "NodeNext" } },
  { name: "nodenext-cjs", file: "consumer.cts", type: "commonjs", options: { module: "NodeNext", moduleResolution: "NodeNext" } },
];

try {
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "coaching-session-sdk"), "dir");
  for (const variant of variants) {
    const project = join(dir, variant.name);
    mkdirSync(project);
    cpSync(join(root, "test", "consumer", "consumer.ts"), join(project, variant.file));
    writeFileSync(join(project, "package.json"), JSON.stringify({ type: variant.type }));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...variant.options,
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          typeRoots: [join(root, "node_modules", "@types")],
        },
        files: [variant.file],
      }),
    );
    execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
    console.log(`consumer typecheck (${variant.name}): ok`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
