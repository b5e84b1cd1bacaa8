import type { ReactNode } from 'react';
import { navigate } from './router';

/** An in-app link: no page load. */
export function Link({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
