// A per-shop token bucket in process memory. Hand-written because it is a dozen lines and the app has no
// shared cache to lean on; with several web processes each enforces its own bucket, which still bounds
// what one shop's admin (or a script with its session tokens) can make us spend in Shopify's API and our
// database. Time comes from an injected clock so tests never sleep.

export interface RateLimiter {
  /** Takes `cost` tokens from the shop's bucket; returns the seconds to wait when there are not enough. */
  take(shop: string, cost?: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: { capacity: number; refillPerSecond: number; now?: () => number; maxShops?: number }): RateLimiter {
  const now = options.now ?? Date.now;
  const maxShops = options.maxShops ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(shop, cost = 1) {
      const time = now();
      const bucket = buckets.get(shop) ?? { tokens: options.capacity, at: time };
      bucket.tokens = Math.min(options.capacity, bucket.tokens + ((time - bucket.at) / 1000) * options.refillPerSecond);
      bucket.at = time;
      buckets.delete(shop);
      // Oldest-touched shops go first when the map is full (Map keeps insertion order).
      if (buckets.size >= maxShops) buckets.delete(buckets.keys().next().value as string);
      buckets.set(shop, bucket);
      if (bucket.tokens < cost) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / options.refillPerSecond)) };
      bucket.tokens -= cost;
      return { allowed: true };
    },
  };
}
