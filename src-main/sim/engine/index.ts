/**
 * The scheduling engine: Xen 3.4.2's credit scheduler and vSlicer (HPDC'12) simulated
 * as a discrete-event system. See README.md for the model and the choices the paper leaves open.
 */
export { SimHost, type VmStats } from './host';
export { createDemoHost, DEMO_VMS } from './demo-scenario';
export { PingProbe } from './ping-probe';
export { Prng } from './prng';
export { runExperiment, type ExperimentInput, type ExperimentResult } from './experiment';
export type { LatencySummaryMs } from './stats';
export { parseWorkloads, type WorkloadSpec } from './workload';
export {
  DEFAULT_TIMING,
  type EngineTiming,
  type HostSpec,
  type PingOptions,
  type VmSpec,
} from './types';
export type { EngineNotice, NoticeCode, SchedulerKind } from '../../common/vslicer/notices';
