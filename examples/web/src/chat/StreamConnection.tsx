/**
 * Connects Stream's SDK as the signed-in user and provides it to the UI kit (`<Chat>`). The
 * Stream key and user come from our `GET /stream/token`; so does every later token, through the
 * token provider the SDK calls when a token expires or Stream refuses it (docs/api.md, "Stream
 * tokens follow the session").
 */
import { type ReactNode, useMemo } from 'react';
import { Chat, useCreateChatClient } from 'stream-chat-react';
import { call } from '../api';
import { useServices } from '../context';
import { useLoad } from '../use-load';

export function StreamConnection({ children }: { children: ReactNode }) {
  const { api } = useServices();
  const first = useLoad(() => call(api.stream.token.$get()), [api]);
  if (first.error) return <p className="error">Stream: {first.error}</p>;
  if (!first.data) return <p className="loading">Connecting…</p>;
  return <Connected first={first.data}>{children}</Connected>;
}

interface StreamToken {
  token: string;
  api_key: string;
  user_id: string;
}

function Connected({ first, children }: { first: StreamToken; children: ReactNode }) {
  const { api, config } = useServices();
  const tokenProvider = useMemo(() => {
    let unused: string | undefined = first.token;
    return async () => {
      const token = unused ?? (await call(api.stream.token.$get())).token;
      unused = undefined;
      return token;
    };
  }, [api, first]);
  const client = useCreateChatClient({
    apiKey: first.api_key,
    tokenOrProvider: tokenProvider,
    // The name and the rest are ours: the API keeps them in Stream.
    userData: { id: first.user_id },
    // Real Stream needs no baseURL; the local emulator does.
    options: config.streamBaseUrl ? { baseURL: config.streamBaseUrl } : undefined,
  });
  if (!client) return <p className="loading">Connecting…</p>;
  return (
    <Chat client={client} theme="str-chat__theme-light">
      {children}
    </Chat>
  );
}
