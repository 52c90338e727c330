// The zod/mini combinators the SDK uses, re-exported by name (see zod.ts for why). Types use
// `z.output`, not `z.infer`: the declaration bundler would emit `infer` as a bare keyword.
// Using another one means adding it here; the type checker says so.
export {
  array,
  boolean,
  config,
  discriminatedUnion,
  enum,
  literal,
  minLength,
  nullable,
  number,
  object,
  optional,
  record,
  refine,
  string,
  unknown,
} from "zod/mini";
export type { output } from "zod/mini";
