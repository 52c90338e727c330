import type { CoachContext, CoachReply } from "./options.js";

/**
 * The default coach: the same turn and text always give the same reply, so tests can assert on
 * it. Each turn records the user's answer under `answer<turn>` in the extracted result.
 *
 * @example
 * scriptedCoach({ sessionId: "s", turn: 1, userText: "hi", isFinal: false, history: [] }).content
 * // 'Coach (turn 1): you said "hi". What would make this week a success?'
 */
export function scriptedCoach(context: CoachContext): CoachReply {
  const quoted = context.userText.length > 80 ? `${context.userText.slice(0, 77)}...` : context.userText;
  const extracted = { [`answer${context.turn}`]: context.userText };
  if (context.isFinal) {
    return {
      content: `Coach (turn ${context.turn}): you said "${quoted}". Thank you, that wraps up our session.`,
      extracted,
      summary: `Session completed after ${context.turn} turns.`,
    };
  }
  return {
    content: `Coach (turn ${context.turn}): you said "${quoted}". ${QUESTIONS[(context.turn - 1) % QUESTIONS.length]}`,
    extracted,
  };
}

const QUESTIONS = [
  "What would make this week a success?",
  "What is in the way right now?",
  "What is one small step you could take tomorrow?",
];
