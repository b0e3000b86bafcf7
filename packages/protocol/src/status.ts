/**
 * Status codes of yrpc calls: the canonical set and numbering that gRPC also uses, so that
 * habits and mappings carry over. `OK` (0) is success; every other code is an error.
 */
export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** One of the {@link Status} numbers, 0 through 16. */
export type StatusCode = (typeof Status)[keyof typeof Status];

/** The name of a {@link Status} code, e.g. `'DEADLINE_EXCEEDED'`. */
export type StatusName = keyof typeof Status;

const NAMES = Object.keys(Status) as StatusName[];

/** Whether `value` is one of the 17 status codes (an integer from 0 through 16). */
export function isStatusCode(value: unknown): value is StatusCode {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 16;
}

/**
 * The name of a status code (`statusName(4) === 'DEADLINE_EXCEEDED'`); a number outside the set
 * is named `'UNKNOWN'`, as gRPC does with codes it does not know.
 */
export function statusName(code: number): StatusName {
  return isStatusCode(code) ? (NAMES[code] as StatusName) : 'UNKNOWN';
}

/**
 * The code for a name (`statusFromName('NOT_FOUND') === 5`), or `undefined` for a name outside
 * the set. Matching is exact (upper case).
 */
export function statusFromName(name: string): StatusCode | undefined {
  return Object.hasOwn(Status, name) ? Status[name as StatusName] : undefined;
}
