import type { Advice, PredictionCheck, Spread, VmEvidence, WhatIf } from './advice';

/** Advisor values for unit tests: the demo's web-frontend, 50 ms now, 10 ms as an LSVM. */
export const spread = (mean: number, min = mean, max = mean): Spread => ({ mean, min, max });

export const whatIf = (
  domid: number,
  microsliceMs: number,
  over: Partial<WhatIf> = {},
): WhatIf => ({
  hostId: 'xen1',
  vm: 'web-frontend',
  domid,
  microsliceMs,
  seeds: [1, 2, 3, 4],
  simulatedS: 20,
  now: {
    microsliceMs: 0,
    rttP50Ms: spread(50, 48, 52),
    rttP99Ms: spread(110),
    shares: [{ vm: 'web-frontend', share: spread(0.2) }],
    contextSwitchesPerS: spread(33),
  },
  asLsvm: {
    microsliceMs,
    rttP50Ms: spread(10, 8, 11),
    rttP99Ms: spread(30),
    shares: [{ vm: 'web-frontend', share: spread(0.2) }],
    contextSwitchesPerS: spread(53),
  },
  model: ['5 VMs on 1 pCPU'],
  elapsedMs: 400,
  ...over,
});

export const vmEvidence = (
  vm: string,
  domid: number,
  over: Partial<VmEvidence> = {},
): VmEvidence => ({
  vm,
  domid,
  vmClass: 'NLSVM',
  microsliceMs: 0,
  samples: 30,
  share: 0.2,
  fairShare: 0.2,
  runningRatio: 0.3,
  blockedRatio: 0,
  waitingRatio: 0.7,
  netKiBPerS: 70,
  waits: null,
  rtt: { count: 70, p50Ms: 47, p99Ms: 117 },
  rttMissing: null,
  lsvmWorstCaseMs: 30,
  plannedMicrosliceMs: 5,
  ...over,
});

export const advice = (over: Partial<Advice> = {}): Advice => ({
  hostId: 'xen1',
  t: 300_000,
  windowMs: 300_000,
  evidence: [vmEvidence('web-frontend', 1), vmEvidence('batch-worker', 2, { netKiBPerS: 0.5 })],
  ranking: [
    {
      vm: 'web-frontend',
      domid: 1,
      rank: 1,
      verdict: 'candidate',
      gainMs: 32,
      reasons: ['I/O-bound and waits long for the CPU.', 'Busy on the network: 70 KiB/s.'],
    },
    {
      vm: 'batch-worker',
      domid: 2,
      rank: 2,
      verdict: 'cpu-bound',
      gainMs: 0,
      reasons: ['CPU-bound: it uses all the CPU it is given.'],
    },
  ],
  notes: [],
  ...over,
});

export const predictionCheck = (over: Partial<PredictionCheck> = {}): PredictionCheck => ({
  hostId: 'xen1',
  switchId: 's1',
  vm: 'web-frontend',
  microsliceMs: 5,
  t: 1000,
  predictedP50Ms: 10,
  predictedP99Ms: 30,
  observedP50Ms: 11,
  observedP99Ms: 29,
  observedCount: 120,
  p50ErrorPct: -9.1,
  ...over,
});
