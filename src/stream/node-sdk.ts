/**
 * The stream-chat package as Node resolves it (its Node build), for Node tools and tests that build
 * a server client (./client.ts). Never imported by the Worker, whose bundle would then inline it.
 */
import type { StreamSdk } from './client';

export const nodeStreamSdk = (): Promise<StreamSdk> => import('stream-chat');
