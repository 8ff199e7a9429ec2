import { DataSource, DataSourceOptions } from 'typeorm';

export function dataSourceOptions(databaseUrl: string, entities: Function[], migrations: Function[]): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: 5, application_name: 'dondoc-orm' },
  };
}

/** Runs every pending migration; safe to call from several processes (TypeORM takes a lock). */
export async function runMigrations(databaseUrl: string, entities: Function[], migrations: Function[]): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, entities, migrations));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
