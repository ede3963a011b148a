import { z } from 'zod';
import { HostIdSchema } from './model';

/**
 * vSlicer's view of a host: each VM's class and scheduler parameters, class switches
 * with their full story, and the latency probes that show what a switch did.
 */

/** LSVM: latency-sensitive, runs in microslices; NLSVM: keeps the normal slice (microslice 0). */
export const VmClassSchema = z.enum(['LSVM', 'NLSVM']);
export type VmClass = z.infer<typeof VmClassSchema>;

/** A domain UUID as libxl prints it (LIBXL_UUID_FMT), after lower-casing. */
export const DOMAIN_UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const VmSchedSchema = z.object({
  domid: z.number().int(),
  name: z.string(),
  weight: z.number().int(),
  cap: z.number().int(),
  /** The VM's microslice, ms; 0 makes it an NLSVM. */
  microsliceMs: z.number(),
  vmClass: VmClassSchema,
  /** The cpupool it is in, as the listing groups it; null where the listing has no pools. */
  pool: z.string().nullable().optional(),
  /** Its vCPUs (`xl vcpu-list`); null before the host said. */
  vcpus: z.number().int().nullable().optional(),
  /**
   * The pCPUs it may run on: its pool's, narrowed by its vCPUs' hard affinity (`xl cpupool-list
   * -c`, `xl vcpu-list`); null where the host did not say (then it shares every guest pCPU).
   */
  pcpus: z.array(z.number().int()).nullable().optional(),
  /**
   * The domain's UUID (`xl list -v`), lower case: unlike the domid it survives a reboot. Null or
   * absent where the host did not say (xm, a stock listing, before the first topology poll).
   */
  uuid: z
    .string()
    .regex(DOMAIN_UUID_RE, 'a domain UUID is 8-4-4-4-12 lower-case hex digits')
    .nullable()
    .optional(),
});
export type VmSched = z.infer<typeof VmSchedSchema>;

export const HostSchedSchema = z.object({
  hostId: HostIdSchema,
  /** Wall-clock ms of the listing. */
  t: z.number(),
  /** T_NLSVM: the pool's normal slice; null where the scheduler has none (credit2). */
  tsliceMs: z.number().nullable(),
  ratelimitUs: z.number().nullable(),
  /** False on stock Xen profiles (credit, credit2): every VM is shown as NLSVM. */
  switchable: z.boolean(),
  readOnlyReason: z.string().nullable(),
  vms: z.array(VmSchedSchema),
  /** The host's cpupools and their pCPUs (`xl cpupool-list -c`); empty where it did not say. */
  pools: z.array(z.object({ name: z.string(), pcpus: z.array(z.number().int()) })).optional(),
});
export type HostSched = z.infer<typeof HostSchedSchema>;

const ClassStateSchema = z.object({ vmClass: VmClassSchema, microsliceMs: z.number() });

/** One class switch, from request to verified read-back (or the host's error). */
export const ClassSwitchSchema = z.object({
  id: z.string(),
  hostId: HostIdSchema,
  domid: z.number().int(),
  vm: z.string(),
  from: ClassStateSchema,
  to: ClassStateSchema,
  /** The exact argv, and the line the remote shell receives. */
  argv: z.array(z.string()),
  command: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** What the host printed (stdout + stderr) and its exit status. */
  hostReply: z.string(),
  exitCode: z.number().nullable(),
  /** The microslice read back after the command; the switch is done only if it matches. */
  readBackMs: z.number().nullable(),
  error: z.string().nullable(),
  /** Set when this switch undoes an earlier one. */
  undoOf: z.string().nullable(),
});
export type ClassSwitch = z.infer<typeof ClassSwitchSchema>;

/** One ping probe round to a VM: RTT per echo request, null for a lost one. */
export const LatencySampleSchema = z.object({
  hostId: HostIdSchema,
  vm: z.string(),
  address: z.string(),
  t: z.number(),
  rttMs: z.array(z.number().nullable()),
});
export type LatencySample = z.infer<typeof LatencySampleSchema>;

/** Scheduling waits of one window, as common/metrics/sched-waits.ts counts them. */
export const WaitCountersSchema = z.object({
  dispatches: z.number().int().nonnegative(),
  waits: z.number().int().nonnegative(),
  sumUs: z.number().nonnegative(),
  maxUs: z.number().nonnegative(),
  /** Log2 buckets in µs: 0 = [0, 2), k = [2^k, 2^(k+1)), the last open-ended. */
  hist: z.array(z.number().int().nonnegative()).max(64),
});

/**
 * One reading of a host's scheduling waits (the vSlicer hypervisor's `vslicer-ctl -w`): per VM,
 * the waits since the previous reading (`sinceT`), or why the host gives none.
 */
export const SchedWaitsSchema = z.object({
  hostId: HostIdSchema,
  t: z.number(),
  sinceT: z.number(),
  vms: z.array(z.object({ vm: z.string(), domid: z.number().int(), window: WaitCountersSchema })),
  /** Why this host reports no scheduling waits (e.g. no vslicer-ctl, a stock hypervisor). */
  unavailable: z.string().nullable(),
});
export type SchedWaits = z.infer<typeof SchedWaitsSchema>;

export const ProbeTargetSchema = z.object({
  vm: z.string(),
  address: z.string().nullable(),
  source: z.enum(['operator', 'discovered']).nullable(),
  /** Why there is no address, and how to fix it. */
  problem: z.string().nullable(),
});
export type ProbeTarget = z.infer<typeof ProbeTargetSchema>;

export const ProbeSettingsSchema = z.object({
  /** Seconds between probe rounds to each VM. */
  intervalSec: z.number().min(1).max(600),
  /** Echo requests per round (ping -c). */
  count: z.number().int().min(1).max(20),
});
export type ProbeSettings = z.infer<typeof ProbeSettingsSchema>;

export const MicrosliceOptionSchema = z.object({
  microsliceMs: z.number(),
  worstCaseLatencyMs: z.number(),
  bestCaseLatencyMs: z.number(),
  meanLatencyMs: z.number(),
  /** Context switches relative to the credit scheduler (the price of short slices). */
  contextSwitchRatio: z.number(),
  /** Whether it divides T_NLSVM/n exactly (Algorithm 1's requirement). */
  divides: z.boolean().default(true),
  /** The microslice the scheduler really runs: T_n split into equal parts not above the request. */
  effectiveMs: z.number().optional(),
});
export type MicrosliceOption = z.infer<typeof MicrosliceOptionSchema>;

/** The planner's proposal for making a VM an LSVM (Eq. 12 of the paper). */
export const MicroslicePlanSchema = z.object({
  tsliceMs: z.number(),
  /** LSVMs and NLSVMs on the VM's pCPU after the switch. */
  lsvmCount: z.number().int(),
  nlsvmCount: z.number().int(),
  proposedMs: z.number().nullable(),
  /** Whole-ms microslices up to T_NLSVM/n, each with its predicted latency (divisors first choice). */
  options: z.array(MicrosliceOptionSchema),
  /** Why no proposal can be made (e.g. no NLSVM would be left). */
  errors: z.array(z.string()),
  /** Why the options predict what they do, when that is not obvious (a lone LSVM); or null. */
  note: z.string().nullable().default(null),
});
export type MicroslicePlan = z.infer<typeof MicroslicePlanSchema>;
