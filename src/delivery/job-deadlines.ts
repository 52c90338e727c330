import type { TimerHandle, Timers } from "../shared/timers.js";
import type { TrackedJob } from "./types.js";

/** One timer per pending job, firing when the job has waited too long. */
export interface JobDeadlines {
  /** Arms (or re-arms) the job's deadline, counted from its `trackedAt`; a passed one fires at once. */
  add(job: TrackedJob): void;
  remove(jobId: string): void;
  clear(): void;
}

export function createJobDeadlines(timers: Timers, deadlineMs: number, onExpired: (job: TrackedJob) => void): JobDeadlines {
  const handles = new Map<string, TimerHandle>();

  const remove = (jobId: string) => {
    const handle = handles.get(jobId);
    if (handle === undefined) return;
    handles.delete(jobId);
    timers.clearTimeout(handle);
  };

  return {
    add(job) {
      remove(job.jobId);
      const delay = Math.max(0, job.trackedAt + deadlineMs - timers.now());
      const handle = timers.setTimeout(() => {
        handles.delete(job.jobId);
        onExpired(job);
      }, delay);
      handles.set(job.jobId, handle);
    },
    remove,
    clear() {
      for (const jobId of [...handles.keys()]) remove(jobId);
    },
  };
}
