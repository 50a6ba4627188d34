/** Entry only: build the app, prepare its data, listen, close gracefully. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { formatDemoSummary } from './demo/demo.ts';
import { prepareData } from './startup.ts';

export async function serve(config: Config): Promise<void> {
  const app = await buildApp(config);
  const demo = await prepareData(app.ctx);
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  // With PORT=0 the OS picks the port: report the real one.
  const port = new URL(address).port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  process.stdout.write(demo ? formatDemoSummary(url, demo) + '\n' : `\nIshenim is running at ${url}\n`);
}
