import * as z from "zod/mini";

// Zod 4 compiles object parsers with `new Function`, which strict Content-Security-Policy pages
// report as a violation. Every schema module imports `z` from here, so this runs before any
// schema exists.
z.config({ jitless: true });

export { z };
