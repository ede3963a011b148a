/**
 * Packets in flight to or queued in a guest, kept in a pool of parallel arrays (slots are reused)
 * so that the ping and request/response traffic allocate nothing per packet.
 */
export const PKT_PING = 0;
export const PKT_RR = 1;

/** Ethernet frame sizes: ICMP echo of `ping`'s default 56-byte payload, a small HTTP exchange. */
export const PING_BYTES = 98;
export const RR_REQUEST_BYTES = 300;
export const RR_RESPONSE_BYTES = 1500;

export class PacketPool {
  readonly vmSlot: number[] = [];
  readonly vmGen: number[] = [];
  readonly kind: number[] = [];
  readonly burstUs: number[] = [];
  readonly probe: number[] = [];
  readonly seq: number[] = [];
  private readonly free: number[] = [];

  alloc(
    vmSlot: number,
    vmGen: number,
    kind: number,
    burstUs: number,
    probe: number,
    seq: number,
  ): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.vmSlot.length;
    this.vmSlot[slot] = vmSlot;
    this.vmGen[slot] = vmGen;
    this.kind[slot] = kind;
    this.burstUs[slot] = burstUs;
    this.probe[slot] = probe;
    this.seq[slot] = seq;
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }
}
