import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tokens_not_before`: bearer tokens of this user issued (JWT `iat`, whole seconds of wall time)
 * before it are refused. Set by a password change to the second after the change, so that every
 * token issued before it is refused, including one issued earlier in the same second; login then
 * issues tokens with an `iat` no lower than it. Credential state like the password hash: kept in
 * the mutable table, not in the user stream (whose `UserPasswordChanged` is in business time).
 */
export class IdentityTokenRevocation1734100000000 implements MigrationInterface {
  name = 'IdentityTokenRevocation1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_users ADD COLUMN tokens_not_before bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_users DROP COLUMN tokens_not_before`);
  }
}
