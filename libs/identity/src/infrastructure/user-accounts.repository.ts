import { Inject, Injectable } from '@nestjs/common';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { PG_POOL } from '@dondoc/platform/database/pg-pool';
import { UserRole } from '../domain/user.events';

export interface UserAccountRow {
  user_id: string;
  username: string;
  display_name: string;
  role: UserRole;
  agency: string | null;
  password_hash: string;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** Tokens with an `iat` (seconds) below this are refused; null: never revoked. */
  tokens_not_before: number | null;
}

/** A user as lists show it: never the password hash. */
export interface UserSummary {
  userId: string;
  username: string;
  displayName: string;
  role: UserRole;
  agency: string | null;
  disabled: boolean;
  createdAt: string;
  version: number;
}

export const toUserSummary = (row: UserAccountRow): UserSummary => ({
  userId: row.user_id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  agency: row.agency,
  disabled: row.disabled_at !== null,
  createdAt: row.created_at.toISOString(),
  version: row.version,
});

const UNIQUE_VIOLATION = '23505';

/** The `identity_users` table: credentials and the user-name index (see identity.migration.ts). */
@Injectable()
export class UserAccounts {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findByUsername(username: string): Promise<UserAccountRow | null> {
    const result = await this.pool.query<UserAccountRow>('SELECT * FROM identity_users WHERE username = $1', [username]);
    return result.rows[0] ?? null;
  }

  async findById(userId: string): Promise<UserAccountRow | null> {
    const result = await this.pool.query<UserAccountRow>('SELECT * FROM identity_users WHERE user_id = $1', [userId]);
    return result.rows[0] ?? null;
  }

  /**
   * What a request with this user's token must check: locked, and the oldest token issue time
   * still accepted. Unknown ids (operators' `token`) pass: nothing to check.
   */
  async tokenStatus(userId: string): Promise<{ disabled: boolean; tokensNotBefore: number | null }> {
    const result = await this.pool.query<{ disabled: boolean; tokens_not_before: number | null }>(
      'SELECT disabled_at IS NOT NULL AS disabled, tokens_not_before FROM identity_users WHERE user_id = $1',
      [userId],
    );
    const row = result.rows[0];
    return { disabled: row?.disabled ?? false, tokensNotBefore: row?.tokens_not_before ?? null };
  }

  async list(offset: number, limit: number): Promise<{ total: number; users: UserSummary[] }> {
    const [rows, count] = await Promise.all([
      this.pool.query<UserAccountRow>('SELECT * FROM identity_users ORDER BY username OFFSET $1 LIMIT $2', [offset, limit]),
      this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_users'),
    ]);
    return { total: count.rows[0].n, users: rows.rows.map(toUserSummary) };
  }

  /** Runs `work` in one transaction: the table row and the user events commit together. */
  async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Inserts a new account; returns which unique key was taken, if any. */
  async insert(
    client: PoolClient,
    row: Omit<UserAccountRow, 'disabled_at' | 'updated_at' | 'tokens_not_before'>,
  ): Promise<'ok' | 'username_taken' | 'user_exists'> {
    try {
      await client.query('SAVEPOINT insert_user');
      await client.query(
        `INSERT INTO identity_users (user_id, username, display_name, role, agency, password_hash, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
        [row.user_id, row.username, row.display_name, row.role, row.agency, row.password_hash, row.created_at, row.version],
      );
      await client.query('RELEASE SAVEPOINT insert_user');
      return 'ok';
    } catch (error) {
      if (error instanceof DatabaseError && error.code === UNIQUE_VIOLATION) {
        await client.query('ROLLBACK TO SAVEPOINT insert_user');
        return error.constraint === 'identity_users_username_key' ? 'username_taken' : 'user_exists';
      }
      throw error;
    }
  }

  /** A new password; tokens issued before `tokensNotBefore` (seconds) stop working. */
  async setPassword(client: PoolClient, userId: string, passwordHash: string, at: Date, version: number, tokensNotBefore: number): Promise<void> {
    await client.query(
      'UPDATE identity_users SET password_hash = $2, updated_at = $3, version = $4, tokens_not_before = $5 WHERE user_id = $1',
      [userId, passwordHash, at, version, tokensNotBefore],
    );
  }

  async setDisabled(client: PoolClient, userId: string, at: Date, version: number): Promise<void> {
    await client.query('UPDATE identity_users SET disabled_at = $2, updated_at = $2, version = $3 WHERE user_id = $1', [
      userId,
      at,
      version,
    ]);
  }
}
