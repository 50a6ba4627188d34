/**
 * E-mail bookkeeping around the outbox: the address's hash (one normal form, so "A@x.kg" and
 * "a@x.kg" are one recipient), delivery reports from the mail server, and paused addresses. A hard
 * bounce or a complaint pauses an address: the sender refuses it before connecting, so a dead or
 * unwilling mailbox does not hurt the deployment's sender reputation. A soft bounce is only counted.
 */
import type { Config } from '../../../config.ts';
import type { Database, Trx } from '../../../db/database.ts';
import { newId } from '../../../shared/ids.ts';
import { nowIso } from '../../../shared/time.ts';
import { addressHash } from '../channel-crypto.ts';
import type { DeliveryReport } from './email-reports.ts';

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

export class EmailService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
  ) {}

  /** Whether e-mail can be sent at all (SMTP configured). */
  get enabled(): boolean {
    return !!this.config.mail;
  }

  hashOf(address: string): string {
    return addressHash(this.config.sessionSecret, 'email', normaliseAddress(address));
  }

  async isPaused(address: string): Promise<boolean> {
    const row = await this.db.read
      .selectFrom('email_suppression')
      .select('reason')
      .where('address_hash', '=', this.hashOf(address))
      .executeTakeFirst();
    return !!row;
  }

  /** Records reports; returns how many addresses were paused by them. */
  async record(reports: DeliveryReport[]): Promise<{ recorded: number; paused: number }> {
    return this.db.write(async (trx) => {
      let paused = 0;
      for (const r of reports) {
        const hash = this.hashOf(r.recipient);
        await trx
          .insertInto('email_report')
          .values({ id: newId(), address_hash: hash, kind: r.kind, status: r.status, created_at: nowIso() })
          .execute();
        if (r.kind !== 'soft_bounce' && (await this.pause(trx, hash, r.kind))) paused++;
      }
      return { recorded: reports.length, paused };
    });
  }

  private async pause(trx: Trx, hash: string, reason: 'hard_bounce' | 'complaint'): Promise<boolean> {
    const known = await trx
      .selectFrom('email_suppression')
      .select('address_hash')
      .where('address_hash', '=', hash)
      .executeTakeFirst();
    if (known) return false;
    // Two reports for one address may race: the second insert is then a no-op, never an error.
    await trx
      .insertInto('email_suppression')
      .values({ address_hash: hash, reason, created_at: nowIso() })
      .onConflict((oc) => oc.column('address_hash').doNothing())
      .execute();
    return true;
  }

  /**
   * Lifts a pause when the owner proves the address works again (they clicked a link we sent to it
   * after asking for it themselves: sign-up, password reset, a new subscription).
   */
  async resume(trx: Trx, address: string): Promise<void> {
    await trx.deleteFrom('email_suppression').where('address_hash', '=', this.hashOf(address)).execute();
  }
}
