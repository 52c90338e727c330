/** Every HTTP route of the contract, as a function of its path parameters. */
export interface CoachingRoutes {
  /** @default "/coaching/sessions/current" */
  getCurrentSession: () => string;
  /** @default "/coaching/sessions" */
  startSession: () => string;
  /** @default (id) => `/coaching/sessions/${id}` */
  getSession: (sessionId: string) => string;
  /** @default (id) => `/coaching/sessions/${id}/resume` */
  resumeSession: (sessionId: string) => string;
  /** @default (id) => `/coaching/sessions/${id}/pause` */
  pauseSession: (sessionId: string) => string;
  /** @default (id) => `/coaching/sessions/${id}/cancel` */
  cancelSession: (sessionId: string) => string;
  /** @default (id) => `/coaching/sessions/${id}/messages` */
  sendMessage: (sessionId: string) => string;
  /** @default (jobId) => `/coaching/jobs/${jobId}` */
  getJob: (jobId: string) => string;
  /** v1.1, stop a reply. @default (jobId) => `/coaching/jobs/${jobId}/cancel` */
  cancelJob: (jobId: string) => string;
}

const seg = encodeURIComponent;

export const defaultRoutes: CoachingRoutes = {
  getCurrentSession: () => "/coaching/sessions/current",
  startSession: () => "/coaching/sessions",
  getSession: (id) => `/coaching/sessions/${seg(id)}`,
  resumeSession: (id) => `/coaching/sessions/${seg(id)}/resume`,
  pauseSession: (id) => `/coaching/sessions/${seg(id)}/pause`,
  cancelSession: (id) => `/coaching/sessions/${seg(id)}/cancel`,
  sendMessage: (id) => `/coaching/sessions/${seg(id)}/messages`,
  getJob: (jobId) => `/coaching/jobs/${seg(jobId)}`,
  cancelJob: (jobId) => `/coaching/jobs/${seg(jobId)}/cancel`,
};
