/**
 * The scheduling engine (issue 3): Xen 3.4.2's credit scheduler and vSlicer (HPDC'12) simulated
 * as a discrete-event system. See README.md for the model and the choices the paper leaves open.
 */
export { SimHost, type VmStats } from './host';
export { createDemoHost, DEMO_VMS } from './demo-host';
export { PingProbe } from './ping-probe';
export { plan, type PlanInput, type PlanResult } from './planner';
export { runExperiment, type ExperimentInput, type ExperimentResult } from './experiment';
export { jainFairness, type LatencySummaryMs } from './stats';
export { parseWorkloads, type WorkloadSpec } from './workload';
export {
  DEFAULT_TIMING,
  type EngineNotice,
  type EngineTiming,
  type HostSpec,
  type NoticeCode,
  type PingOptions,
  type SchedulerKind,
  type VmSpec,
} from './types';
