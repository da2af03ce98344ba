import type { Endpoint } from '../../classroom/client';
import { formatCode, SOCKET_PATH } from '../../classroom/protocol';

type Place = Pick<Location, 'origin' | 'pathname' | 'search'>;

/** The classroom server: this page's own origin (npm start and --static serve both), or ?server=. */
export function endpointOf(loc: Place = location): Endpoint {
  const http = new URLSearchParams(loc.search).get('server') ?? loc.origin;
  return { http, socket: `${http.replace(/^http/, 'ws')}${SOCKET_PATH}` };
}

/** The join code in a student's link (?class=CODE), if any. */
export const joinCodeOf = (loc: Place = location): string | null => new URLSearchParams(loc.search).get('class');

/** The link students open: this app with ?class=CODE (and the server, when it is not this origin). */
export function joinLink(code: string, loc: Place = location): string {
  const server = new URLSearchParams(loc.search).get('server');
  const q = new URLSearchParams({ class: formatCode(code), ...(server ? { server } : {}) });
  return `${loc.origin}${loc.pathname}?${q}`;
}
