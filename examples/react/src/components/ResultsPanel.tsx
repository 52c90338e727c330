import { fieldLabel, fieldValue } from "../format.js";
import type { Coach } from "../types.js";
import { ScreenLayout } from "./ScreenLayout.js";
import { Transcript } from "./Transcript.js";

/** The final reply arrived: the summary, the fields the coach extracted, and the transcript. */
export function ResultsPanel({ coach, onRestart }: { coach: Coach; onRestart: () => void }) {
  const result = coach.result;
  const fields = Object.entries(result?.extracted ?? {});
  const finalReply = coach.messages.findLast((m) => m.role === "coach");
  return (
    <ScreenLayout
      id="results"
      tone="success"
      title="Session complete"
      actions={
        <button type="button" className="button primary" onClick={onRestart}>
          Start a new session
        </button>
      }
    >
      {finalReply && <p className="final-reply">{finalReply.content}</p>}
      <section className="results" aria-labelledby="summary-title">
        <h3 id="summary-title">Summary</h3>
        <p className="summary">{result?.summary ?? "No summary was returned."}</p>
        {fields.length > 0 && (
          <>
            <h3>What you told your coach</h3>
            <dl className="fields">
              {fields.map(([key, value]) => (
                <div key={key} className="field">
                  <dt>{fieldLabel(key)}</dt>
                  <dd>{fieldValue(value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </section>
      <details className="transcript-details">
        <summary>Show the conversation ({coach.messages.length} messages)</summary>
        <Transcript messages={coach.messages} />
      </details>
    </ScreenLayout>
  );
}
