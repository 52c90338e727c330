import { describe, expect, it } from "vitest";
import type { CoachingSessionActor } from "../../src/machine/create-coaching-session.js";
import { bindCommands } from "../../src/react/use-coaching-session.js";

function recordingActor() {
  const sent: unknown[] = [];
  return { sent, actor: { send: (event: unknown) => sent.push(event) } as unknown as CoachingSessionActor };
}

describe("bound commands", () => {
  it("retry used directly as a click handler retries every failed message", () => {
    const { sent, actor } = recordingActor();
    const { retry } = bindCommands(actor);
    (retry as (event: unknown) => void)({ type: "click", target: {} });
    retry("c7");
    expect(sent).toEqual([{ type: "RETRY" }, { type: "RETRY", clientMessageId: "c7" }]);
  });

  it("maps each command to its event", () => {
    const { sent, actor } = recordingActor();
    const commands = bindCommands(actor);
    commands.send("hi");
    commands.resume();
    commands.startNew();
    commands.pause();
    commands.cancel();
    commands.discard("c1");
    commands.refresh();
    expect(sent).toEqual([
      { type: "SEND", text: "hi" },
      { type: "RESUME" },
      { type: "START_NEW" },
      { type: "PAUSE" },
      { type: "CANCEL" },
      { type: "DISCARD", clientMessageId: "c1" },
      { type: "REFRESH" },
    ]);
  });
});
