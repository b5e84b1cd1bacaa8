import { ChatPage } from './chat/ChatPage';
import { useSession } from './context';
import { ForgotPassword } from './pages/ForgotPassword';
import { Invitations } from './pages/Invitations';
import { Register } from './pages/Register';
import { ResetPassword } from './pages/ResetPassword';
import { SignIn } from './pages/SignIn';
import { VerifyEmail } from './pages/VerifyEmail';
import { useLocation } from './router';

/** The page for the current path: the mails' links first, then the signed-in pages. */
export function App() {
  const { path } = useLocation();
  const session = useSession();
  if (path === '/verify-email') return <VerifyEmail />;
  if (path === '/reset-password') return <ResetPassword />;
  if (path === '/forgot-password') return <ForgotPassword />;
  if (path === '/register') return session ? <Invitations /> : <Register />;
  if (!session) return <SignIn />;
  if (path === '/invitations') return <Invitations />;
  return <ChatPage session={session} />;
}
