import { useServices } from '../context';
import { Link } from '../Link';
import { navigate, useLocation } from '../router';
import { formFields, useAction } from '../use-action';
import { AuthLayout } from './AuthLayout';
import { NewPasswordField } from './NewPasswordField';

/** Sign up; an invitation mail's link (`/register?invitation_id=…&email=…`) fills in the email. */
export function Register() {
  const { session } = useServices();
  const { query } = useLocation();
  const invited = query.has('invitation_id');
  const { busy, error, act } = useAction(async (f: Record<string, string>) => {
    await session.register(f.name ?? '', f.email ?? '', f.password ?? '');
    navigate(invited ? '/invitations' : '/');
  });
  return (
    <AuthLayout title="Create an account" error={error}>
      {invited && (
        <p>You were invited: sign up with this address, then confirm it from your mail.</p>
      )}
      <form onSubmit={(e) => void act(formFields(e))}>
        <label>
          Name <input name="name" autoComplete="name" required />
        </label>
        <label>
          Email{' '}
          <input
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={query.get('email') ?? ''}
            required
          />
        </label>
        <NewPasswordField label="Password" />
        <button type="submit" disabled={busy}>
          Sign up
        </button>
      </form>
      <p>
        Have an account? <Link to="/">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
