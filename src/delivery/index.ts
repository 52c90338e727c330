export { createJobDelivery } from "./create-job-delivery.js";
export { createBrowserEnvironment, noopEnvironment } from "./browser-environment.js";
export type {
  BrowserEnvironment,
  ConnectionState,
  ConnectionStatus,
  CreateJobDelivery,
  DeliveryEvent,
  DeliveryListener,
  DeliverySource,
  JobDelivery,
  JobDeliveryOptions,
  TrackedJob,
} from "./types.js";
