import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Failed sign-ins are counted per login name and per client address in a
 * sliding window; past the limit, sign-in is refused (429) until the window
 * passes, even with the right password. In memory: one process, reset on restart.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perLogin = 5,
    private readonly perIp = 20,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  assertAllowed(login: string, ip: string): void {
    const waits = [this.waitMs(`login:${login}`, this.perLogin), this.waitMs(`ip:${ip}`, this.perIp)];
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new HttpException(
        { message: `too many failed sign-ins; try again in ${Math.ceil(wait / 60000)} minute(s)` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  recordFailure(login: string, ip: string): void {
    for (const key of [`login:${login}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(login: string): void {
    this.failures.delete(`login:${login}`);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }

  private waitMs(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit] + this.windowMs - this.now();
  }
}
