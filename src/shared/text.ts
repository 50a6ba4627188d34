/** Text that people write: what we strip before storing it. */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Removes control characters other than tab, line feed and carriage return: they have no place in
 * what people write and confuse logs, exports and terminals. Most text has none, so it is scanned
 * first and returned as is (rebuilding a 4,000-character description per request showed up in the
 * intake profile).
 */
export function stripControls(value: string): string {
  CONTROLS.lastIndex = 0;
  if (!CONTROLS.test(value)) return value;
  CONTROLS.lastIndex = 0;
  return value.replace(CONTROLS, '');
}
