// The two parts of jose that verifying an ID token needs, as one module loaded on demand (the rest of jose stays out of the bundle).
export { createRemoteJWKSet, jwtVerify } from 'jose';
