import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { Limits, Reservation, SignInAttemptsRepository } from './sign-in-attempts.repository';

/** At most this many failed password checks per login, and per client address, in any window. */
export const PER_LOGIN = 5;
export const PER_ADDRESS = 20;
export const WINDOW_MS = 15 * 60 * 1000;

/** One password check the throttle let through: settle it with `failed` or `succeeded`. */
export interface Slot {
  id: string;
  login: string;
  ip: string;
  /** What is being tried, for the audit trail: `sign-in` or `change-password`. */
  what: string;
}

/**
 * Failed password checks, counted in PostgreSQL (sign_in_attempt) per login and per address in a sliding
 * window, for every process at once. A slot is reserved before the password is checked, under a lock, so
 * that no more than 5 failures per login (20 per address) are ever checked, however many arrive at once;
 * the rest are refused (429) unchecked. A right password is refused too when the login is locked, or when
 * a burst arrived while it was being checked (docs: README, "Users and sign-in").
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly attempts: SignInAttemptsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  /** A slot for one password check, or 429 (recorded in the audit trail) when the login or the address is locked. */
  async admit(actor: Actor, what: string, login: string, address: string): Promise<Slot> {
    const ip = address.slice(0, 64);
    const reservation = await this.reserve(login, ip);
    if (reservation.outcome === 'pending') return { id: reservation.id, login, ip, what };
    const seconds = this.retryAfterSeconds(reservation);
    await this.audit.record(actor, `${what}-refused`, 'user', null, {
      login,
      lockedBy: reservation.loginFullSince ? 'login' : 'address',
      retryAfterSeconds: seconds,
    });
    throw tooMany(seconds);
  }

  /** A wrong password: counted; the failure that locks the login or the address is recorded as a lockout. */
  @Transactional(Propagation.RequiresNew)
  async failed(slot: Slot, actor: Actor, userId: string | null, reason: string): Promise<void> {
    await this.attempts.lock(slot.login, slot.ip);
    await this.attempts.settle(slot.id, 'failed');
    const failures = await this.attempts.failures(slot.login, slot.ip, this.limits().since);
    await this.audit.record(actor, `${slot.what}-failed`, 'user', userId, { login: slot.login, reason });
    const lockedBy = failures.login === PER_LOGIN ? 'login' : failures.address === PER_ADDRESS ? 'address' : null;
    if (lockedBy) {
      await this.audit.record(actor, 'sign-in-locked', 'user', userId, { login: slot.login, lockedBy, failures: failures[lockedBy] });
    }
  }

  /**
   * A right password: it stands (and clears the login's earlier failures) unless, counting what arrived
   * while it was being checked, the login is locked; then 429, recorded.
   */
  async succeeded(slot: Slot, actor: Actor, userId: string): Promise<void> {
    if (await this.settleSuccess(slot)) return;
    await this.audit.record(actor, `${slot.what}-refused`, 'user', userId, {
      login: slot.login,
      lockedBy: 'login',
      retryAfterSeconds: WINDOW_MS / 1000,
    });
    throw tooMany(WINDOW_MS / 1000);
  }

  @Transactional(Propagation.RequiresNew)
  private async reserve(login: string, ip: string): Promise<Reservation> {
    const limits = this.limits();
    await this.attempts.lock(login, ip);
    await this.attempts.prune(login, ip, limits.since);
    return this.attempts.reserve(login, ip, this.clock.now(), limits);
  }

  @Transactional(Propagation.RequiresNew)
  private async settleSuccess(slot: Slot): Promise<boolean> {
    await this.attempts.lock(slot.login, slot.ip);
    if ((await this.attempts.against(slot.login, slot.id, this.limits().since)) >= PER_LOGIN) {
      await this.attempts.settle(slot.id, 'refused');
      return false;
    }
    await this.attempts.settle(slot.id, 'succeeded');
    await this.attempts.forgive(slot.login, slot.id);
    return true;
  }

  private limits(): Limits {
    return { perLogin: PER_LOGIN, perAddress: PER_ADDRESS, since: new Date(this.clock.now().getTime() - WINDOW_MS) };
  }

  /** Until the oldest attempt that fills the login's (or the address's) window leaves it. */
  private retryAfterSeconds(r: Extract<Reservation, { outcome: 'refused' }>): number {
    const until = Math.max(...[r.loginFullSince, r.addressFullSince].map((d) => (d ? d.getTime() + WINDOW_MS : 0)));
    return Math.max(1, Math.ceil((until - this.clock.now().getTime()) / 1000));
  }
}

/** The throttle's answer: how long to wait, in whole minutes. */
function tooMany(seconds: number): HttpException {
  return new HttpException(
    { message: `密码错误次数太多，请 ${Math.ceil(seconds / 60)} 分钟后再试`, code: 'TOO_MANY_REQUESTS' },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
