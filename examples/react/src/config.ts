/** Where the example finds its backend. */
export interface ExampleConfig {
  /** The API base URL, e.g. `http://127.0.0.1:8787/api`. */
  apiUrl: string;
  /** The WebSocket URL; `null` makes replies arrive by polling only. */
  socketUrl: string | null;
  /** Go straight back into an ACTIVE session instead of offering resume / start new. */
  autoResume: boolean;
  /** An ACTIVE session idle longer than this is offered as paused; `null` keeps the SDK's 30 minutes. */
  idleAfterMs: number | null;
  /** A job silent this long on a live socket is polled; `null` keeps the SDK's 20 seconds. */
  socketSilenceMs: number | null;
}

/** The mock server's URLs when started with `coaching-session-sdk mock-server` (port 8787). */
export const DEFAULT_CONFIG: ExampleConfig = {
  apiUrl: "http://127.0.0.1:8787/api",
  socketUrl: "ws://127.0.0.1:8787/coaching",
  autoResume: false,
  idleAfterMs: null,
  socketSilenceMs: null,
};

type Partial = { [K in keyof ExampleConfig]?: ExampleConfig[K] };

/**
 * Reads the config, most specific first: query parameters (`?api=…&socket=…|off&autoResume=1&idleAfterMs=…&socketSilenceMs=…`),
 * then `config.json` next to the page (the demo server writes it), then the defaults.
 *
 * @example
 * const config = await loadConfig(); // on http://127.0.0.1:4173/?socket=off → polling only
 */
export async function loadConfig(location: Location = window.location): Promise<ExampleConfig> {
  const fromFile = await readConfigFile(new URL("config.json", location.href));
  return { ...DEFAULT_CONFIG, ...fromFile, ...fromQuery(new URLSearchParams(location.search)) };
}

function fromQuery(params: URLSearchParams): Partial {
  const config: Partial = {};
  const api = params.get("api");
  const socket = params.get("socket");
  const autoResume = params.get("autoResume");
  const idleAfterMs = Number(params.get("idleAfterMs") ?? Number.NaN);
  const socketSilenceMs = Number(params.get("socketSilenceMs") ?? Number.NaN);
  if (api) config.apiUrl = api;
  if (socket) config.socketUrl = socket === "off" ? null : socket;
  if (autoResume !== null) config.autoResume = autoResume !== "0" && autoResume !== "false";
  if (Number.isInteger(idleAfterMs) && idleAfterMs >= 0) config.idleAfterMs = idleAfterMs;
  if (Number.isInteger(socketSilenceMs) && socketSilenceMs > 0) config.socketSilenceMs = socketSilenceMs;
  return config;
}

/** A missing or broken config file is not an error: the defaults apply. */
async function readConfigFile(url: URL): Promise<Partial> {
  try {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) return {};
    const data: unknown = await response.json();
    if (!data || typeof data !== "object") return {};
    const { apiUrl, socketUrl, autoResume } = data as Record<string, unknown>;
    const config: Partial = {};
    if (typeof apiUrl === "string" && apiUrl) config.apiUrl = apiUrl;
    if (typeof socketUrl === "string" || socketUrl === null) config.socketUrl = socketUrl || null;
    if (typeof autoResume === "boolean") config.autoResume = autoResume;
    return config;
  } catch {
    return {};
  }
}
