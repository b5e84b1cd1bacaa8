import { useState } from 'react';
import { call } from '../api';
import { useServices } from '../context';
import { Link } from '../Link';
import { formFields, useAction } from '../use-action';
import { AuthLayout } from './AuthLayout';

/** Mails a reset link (the API answers the same for any address). */
export function ForgotPassword() {
  const { publicApi } = useServices();
  const [sent, setSent] = useState(false);
  const { busy, error, act } = useAction(async (email: string) => {
    await call(publicApi.auth.password.forgot.$post({ json: { email } }));
    setSent(true);
  });
  return (
    <AuthLayout title="Reset your password" error={error}>
      {sent ? (
        <p>If the address has an account, a link to reset its password is on its way.</p>
      ) : (
        <form onSubmit={(e) => void act(formFields(e).email ?? '')}>
          <label>
            Email <input name="email" type="email" required />
          </label>
          <button type="submit" disabled={busy}>
            Mail me a link
          </button>
        </form>
      )}
      <p>
        <Link to="/">Back to sign in</Link>
      </p>
    </AuthLayout>
  );
}
