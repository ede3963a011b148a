/**
 * What vSlicer's theory says when Algorithm 1's requirements or Eq. 12's divisibility fail on a
 * pCPU, and what a scheduler does instead (the simulation's engine, and the planner that predicts
 * it). Recomputed with T_S, T_n and T_m whenever the VM set or a class changes.
 */
export type SchedulerKind = 'credit' | 'vslicer';

export type NoticeCode =
  | 'no-nlsvm'
  | 'too-few-vms'
  | 'microslice-not-divisor'
  | 'microslice-exceeds-tn'
  | 'tn-not-whole-us'
  | 'mixed-microslices'
  | 'microslice-ignored';

export interface EngineNotice {
  code: NoticeCode;
  severity: 'info' | 'warning';
  pcpu: number;
  domid?: number;
  /** What does not hold. */
  message: string;
  /** What the scheduler does instead. */
  instead: string;
}
