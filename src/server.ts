/** Entry only: build the app, listen, close gracefully. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';

export async function serve(config: Config, onListening?: (url: string) => void): Promise<void> {
  const app = await buildApp(config);
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  onListening?.(config.publicUrl);
}
