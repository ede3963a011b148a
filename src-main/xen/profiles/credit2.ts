import { stockProfile } from './stock';

/** Stock Xen's credit2 scheduler (the default since Xen 4.12), watched read-only. */
export const credit2 = stockProfile({
  scheduler: 'credit2',
  help: 'Watch only, like credit; credit2 has no settable time slice.',
  tslice: false,
});
