/** Secrets that travel in paths (calendar feeds, invitation links) are long hex segments. */
const SECRET_SEGMENT = /\/[0-9a-f]{40,}(?=\/|\.|$)/gi;

/** A request's path as the logs may keep it: secret segments masked. */
export function loggedPath(path: string): string {
  return path.replace(SECRET_SEGMENT, '/[secret]');
}
