/** The few functions of `semver` (npm's own range parser; it ships no types) that node detection uses. */
declare module 'semver' {
  interface Options {
    loose?: boolean;
    includePrerelease?: boolean;
  }
  /** The normalized range, or null when the text is not a valid range. */
  export function validRange(range: string, options?: Options | boolean): string | null;
  /** Whether some version satisfies both ranges. */
  export function intersects(range1: string, range2: string, options?: Options | boolean): boolean;
  const semver: { validRange: typeof validRange; intersects: typeof intersects };
  export default semver;
}
