/**
 * Who may call a directory's SCIM endpoint: whoever holds its bearer token (README, "Directory
 * sync (SCIM) in the local control plane"), not the API key. The server (index.ts) asks before
 * its API-key check.
 */
import { bearerMatches, digest } from '../http';
import type { State } from '../model';

/** `/directories/{id}/scim/v2…` (wire.ts `scimPath`): the directory id, else undefined. */
export function scimDirectoryOf(rawPath: string): string | undefined {
  const m = /^\/directories\/([^/]+)\/scim\/v2(?:\/|$)/.exec(rawPath);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** Constant-time (http.ts `bearerMatches`); an unknown directory matches no token. */
export function scimTokenMatches(state: State, directoryId: string, authorization: string | undefined): boolean {
  const directory = state.directories.get(directoryId);
  return directory !== undefined && bearerMatches(authorization, digest(directory.token));
}
