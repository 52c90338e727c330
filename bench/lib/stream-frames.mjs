/** Streamed-reply frames (contract v1.1 `job.progress`), built before anything is timed. */

const WORDS = ["Let ", "us ", "look ", "at ", "what ", "made ", "this ", "week ", "hard, ", "and ", "one ", "small ", "step."];

/** The deltas of a reply of `count` chunks: word-sized, as a model streams them (~4 characters each). */
export function replyDeltas(count) {
  return Array.from({ length: count }, (_, i) => WORDS[i % WORDS.length]);
}

export function progressFrame(jobId, sessionId, seq, delta) {
  return JSON.stringify({ type: "job.progress", eventId: `evt-${jobId}-${seq}`, jobId, sessionId, seq, delta });
}

/** Every chunk frame of one reply, in order, and the reply's full text. */
export function replyFrames(jobId, sessionId, deltas) {
  return { frames: deltas.map((delta, i) => progressFrame(jobId, sessionId, i + 1, delta)), text: deltas.join("") };
}
