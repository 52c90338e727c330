import fc from "fast-check";

type Path = (string | number)[];
type JsonType = "string" | "number" | "boolean" | "object" | "array" | "null";

/** Keys that are optional somewhere in the contract: deleting them may leave a valid value. */
const MAYBE_OPTIONAL = new Set(["messages", "result", "replacedBy", "clientMessageId", "jobId", "displayName", "error", "retryable"]);
/** Values under these keys are `unknown` in the contract: any change there is still valid. */
const FREE_FORM = new Set(["extracted"]);

const typeOf = (value: unknown): JsonType =>
  value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as JsonType);

/** A value of each JSON type but null (null is valid for the contract's nullable fields). */
const valueOfType: Record<Exclude<JsonType, "null">, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 6 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  object: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
};

/** Every property path below the root, skipping the inside of free-form records. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [];
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    out.push([...prefix, key]);
    if (!FREE_FORM.has(String(key))) out.push(...paths(child, [...prefix, key]));
  }
  return out;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function setAt(root: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void) {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  change(node, path.at(-1)!);
}

export interface Mistyped {
  value: unknown;
  /** What was changed, for counterexample reports. */
  change: string;
}

/**
 * A contract-valid value with exactly one field broken: replaced by a value of another JSON type
 * (never null), or a required key deleted. The schemas must reject every such value.
 */
export function mistyped<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<Mistyped> {
  return valid.chain((original): fc.Arbitrary<Mistyped> => {
    const all = paths(original);
    const deletable = all.filter((p) => typeof p.at(-1) === "string" && !MAYBE_OPTIONAL.has(p.at(-1) as string));
    const at = (path: Path) => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], original);
    // A null is a nullable field: its other type (string, object) would be valid, so leave it.
    const retypable = all.filter((path) => at(path) !== null);
    const retype = (path: Path): fc.Arbitrary<Mistyped> => {
      const current = at(path);
      const others = (Object.keys(valueOfType) as Exclude<JsonType, "null">[]).filter((t) => t !== typeOf(current));
      return fc
        .constantFrom(...others)
        .chain((type) => valueOfType[type])
        .map((replacement) => {
          const value: unknown = clone(original);
          setAt(value, path, (parent, key) => {
            parent[key] = replacement;
          });
          return { value, change: `${path.join(".")}: ${JSON.stringify(current)} -> ${JSON.stringify(replacement)}` };
        });
    };
    const remove = (path: Path): fc.Arbitrary<Mistyped> => {
      const value: unknown = clone(original);
      setAt(value, path, (parent, key) => {
        delete parent[key];
      });
      return fc.constant({ value, change: `deleted ${path.join(".")}` });
    };
    const options = [
      ...(retypable.length > 0 ? [fc.constantFrom(...retypable).chain(retype)] : []),
      ...(deletable.length > 0 ? [fc.constantFrom(...deletable).chain(remove)] : []),
    ];
    return options.length > 0 ? fc.oneof(...options) : fc.constant({ value: 42, change: "root -> 42" });
  });
}
