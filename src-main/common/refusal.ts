/**
 * An expected refusal the operator can act on — an unknown host, a read-only session, a value out
 * of range — with a stable code. Thrown anywhere in the core, it crosses the API as data
 * (`{ ok: false, error: { code, message } }`); any other error is reported as `internal`.
 */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}
