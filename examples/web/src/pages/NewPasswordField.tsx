/** A new password's input (`name="password"`), with the API's minimum length (8). */
export function NewPasswordField({ label }: { label: string }) {
  return (
    <label>
      {label}{' '}
      <input name="password" type="password" autoComplete="new-password" minLength={8} required />
    </label>
  );
}
