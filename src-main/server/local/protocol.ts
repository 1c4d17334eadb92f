import type { ErrorShape, EventTopic } from '../../contract/index';

/** The first frame a client sends on the local socket. */
export interface CoreHello {
  hello: {
    token: string;
    /** Event topics to receive (default: every topic). */
    topics?: EventTopic[];
    /** Event topics not to receive (a CLI never wants terminal output). */
    exclude?: EventTopic[];
    /** 'cli' (default) or 'electron' for a window's relay. */
    door?: 'cli' | 'electron';
  };
}

/** Who the client attached to. */
export interface AttachedCore {
  ownerId: string;
  door: string;
  pid: number;
  version: string;
}

export type HelloReply =
  { welcome: { session: string; core: AttachedCore } } | { refused: ErrorShape };
