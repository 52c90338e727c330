import { isPackageNotFound, MissingPeerDependencyError } from "../errors/missing-peer-dependency-error.js";

type WsModule = typeof import("ws");

/**
 * Loads `ws` when the real server starts rather than when this entry is imported, so msw-only
 * tests (`setupMockCoaching`) run without it; a missing `ws` becomes a one-line typed error.
 */
export async function loadWs(): Promise<WsModule> {
  try {
    return await import("ws");
  } catch (error) {
    if (isPackageNotFound(error, "ws")) throw new MissingPeerDependencyError("ws", "The mock server (startMockCoachingServer, coaching-session-sdk mock-server)", error);
    throw error;
  }
}
