/**
 * The embedded Inngest executor (DESIGN.md §3 "jobs"): the pipeline's functions, run in this
 * process through the SDK's HTTP protocol, with runs and events in the app database.
 */
export { type Clock, systemClock, virtualClock, type VirtualClock } from "./clock";
export { backoffMs } from "./interpret";
export {
  createExecutor,
  type EmbeddedExecutor,
  type ExecutorOptions,
  LEASE_MS,
  MAX_REQUESTS_PER_RUN,
  type RunView,
} from "./executor";
export { getExecutor } from "./app";
