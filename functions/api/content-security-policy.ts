// The site's Content-Security-Policy, one source for the API's headers and CloudFront's response-headers policy.

/** The directives as Hono's `secureHeaders` takes them (camelCase names). */
export function cspDirectives(issuerOrigin?: string) {
  const issuer = issuerOrigin ? [issuerOrigin] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...issuer],
    formAction: ["'self'", ...issuer],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  };
}

/** The header value, serialized as Hono serializes it (`default-src 'self'; …`). */
export function cspHeaderValue(issuerOrigin?: string): string {
  return Object.entries(cspDirectives(issuerOrigin))
    .map(
      ([name, values]) =>
        `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`,
    )
    .join('; ');
}
