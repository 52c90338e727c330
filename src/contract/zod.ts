import { config } from "zod/mini";

// Zod 4 compiles object parsers with `new Function`, which strict Content-Security-Policy pages
// report as a violation. Every schema module imports `z` from here, so this runs before any
// schema exists.
config({ jitless: true });

// The zod/mini combinators the SDK uses, re-exported by name: schema modules import this module
// as a namespace (`import * as z from "./zod.js"`), which esbuild resolves to direct references.
// Not `export * as z` nor `export { z }` of a zod namespace: those materialise a namespace object
// in tsup's chunks that keeps every listed combinator alive and, across chunks, made app builds
// keep ALL of zod/mini (every locale included): +78 kB min+gz.
// Using another combinator means adding it here; the type checker says so. Types use `z.output`,
// not `z.infer`: the declaration bundler would emit `infer` as a bare keyword.
export {
  array,
  boolean,
  config,
  custom,
  discriminatedUnion,
  enum,
  literal,
  nullable,
  number,
  object,
  optional,
  record,
  string,
  unknown,
} from "zod/mini";
export type { output } from "zod/mini";
