// GET /api/sign-in: where the staff pages send a user to sign in (the OIDC issuer and the site's client id); public, as the issuer's discovery document is.
import { createRoute, z } from '@hono/zod-openapi';
import { ServiceUnavailable } from '#domain/errors.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';

export interface SignInConfig {
  /** The OIDC issuer (its discovery document names the sign-in page and token endpoint). */
  issuer: string;
  /** The staff site's client id at that issuer (public: a browser client has no secret). */
  clientId: string;
}

const route = createRoute({
  method: 'get',
  path: '/api/sign-in',
  summary: 'The staff sign-in issuer and client id (OIDC authorization code with PKCE)',
  tags: ['staff'],
  responses: {
    200: {
      description: 'Where to sign in',
      content: json(
        z
          .object({
            issuer: z.string().openapi({ example: 'https://login.wuzhong.example.cn' }),
            clientId: z.string().openapi({ example: 'fengqiao-staff' }),
          })
          .openapi('SignInConfig'),
      ),
    },
    503: errorContent('No issuer is configured for this deployment'),
  },
});

export function signInRoutes(config: SignInConfig | undefined) {
  return newRouter().openapi(route, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    if (!config) throw new ServiceUnavailable({ signIn: 'no OIDC issuer is configured' });
    return c.json({ issuer: config.issuer, clientId: config.clientId }, 200);
  });
}
