import type { DemoUrls } from "./demo-urls.js";

interface AdminSession {
  id: string;
  status: string;
  messages?: Array<{ role: string; content: string; clientMessageId?: string }>;
}

export interface AdminState {
  sessions: AdminSession[];
  jobs: Array<{ jobId: string; sessionId: string; status: string }>;
  requests: Array<{ method: string; path: string; route: string | null; status: number }>;
  socketCount: number;
}

/** The mock server's `/__admin` API: scenario knobs and the state tests assert on. */
export function createAdmin(urls: DemoUrls) {
  async function command(name: string, body: Record<string, unknown> = {}): Promise<unknown> {
    const response = await fetch(`${urls.adminUrl}/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${name} failed: ${response.status} ${await response.text()}`);
    return response.json();
  }
  async function state(): Promise<AdminState> {
    const response = await fetch(`${urls.adminUrl}/state`);
    if (!response.ok) throw new Error(`admin state failed: ${response.status}`);
    return (await response.json()) as AdminState;
  }
  return {
    command,
    state,
    /** A fresh backend with the demo's settings: no sessions, faults or conflict. */
    reset: () => command("reset"),
    async session(id: string): Promise<AdminSession> {
      const found = (await state()).sessions.find((s) => s.id === id);
      if (!found) throw new Error(`no session ${id} on the mock server`);
      return found;
    },
    async onlySession(): Promise<AdminSession> {
      const { sessions } = await state();
      if (sessions.length !== 1) throw new Error(`expected one session, found ${sessions.length}`);
      return sessions[0]!;
    },
  };
}

export type Admin = ReturnType<typeof createAdmin>;
