// Port: where staff sign-ins are made — the stack's Cognito pool (a user per account), or an external issuer whose users exist already (accounts by `sub`).
export interface StaffDirectory {
  /** `cognito`: the admin gives an e-mail and a user is created; `external`: the admin gives the `sub`. */
  readonly kind: 'cognito' | 'external';
  /**
   * Creates the sign-in (Cognito sends the temporary password by e-mail). The same e-mail again
   * answers the user made before, so a retried create makes no second one.
   */
  createUser(input: {
    email: string;
    name: string;
  }): Promise<{ subject: string; username: string }>;
  disableUser(username: string): Promise<void>;
  enableUser(username: string): Promise<void>;
}

/** An issuer the agency runs: its users exist there; the account is made by their `sub`. */
export const externalDirectory: StaffDirectory = {
  kind: 'external',
  createUser: () => Promise.reject(new Error('an external issuer makes its own users')),
  disableUser: async () => {},
  enableUser: async () => {},
};
