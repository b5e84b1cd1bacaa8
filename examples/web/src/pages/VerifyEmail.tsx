import { useEffect, useState } from 'react';
import { call } from '../api';
import { useServices, useSession } from '../context';
import { Link } from '../Link';
import { useLocation } from '../router';
import { AuthLayout } from './AuthLayout';

/** The verification mail's link: `/verify-email?token=…` confirms the address at once. */
export function VerifyEmail() {
  const { publicApi } = useServices();
  const signedIn = useSession() !== null;
  const token = useLocation().query.get('token') ?? '';
  const [state, setState] = useState<'checking' | 'done' | string>('checking');
  useEffect(() => {
    call(publicApi.auth['verify-email'].$post({ json: { token } })).then(
      () => setState('done'),
      (err: Error) => setState(err.message),
    );
  }, [publicApi, token]);
  return (
    <AuthLayout
      title="Confirm your email"
      error={state !== 'checking' && state !== 'done' ? state : null}
    >
      {state === 'checking' && <p>Checking the link…</p>}
      {state === 'done' && (
        <p>
          Your email is confirmed.{' '}
          {signedIn ? (
            <Link to="/invitations">See your invitations</Link>
          ) : (
            <Link to="/">Sign in</Link>
          )}
        </p>
      )}
    </AuthLayout>
  );
}
