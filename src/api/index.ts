export {
  createCoachingClient,
  type CancelJobResponse,
  type CoachingApi,
  type CoachingClient,
  type JobPoll,
  type SendMessageInput,
  type SendMessageOptions,
  type StartSessionInput,
} from "./create-coaching-client.js";
export type { CoachingClientOptions, GetToken, GetTokenContext, RetryOptions } from "./options.js";
export type { CallOptions } from "./request.js";
