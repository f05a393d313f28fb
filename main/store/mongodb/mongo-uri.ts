/** MongoDB connection strings: what this app reads from them and how it shows them. */

export function isMongoUri(value: string): boolean {
  return /^mongodb(\+srv)?:\/\//.test(value);
}

/** The URI without its user and password, for messages and saved markers. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1');
}

/** The database named in the URI's path (`mongodb://host/name`), if any. */
export function databaseInUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
