/** Measuring helpers for bench sections (run under `node --expose-gc`). */

/** Two full collections: the second frees what the first's finalizers released. */
export const gc = () => {
  if (!globalThis.gc) throw new Error("run with node --expose-gc");
  globalThis.gc();
  globalThis.gc();
};
export const heapMb = () => process.memoryUsage().heapUsed / 1_048_576;
export const cpuMs = (usage) => (usage.user + usage.system) / 1_000;
export const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Heap after `gc()` before `run` and after each of `samples` parts of it: `run(count)` does
 * `count` of the `total` units of work. Returns MB, and the change from first to last in KB.
 */
export async function sampleHeap(total, samples, run) {
  await yieldToLoop();
  gc();
  const beforeMb = heapMb();
  const sampleMb = [];
  const step = Math.ceil(total / samples);
  for (let done = 0; done < total; done += step) {
    await run(Math.min(step, total - done));
    await yieldToLoop();
    gc();
    sampleMb.push(heapMb());
  }
  return { beforeMb, sampleMb, afterMb: sampleMb.at(-1), deltaKb: (sampleMb.at(-1) - beforeMb) * 1_024 };
}
