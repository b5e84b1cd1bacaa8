import type { ReactNode } from 'react';

/** The frame of the pages outside the chat: a title, the content, an error line. */
export function AuthLayout({
  title,
  error,
  children,
}: {
  title: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <main className="page">
      <h1>{title}</h1>
      {children}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
