import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The console's policy: scripts, styles and connections from this origin only (Vite emits no
 * inline script or style, React sets styles through the DOM), never framed, no plugins.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Swagger UI's and Bull Board's pages carry inline styles (<style> blocks, style attributes); their
// scripts are files, so script-src stays strict. Only their own paths get the relaxation.
const DOCS_CSP = CONSOLE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
// Bull Board also sets <base href="/admin/queues/"> (its client-side routes hang from it): same origin only.
const DASHBOARD_CSP = DOCS_CSP.replace("base-uri 'none'", "base-uri 'self'");

function policyFor(url: string): string {
  if (/^\/docs(\/|$)/.test(url)) return DOCS_CSP;
  if (/^\/admin\/queues(\/|$)/.test(url)) return DASHBOARD_CSP;
  return CONSOLE_CSP;
}

/** The headers every response carries, whoever answers it (webhook listener, Express, error handler, static files). */
export function securityHeaders(hsts: boolean): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
    ['X-DNS-Prefetch-Control', 'off'],
  ];
  // Only when TLS terminates in front (HSTS=true): over plain HTTP the header would be ignored, and a wrong setting would lock browsers out.
  if (hsts) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return headers;
}

/**
 * Puts the headers on every response before any listener runs: the webhook listener ahead of
 * Express answers without Express, so Express middleware alone would miss it.
 */
export function sendSecurityHeaders(server: Server, hsts: boolean): void {
  const headers = securityHeaders(hsts);
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', policyFor(req.url ?? ''));
    for (const listener of listeners) listener.call(server, req, res);
  });
}
