import { useServices } from '../context';
import { Link } from '../Link';
import { formFields, useAction } from '../use-action';
import { AuthLayout } from './AuthLayout';

export function SignIn() {
  const { session } = useServices();
  // Signed in, the app shows the page of this same address (an invitation's link, say).
  const { busy, error, act } = useAction((email: string, password: string) =>
    session.login(email, password),
  );
  return (
    <AuthLayout title="Sign in" error={error}>
      <form
        onSubmit={(e) => {
          const f = formFields(e);
          void act(f.email ?? '', f.password ?? '');
        }}
      >
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password{' '}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link> ·{' '}
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </AuthLayout>
  );
}
