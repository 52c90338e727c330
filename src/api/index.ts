export {
  createCoachingClient,
  type CoachingApi,
  type CoachingClient,
  type JobPoll,
  type SendMessageInput,
  type SendMessageOptions,
  type StartSessionInput,
} from "./create-coaching-client.js";
export type { CoachingClientOptions, GetToken, GetTokenContext, ResolvedClientOptions, RetryOptions } from "./options.js";
export type { CallOptions } from "./request.js";
export type { TokenProvider } from "./token-provider.js";
export { parseRetryAfter } from "./retry-after.js";
