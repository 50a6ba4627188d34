/** Vitest global setup: one PostgreSQL server for the whole run; each test file makes its own database. */
import type { TestProject } from 'vitest/node';
import { startPostgres, type RunningPostgres } from './postgres-server.ts';

let server: RunningPostgres | null = null;

export default async function setup(project: TestProject) {
  let url = process.env.ISHENIM_TEST_PG_URL;
  if (!url) {
    server = await startPostgres();
    url = server.url;
  }
  project.provide('pgUrl', url);
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
