import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createCoachingClient } from "coaching-session-sdk";
import { App } from "./App.js";
import { loadConfig } from "./config.js";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

loadConfig().then((config) => {
  // One client for the page's lifetime: the hook keeps the first client it is given.
  const client = createCoachingClient({
    baseUrl: config.apiUrl,
    socketUrl: config.socketUrl ?? undefined,
    // The mock server accepts any non-empty token; a real app asks its auth library here.
    getToken: () => "demo-user-token",
  });
  root.render(
    <StrictMode>
      <App
        client={client}
        sessionOptions={{
          autoResume: config.autoResume,
          ...(config.idleAfterMs !== null ? { idleAfterMs: config.idleAfterMs } : {}),
          ...(config.socketSilenceMs !== null ? { socketSilenceMs: config.socketSilenceMs } : {}),
        }}
      />
    </StrictMode>,
  );
});
