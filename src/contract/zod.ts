import { config } from "zod/mini";

// Zod 4 compiles object parsers with `new Function`, which strict Content-Security-Policy pages
// report as a violation. Every schema module imports `z` from here, so this runs before any
// schema exists.
config({ jitless: true });

// Not `export { z }` of `import * as z from "zod/mini"`: once tsup splits chunks, that namespace is
// re-exported across chunks, and esbuild-based app builds then keep ALL of zod/mini (every locale
// included): +78 kB min+gz. Re-exporting only the combinators we use keeps apps tree-shaking.
export * as z from "./zod-api.js";
