// Typechecks every ```ts and ```tsx block of README.md against the BUILT package, as a consumer's
// project would (strict, moduleResolution Bundler, the package installed by name). Each block is
// its own module; a block names what it assumes from the app with `declare`. Run after a build.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```(ts|tsx)\n([\s\S]*?)^```$/gm)].map((match, index) => ({
  file: `block-${String(index + 1).padStart(2, "0")}.${match[1]}`,
  code: match[2],
  line: readme.slice(0, match.index).split("\n").length + 1,
}));
if (blocks.length === 0) {
  console.error("check-readme: README.md has no ts/tsx blocks; nothing was checked");
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "coaching-readme-"));
try {
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "coaching-session-sdk"), "dir");
  // What a consumer's app has installed beside the SDK for these snippets.
  mkdirSync(join(dir, "node_modules", "@types"));
  for (const name of ["xstate", "react", "msw", "vitest", "@types/react", "@types/node"]) {
    symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name), "dir");
  }
  for (const block of blocks) {
    // `export {}` makes a block without imports a module too, so blocks never share names.
    writeFileSync(join(dir, block.file), `${block.code}\nexport {};\n`);
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "ESNext",
        moduleResolution: "Bundler",
        target: "ES2022",
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        jsx: "react-jsx",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["react", "node"],
      },
      files: blocks.map((block) => block.file),
    }),
  );
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { stdio: "pipe" });
  } catch (error) {
    // Point each error at the README line it comes from.
    const out = String(error.stdout ?? "") + String(error.stderr ?? "");
    console.error(
      out.replace(/block-(\d+)\.(tsx?)\((\d+),(\d+)\)/g, (_all, n, _ext, line, column) => {
        const block = blocks[Number(n) - 1];
        return `README.md:${block.line + Number(line) - 1}:${column}`;
      }),
    );
    process.exit(1);
  }
  console.log(`readme: ${blocks.length} ts/tsx blocks typecheck against the built package`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
