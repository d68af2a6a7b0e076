// Cognito adapter of the staff directory: AdminCreateUser / AdminGetUser / AdminDisableUser / AdminEnableUser on the stack's pool; the SDK is loaded on first use, so the admin function's cold start does not carry it.
import { createHash } from 'node:crypto';
import { ValidationFailed } from '../../domain/errors.ts';
import type { StaffDirectory } from '../staff-directory.port.ts';

type Sdk = typeof import('@aws-sdk/client-cognito-identity-provider');

/** The pool signs in by user name or e-mail; a user name may not look like an e-mail, so it is derived from it. */
export const usernameFor = (email: string) =>
  `staff-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24)}`;

export function cognitoDirectory(options: { userPoolId: string }): StaffDirectory {
  let loaded: Promise<{ sdk: Sdk; client: InstanceType<Sdk['CognitoIdentityProviderClient']> }>;
  const sdk = () => {
    loaded ??= import('@aws-sdk/client-cognito-identity-provider').then((sdk) => ({
      sdk,
      client: new sdk.CognitoIdentityProviderClient({}),
    }));
    return loaded;
  };
  const UserPoolId = options.userPoolId;

  async function subjectOf(username: string): Promise<string> {
    const { sdk: s, client } = await sdk();
    const out = await client.send(new s.AdminGetUserCommand({ UserPoolId, Username: username }));
    const sub = out.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
    if (!sub) throw new Error(`Cognito user ${username} has no sub`);
    return sub;
  }

  return {
    kind: 'cognito',
    async createUser({ email, name }) {
      const { sdk: s, client } = await sdk();
      const username = usernameFor(email);
      try {
        const out = await client.send(
          new s.AdminCreateUserCommand({
            UserPoolId,
            Username: username,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        const sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
        return { subject: sub ?? (await subjectOf(username)), username };
      } catch (error) {
        // Made by an earlier try of this same create: the user it made.
        if (error instanceof s.UsernameExistsException)
          return { subject: await subjectOf(username), username };
        if (error instanceof s.AliasExistsException)
          throw new ValidationFailed({ 'json.email': 'another sign-in already uses this e-mail' });
        if (error instanceof s.InvalidParameterException)
          throw new ValidationFailed({ 'json.email': error.message });
        throw error;
      }
    },
    async disableUser(username) {
      const { sdk: s, client } = await sdk();
      await client.send(new s.AdminDisableUserCommand({ UserPoolId, Username: username }));
    },
    async enableUser(username) {
      const { sdk: s, client } = await sdk();
      await client.send(new s.AdminEnableUserCommand({ UserPoolId, Username: username }));
    },
  };
}
