import type { AwsAccount } from '../../contract';
import type { Db } from './database';

interface AccountRow {
  id: string;
  name: string;
  auth: AwsAccount['auth'];
  profile: string | null;
  access_key_id: string | null;
  secret_ref: string | null;
  endpoint: string | null;
  default_region: string;
  created_at: string;
  updated_at: string;
}

function fromRow(row: AccountRow): AwsAccount {
  return {
    id: row.id,
    name: row.name,
    auth: row.auth,
    ...(row.profile ? { profile: row.profile } : {}),
    ...(row.access_key_id ? { accessKeyId: row.access_key_id } : {}),
    ...(row.secret_ref ? { secretRef: row.secret_ref } : {}),
    ...(row.endpoint ? { endpoint: row.endpoint } : {}),
    defaultRegion: row.default_region,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** AWS accounts. Holds the vault reference of a secret key, never the key. */
export class AwsAccountsRepo {
  constructor(private readonly db: Db) {}

  all(): AwsAccount[] {
    const rows = this.db
      .prepare('SELECT * FROM aws_accounts ORDER BY name COLLATE NOCASE')
      .all() as AccountRow[];
    return rows.map(fromRow);
  }

  byId(id: string): AwsAccount | undefined {
    const row = this.db.prepare('SELECT * FROM aws_accounts WHERE id = ?').get(id) as
      AccountRow | undefined;
    return row && fromRow(row);
  }

  byName(name: string): AwsAccount | undefined {
    const row = this.db
      .prepare('SELECT * FROM aws_accounts WHERE name = ? COLLATE NOCASE')
      .get(name) as AccountRow | undefined;
    return row && fromRow(row);
  }

  insert(account: AwsAccount): void {
    this.db
      .prepare(
        `INSERT INTO aws_accounts (id, name, auth, profile, access_key_id, secret_ref, endpoint,
           default_region, created_at, updated_at)
         VALUES (@id, @name, @auth, @profile, @access_key_id, @secret_ref, @endpoint,
           @default_region, @created_at, @updated_at)`,
      )
      .run({
        id: account.id,
        name: account.name,
        auth: account.auth,
        profile: account.profile ?? null,
        access_key_id: account.accessKeyId ?? null,
        secret_ref: account.secretRef ?? null,
        endpoint: account.endpoint ?? null,
        default_region: account.defaultRegion,
        created_at: account.createdAt,
        updated_at: account.updatedAt,
      } satisfies AccountRow);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM aws_accounts WHERE id = ?').run(id).changes > 0;
  }
}
