import { MockKitError } from "./mock-kit-error.js";

/**
 * An optional peer dependency is not installed. The message is one line that says what to
 * install, so the CLI can print it as it is.
 *
 * @example
 * await startMockCoachingServer().catch((error) => {
 *   if (error instanceof MissingPeerDependencyError) console.error(error.message); // "... install ws ..."
 * });
 */
export class MissingPeerDependencyError extends MockKitError {
  override name = "MissingPeerDependencyError" as const;
  declare readonly packageName: string;

  constructor(packageName: string, neededBy: string, cause?: unknown) {
    super("MISSING_PEER_DEPENDENCY", `${neededBy} needs the "${packageName}" package: install ${packageName} (npm install --save-dev ${packageName}).`, { cause });
    this.packageName = packageName;
  }
}

/** True when `error` is Node failing to find `packageName` itself (not a module inside it). */
export function isPackageNotFound(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  // ESM: "Cannot find package 'ws' imported from ..."; CJS: "Cannot find module 'ws'".
  return error.message.includes(`'${packageName}'`);
}
