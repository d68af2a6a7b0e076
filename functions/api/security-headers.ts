// Secure headers with a strict CSP, shared by the API and the local server's static site.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { cspDirectives } from './content-security-policy.ts';

export interface SecurityOptions {
  /** Origin of the OIDC issuer staff sign in with (its login page and token endpoint). */
  issuerOrigin?: string;
  /** Where browsers send attachments when not the site's origin (the S3 bucket's endpoint). */
  uploadOrigin?: string;
}

export function securityHeaders(options: SecurityOptions = {}): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: cspDirectives(options.issuerOrigin, options.uploadOrigin),
    // Case references must not leak to other sites through the Referer header.
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: ['self'], microphone: ['self'], geolocation: ['self'] },
    crossOriginResourcePolicy: 'same-origin',
  });
}
