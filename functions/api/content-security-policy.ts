// The site's Content-Security-Policy, one source for the API's headers and CloudFront's response-headers policy.

/**
 * The directives as Hono's `secureHeaders` takes them (camelCase names). `uploadOrigin`: where
 * browsers PUT attachments when not the site's origin (the S3 bucket's regional endpoint).
 */
export function cspDirectives(issuerOrigin?: string, uploadOrigin?: string) {
  const issuer = issuerOrigin ? [issuerOrigin] : [];
  const upload = uploadOrigin ? [uploadOrigin] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...issuer, ...upload],
    formAction: ["'self'", ...issuer],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  };
}

/** The header value, serialized as Hono serializes it (`default-src 'self'; …`). */
export function cspHeaderValue(issuerOrigin?: string, uploadOrigin?: string): string {
  return Object.entries(cspDirectives(issuerOrigin, uploadOrigin))
    .map(
      ([name, values]) =>
        `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`,
    )
    .join('; ');
}
