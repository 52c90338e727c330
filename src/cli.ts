#!/usr/bin/env node
// The `coaching-session-sdk` bin. All logic lives in `runCli`, which tests call directly.
import { runCli } from "./testing/server/cli/run-cli.js";

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
