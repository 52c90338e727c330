// The zod/mini combinators the SDK uses, re-exported by name (see zod.ts for why). Using another
// one means adding it here; the type checker says so.
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
export type { infer } from "zod/mini";
