import { useServices } from '../context';
import { navigate, useLocation } from '../router';
import { formFields, useAction } from '../use-action';
import { AuthLayout } from './AuthLayout';
import { NewPasswordField } from './NewPasswordField';

/** The reset mail's link: `/reset-password?token=…`; signs in with the new password. */
export function ResetPassword() {
  const { session } = useServices();
  const token = useLocation().query.get('token') ?? '';
  const { busy, error, act } = useAction(async (password: string) => {
    await session.resetPassword(token, password);
    navigate('/');
  });
  return (
    <AuthLayout title="Choose a new password" error={error}>
      <form onSubmit={(e) => void act(formFields(e).password ?? '')}>
        <NewPasswordField label="New password" />
        <button type="submit" disabled={busy}>
          Save and sign in
        </button>
      </form>
    </AuthLayout>
  );
}
