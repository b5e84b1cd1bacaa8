// Our custom fields on Stream objects, typed through stream-chat's augmentation interfaces.
declare module 'stream-chat' {
  interface CustomChannelData {
    tenant_id?: string;
    description?: string;
    name?: string;
  }
}

export {};
