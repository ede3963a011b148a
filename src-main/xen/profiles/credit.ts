import { stockProfile } from './stock';

/** Stock Xen's credit scheduler (`sched=credit`): the paper's baseline, watched read-only. */
export const credit = stockProfile({
  scheduler: 'credit',
  help: 'Watch only: no LSVM/NLSVM classes, every VM shows as NLSVM.',
  tslice: true,
});
