const TWO_32 = 0x1_0000_0000;
const MAX_EXACT_HI = 0x1f_ffff;

/**
 * An unsigned 64-bit integer as two uint32 halves — the form id generators produce without
 * BigInt — with conversions to the forms users want (bigint, decimal string, hex).
 */
export class Uint64 {
  constructor(
    /** The high 32 bits, unsigned. */
    readonly hi: number,
    /** The low 32 bits, unsigned. */
    readonly lo: number,
  ) {}

  /** The value from a bigint in 0..2^64-1. @throws RangeError outside that range. */
  static fromBigInt(value: bigint): Uint64 {
    if (value < 0n || value > 0xffff_ffff_ffff_ffffn) {
      throw new RangeError(`${value} is not an unsigned 64-bit integer`);
    }
    return new Uint64(Number(value >> 32n), Number(value & 0xffff_ffffn));
  }

  /** The value from its decimal string form. @throws RangeError/SyntaxError when not one. */
  static fromString(text: string): Uint64 {
    if (!/^\d{1,20}$/.test(text)) throw new SyntaxError(`"${text}" is not a decimal uint64`);
    return Uint64.fromBigInt(BigInt(text));
  }

  /** The value as a bigint. */
  toBigInt(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The value in decimal (the usual text form of snowflakes). */
  toString(): string {
    return this.hi <= MAX_EXACT_HI
      ? String(this.hi * TWO_32 + this.lo)
      : this.toBigInt().toString();
  }

  /** The value as 16 lower-case hex digits. */
  toHex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }

  /** The decimal form, so that JSON carries ids exactly. */
  toJSON(): string {
    return this.toString();
  }

  /** Whether `other` is the same value. */
  equals(other: Uint64): boolean {
    return this.hi === other.hi && this.lo === other.lo;
  }

  /** Negative, zero or positive as this is below, equal to or above `other`. */
  compare(other: Uint64): number {
    return this.hi !== other.hi ? this.hi - other.hi : this.lo - other.lo;
  }
}
