import { type ReactNode, useState } from 'react';
import { formFields, useAction } from '../use-action';

/**
 * A button that opens a one-line form; submitting runs `onSubmit` with the named fields and
 * closes it, or shows the error.
 */
export function InlineForm({
  label,
  children,
  onSubmit,
}: {
  label: string;
  children: ReactNode;
  onSubmit: (fields: Record<string, string>) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const { busy, error, act } = useAction(async (fields: Record<string, string>) => {
    await onSubmit(fields);
    setOpen(false);
  });
  if (!open)
    return (
      <button type="button" className="inline-form-open" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <form className="inline-form" aria-label={label} onSubmit={(e) => void act(formFields(e))}>
      {children}
      <button type="submit" disabled={busy}>
        {label}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
