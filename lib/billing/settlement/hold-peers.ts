// The other processes holding credits on the same accounts (holds.ts). When a process runs
// short on an account whose balance others hold without using it, it asks them — through Redis
// pub/sub, when REDIS_URL is set — to give their unused holds back, waits a moment, and grows
// again before answering 402. Without Redis there is no one to ask (one process, or instances
// that only share Postgres: their idle holds still come back after IDLE_RELEASE_MS).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { redisLink, type RedisLink } from "@/lib/redis";

export interface HoldPeers {
  /** Asks the others to release their unused holds on the account; true when it is worth growing again. */
  askToRelease(userId: string): Promise<boolean>;
  close(): void;
}

const CHANNEL = "switchyard:holds:release";
/** Time for the peers to hear the message and run their one release statement. */
const ANSWER_WAIT_MS = 100;

const message = z.object({ from: z.string(), userId: z.string() });

const NO_PEERS: HoldPeers = { askToRelease: async () => false, close: () => undefined };

/** This process's peers through its Redis link; `release` gives back this process's unused hold. */
export function processHoldPeers(release: (userId: string) => Promise<void>): HoldPeers {
  const link = redisLink();
  return link ? redisHoldPeers(link, release) : NO_PEERS;
}

export function redisHoldPeers(link: RedisLink, release: (userId: string) => Promise<void>): HoldPeers {
  const me = randomBytes(6).toString("hex");
  const unsubscribe = link.subscribe(CHANNEL, (raw) => {
    let m;
    try {
      m = message.parse(JSON.parse(raw));
    } catch {
      return;
    }
    if (m.from !== me) void release(m.userId);
  });
  return {
    askToRelease: async (userId) => {
      if (!link.up) return false;
      link.publish(CHANNEL, JSON.stringify({ from: me, userId }));
      await new Promise((resolve) => setTimeout(resolve, ANSWER_WAIT_MS));
      return true;
    },
    close: unsubscribe,
  };
}
