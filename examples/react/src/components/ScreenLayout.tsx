import type { ReactNode } from "react";
import { useFocusOnMount } from "../use-focus-on-mount.js";

type Tone = "neutral" | "success" | "warning" | "danger";

const ICONS: Record<Tone, string> = { neutral: "↺", success: "✓", warning: "!", danger: "×" };

/** A centred card with an icon, a heading that takes focus, some text and actions. */
export function ScreenLayout({
  id,
  title,
  tone = "neutral",
  children,
  actions,
}: {
  id: string;
  title: string;
  tone?: Tone;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="screen" aria-labelledby={`${id}-title`} data-screen={id}>
      <div className="card">
        <span className={`screen-icon tone-${tone}`} aria-hidden="true">
          {ICONS[tone]}
        </span>
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {children}
        {actions && <div className="actions">{actions}</div>}
      </div>
    </section>
  );
}

/** A spinner with a label, for the steps that wait on the server. */
export function Progress({ label }: { label: string }) {
  return (
    <section className="screen" data-screen="progress" aria-busy="true">
      <div className="progress" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <p>{label}</p>
      </div>
    </section>
  );
}
