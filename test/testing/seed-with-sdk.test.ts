import { describe, expect, it } from "vitest";
import { useLifecycleKit, replies } from "../lifecycle/support.js";

// The resume screen from a seeded session, through the whole SDK (client, delivery, machine).
const kit = useLifecycleKit();

describe("a seeded session as the SDK sees it", () => {
  it("offers to resume a seeded PAUSED session with its transcript, then carries on from it", async () => {
    const seeded = kit.backend.scenario.seedSession({
      status: "PAUSED",
      lastActivityAt: Date.now() - 30 * 60_000,
      messages: [
        { role: "user", content: "I keep skipping workouts" },
        { role: "coach", content: "When do you usually skip them?" },
      ],
    });
    const { actor, until } = kit.open();
    const choosing = await until((s) => s.matches("choosing"));
    expect(choosing.context.session?.id).toBe(seeded.id);
    expect(choosing.context.session?.status).toBe("PAUSED");

    actor.send({ type: "RESUME" });
    const active = await until((s) => s.matches("active"));
    expect(active.context.messages.map((m) => m.content)).toEqual(["I keep skipping workouts", "When do you usually skip them?"]);
    actor.send({ type: "SEND", text: "Mornings" });
    const answered = await until((s) => replies(s).length === 2);
    expect(replies(answered)[1]?.content).toContain("Mornings");
  });
});
