// The contract's v1.1 shapes (streamed replies, stopping a reply), as the mock sends them.
// Local until src/contract defines them: then `JobPartial`, `MockJobResult`, `MockJob` and
// `JobProgressEvent` become the contract's types and `MockRoutes` the contract's `CoachingRoutes`.
import type { Job, JobResult } from "../../contract/job.js";
import { defaultRoutes, type CoachingRoutes } from "../../contract/routes.js";

/** The text of chunks 1..seq of a PROCESSING job, whole. */
export interface JobPartial {
  seq: number;
  text: string;
}

/** `JobResult` plus v1.1's `stopped`: the reply was cut short by the cancel route. */
export type MockJobResult = JobResult & { stopped?: boolean };

/** `Job` plus v1.1's `partial`, present on a PROCESSING job that has streamed some text. */
export type MockJob = Omit<Job, "result"> & { result?: MockJobResult; partial?: JobPartial | null };

/** One streamed chunk of a reply; `seq` numbers a job's chunks from 1. */
export interface JobProgressEvent {
  type: "job.progress";
  eventId: string;
  jobId: string;
  sessionId: string;
  seq: number;
  delta: string;
}

/** The contract's routes plus v1.1's cancel route. */
export interface MockRoutes extends CoachingRoutes {
  /** @default (jobId) => `/coaching/jobs/${jobId}/cancel` */
  cancelJob: (jobId: string) => string;
}

export const defaultMockRoutes: MockRoutes = {
  ...defaultRoutes,
  cancelJob: (jobId) => `/coaching/jobs/${encodeURIComponent(jobId)}/cancel`,
};
