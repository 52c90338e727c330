/** Contract-valid server frames (see /work/shared/CONTRACT.md, "WebSocket"). */

const CREATED_AT = "2025-01-01T00:00:00.000Z";
const CONTENT =
  "Coach: that is a good first step. What would make this week a success for you, and what might get in the way? " +
  "Take a moment to think about one small thing you could do tomorrow.";

/** A `job.completed` event as the gateway sends it: a non-final coach reply of ~200 characters. */
export function completedEvent(jobId, sessionId, eventId = `evt-${jobId}`) {
  return {
    type: "job.completed",
    eventId,
    jobId,
    sessionId,
    result: {
      reply: { id: `msg-${jobId}`, role: "coach", content: CONTENT, createdAt: CREATED_AT, jobId },
      isFinal: false,
      sessionStatus: "ACTIVE",
    },
  };
}

export const completedFrame = (jobId, sessionId, eventId) => JSON.stringify(completedEvent(jobId, sessionId, eventId));
